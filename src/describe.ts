// Turns any thrown value into a small, safe description, reading it defensively; null when it cannot.
import { type KeyParts, errorKey } from './search/fingerprint.js';
import { stripControls } from './sanitize.js';
import { detached } from './search/tokens.js';

/** What soet knows about a thrown value: plain strings, bounded in length, free of control codes. */
export interface ErrorDescription {
  /** The error's name, e.g. `TypeError`; `Error` when the value has none. */
  readonly name: string;
  /** The whole message, capped at 2,000 characters. */
  readonly message: string;
  /** A string code such as `ERR_HTTP_HEADERS_SENT` or `ECONNREFUSED`, from the error or its causes. */
  readonly code?: string;
  /** The stack trace as the error reports it, capped at 16 KB. */
  readonly stack?: string;
  /** The error's `cause` chain, nearest first (at most five), for causes with a message or a code. */
  readonly causes?: readonly ErrorCause[];
}

/** One error along a `cause` chain: `TypeError: fetch failed` is caused by `connect ECONNREFUSED ...`. */
export interface ErrorCause {
  readonly name: string;
  /** Capped at 2,000 characters. */
  readonly message: string;
  /** The cause's own code, when it has one. */
  readonly code?: string;
}

const MAX_MESSAGE = 2_000;
const MAX_STACK = 16_000;
/** The longest `cause` chain read below an error. */
export const MAX_CAUSES = 5;
const CODE = /^[A-Za-z][A-Za-z0-9_]{1,63}$/;
const NAME = /^[A-Za-z_$][\w$.:-]{0,63}$/;

/** Reads `object[key]`, undefined for a value that is not an object or when a getter or Proxy trap throws. */
export function read(object: unknown, key: PropertyKey): unknown {
  if (object === null || (typeof object !== 'object' && typeof object !== 'function')) return undefined;
  try {
    return (object as Record<PropertyKey, unknown>)[key];
  } catch {
    return undefined;
  }
}

/** `text` without the run of non-space characters at its end (a loop: a regex would be quadratic). */
function withoutLastWord(text: string): string {
  let end = text.length;
  while (end > 0 && !/\s/.test(text.charAt(end - 1))) end -= 1;
  return text.slice(0, end);
}

/** The string value of `value` if it is a primitive string or finite number, capped; else undefined. */
function text(value: unknown, max: number): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  // Cut before cleaning: a 1 MB message costs no more than a 2 KB one. A cut drops the word it
  // falls in, since half a secret would no longer match the rule that removes it. Detached: a
  // description that kept a view of a 1 MB message would keep the message alive.
  return detached(stripControls(value.length > max ? withoutLastWord(value.slice(0, max)) : value));
}

/** The value's own string `code` (`ECONNREFUSED`, `ERR_X`) when it reads as one; else undefined. */
export function codeOf(value: unknown): string | undefined {
  const code = read(value, 'code');
  return typeof code === 'string' && CODE.test(code) ? detached(code) : undefined;
}

/** The first string code along the error's cause chain, bounded and safe against cycles. */
function codeAlongCauses(error: object): string | undefined {
  let current: unknown = error;
  const seen = new Set<unknown>();
  for (let depth = 0; depth <= MAX_CAUSES; depth += 1) {
    if (current === null || typeof current !== 'object' || seen.has(current)) return undefined;
    seen.add(current);
    const code = codeOf(current);
    if (code) return code;
    current = read(current, 'cause');
  }
  return undefined;
}

/** The causes along the chain below `error` that say something, bounded and safe against cycles. */
function causesOf(error: object): ErrorCause[] {
  const causes: ErrorCause[] = [];
  const seen = new Set<unknown>([error]);
  let current = read(error, 'cause');
  for (let depth = 0; depth < MAX_CAUSES && current !== null && typeof current === 'object' && !seen.has(current); depth += 1) {
    seen.add(current);
    const message = text(read(current, 'message'), MAX_MESSAGE)?.trim() ?? '';
    const rawName = text(read(current, 'name'), 64)?.trim();
    const code = codeOf(current);
    if (message || code) causes.push({ name: rawName && NAME.test(rawName) ? rawName : 'Error', message, ...(code === undefined ? {} : { code }) });
    current = read(current, 'cause');
  }
  return causes;
}

/**
 * Describes a thrown value, or returns null when there is nothing safe to search for (numbers,
 * symbols, null, objects without a readable message, values that throw when touched).
 * Never throws.
 */
export function describe(thrown: unknown, options: { readonly stack?: boolean } = {}): ErrorDescription | null {
  try {
    if (typeof thrown === 'string') {
      const message = text(thrown, MAX_MESSAGE)?.trim();
      return message ? { name: 'Error', message } : null;
    }
    if (thrown === null || (typeof thrown !== 'object' && typeof thrown !== 'function')) return null;

    const message = text(read(thrown, 'message'), MAX_MESSAGE)?.trim() ?? '';
    const rawName = text(read(thrown, 'name'), 64)?.trim();
    const name = rawName && NAME.test(rawName) ? rawName : 'Error';
    const code = codeAlongCauses(thrown);
    if (!message && !code) return null;

    // Reading `stack` makes V8 format it: skipped where only the identity of the error matters.
    const stack = options.stack === false ? undefined : text(read(thrown, 'stack'), MAX_STACK);
    const causes = causesOf(thrown);
    return {
      name,
      message,
      ...(code === undefined ? {} : { code }),
      ...(stack === undefined ? {} : { stack }),
      ...(causes.length === 0 ? {} : { causes }),
    };
  } catch {
    return null;
  }
}

/** A string property of a value, cut to `max`, or '' (numbers, objects and throwing getters give ''). */
function rawText(object: object, key: string, max: number): string {
  const value = read(object, key);
  return typeof value === 'string' ? (value.length > max ? value.slice(0, max) : value) : '';
}

/**
 * The parts of a thrown value its key is made of, as the value holds them: name, code, message (the
 * first 2,000 characters) and its nearest cause's. Undefined for values without a string message or
 * code, or that throw when read. No cleaning, no stack.
 */
export function keyPartsOf(thrown: unknown): KeyParts | undefined {
  try {
    if (typeof thrown === 'string') return { name: 'Error', code: '', message: thrown };
    if (thrown === null || (typeof thrown !== 'object' && typeof thrown !== 'function')) return undefined;
    const message = rawText(thrown, 'message', MAX_MESSAGE);
    const code = rawText(thrown, 'code', 64);
    if (!message && !code) return undefined;
    const cause = read(thrown, 'cause');
    const causeParts =
      cause !== null && typeof cause === 'object' ? { name: rawText(cause, 'name', 64), code: rawText(cause, 'code', 64), message: rawText(cause, 'message', MAX_MESSAGE) } : undefined;
    return { name: rawText(thrown, 'name', 64), code, message, cause: causeParts };
  } catch {
    return undefined;
  }
}

/**
 * The key of "the same error again", the cheap way: name, code and the template of the message (and
 * of the nearest cause) as the value holds them, run data of every form as `#`; no cleaning, no
 * redaction, no stack, no hash (see `errorKey`). Undefined for values without a string message or code.
 * `slots` receives where words that may be ids of letters only stand in it (see `TemplateBook`).
 */
export function identityKey(thrown: unknown, slots?: number[]): string | undefined {
  const parts = keyPartsOf(thrown);
  return parts && errorKey(parts, slots);
}
