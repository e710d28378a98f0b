// Names an error by its template, so errors that differ only in run data share one key, one fingerprint, one lookup.
import { createHash } from 'node:crypto';
import { informativeLine } from './message.js';
import { RUN_DATA_MARK, templateText } from './tokens.js';

/** What of a message is read: as much as a description keeps, and of its informative line as much as a plan reads. */
const MAX_MESSAGE = 2_000;
const MAX_LINE = 1_000;

/** The parts of an error its key is made of, as the thrown value holds them (nothing redacted). */
export interface KeyParts {
  readonly name: string;
  readonly code: string;
  readonly message: string;
  /** The nearest cause: a vague `fetch failed` is told apart by what caused it. */
  readonly cause?: { readonly name: string; readonly code: string; readonly message: string } | undefined;
}

/** The line of `message` that names the failure, cut to MAX_LINE: one line is taken as it is. */
function lineOf(message: string): string {
  const head = message.length > MAX_MESSAGE ? message.slice(0, MAX_MESSAGE) : message;
  const first = head.charCodeAt(0);
  // A JSON list of issues, or a message that starts with a blank, needs the informative line's rules.
  const plain = head.indexOf('\n') === -1 && first !== 91 && first !== 123;
  const line = plain ? head : informativeLine(head);
  return line.length > MAX_LINE ? line.slice(0, MAX_LINE) : line;
}

const SEPARATOR = '\u0000';

/**
 * The key of an error: its name, code and the template of its informative line (of its nearest
 * cause's too), run data of every form as `#`. One linear pass over at most 2,000 characters; no
 * redaction (nothing of it is sent), no hashing. It may point into the message: `TemplateBook` keeps a copy.
 * `slots`, when given, receives where words that may be ids of letters only stand in the key.
 */
export function errorKey(parts: KeyParts, slots?: number[]): string {
  let key = `${parts.name}${SEPARATOR}${parts.code}${SEPARATOR}`;
  const offset = key.length;
  const lineSlots: number[] | undefined = slots ? [] : undefined;
  key += templateText(lineOf(parts.message), lineSlots);
  if (slots && lineSlots) for (const at of lineSlots) slots.push(at + offset);
  const { cause } = parts;
  if (cause) key += `${SEPARATOR}${cause.name}${SEPARATOR}${cause.code}${SEPARATOR}${templateText(lineOf(cause.message))}`;
  return key;
}

/**
 * The fingerprint of an error for these settings: its key, the site and the configured tags, hashed
 * (it names cache entries on disk). Tags read from the stack are left out, so an error is known
 * again without reading its stack.
 */
export function fingerprint(site: string, tags: readonly string[], key: string): string {
  return createHash('sha256')
    .update(JSON.stringify([site, [...tags].sort(), key]))
    .digest('hex')
    .slice(0, 20);
}

/** The readable part of a key, for labels: `TypeError: User # not found`. */
export function keyLabel(key: string): string {
  const [name = '', , template = ''] = key.split(SEPARATOR, 3);
  return template ? `${name}: ${template}` : name;
}

/**
 * A copy of `text` that shares no memory with it: a key made of cuts of a message (V8 keeps a cut of
 * 13 characters or more as a view of the whole) would otherwise keep a 1 MB message alive.
 */
function flatCopy(text: string): string {
  return Buffer.from(text, 'utf16le').toString('utf16le');
}

/**
 * Known errors by key, at most `max` keys, the least recently seen dropped first. A Map, not an LRU
 * package: this sits on the request path, where a lookup must cost a hash of the key and no more.
 *
 * It also learns where a template holds ids. An id of letters only (`kxqzmabf`: one base36 id in
 * fourteen) reads as a word; but when the same template with `#` in that word's place is known (other
 * occurrences carried ids with digits there), it is that error. Either may come first: a key stored
 * with words that may be ids is also stored under each variant with one of them as `#` (an alias),
 * which a key with `#` there finds; a variant of another word's key never does, so `Request failed`
 * and `Request aborted` stay two errors.
 */
export class TemplateBook<V> {
  readonly #entries = new Map<string, { readonly value: V; seen: number; alias: boolean }>();
  readonly #max: number;
  #clock = 0;

  constructor(max: number) {
    this.#max = max;
  }

  /** Keys held, aliases included (bounded by `max`). */
  get size(): number {
    return this.#entries.size;
  }

  /**
   * The entry for `key`, or with `slots` (from `errorKey`: where words that may be ids stand in it),
   * for the key with one of them as `#`. Returns the key the entry is known by.
   */
  find(key: string, slots?: readonly number[]): { readonly key: string; readonly value: V } | undefined {
    const entry = this.#entries.get(key);
    // A key with `#` where an alias has it: that template is real now, and other words may find it.
    if (entry?.alias) entry.alias = false;
    const exact = this.#touch(key);
    if (exact !== undefined || !slots) return exact === undefined ? undefined : { key, value: exact };
    for (const variant of variants(key, slots)) {
      const value = this.#entries.get(variant)?.alias === false ? this.#touch(variant) : undefined;
      if (value !== undefined) return { key: variant, value };
    }
    return undefined;
  }

  /** Stores `value` for `key` and, with `slots`, for each variant of it not known yet. */
  set(key: string, value: V, slots?: readonly number[]): void {
    this.#put(key, value, false);
    if (slots) for (const variant of variants(key, slots)) if (!this.#entries.has(variant)) this.#put(variant, value, true);
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }

  /** Each value once (aliases left out). */
  values(): V[] {
    return Array.from(this.#entries.values()).flatMap((entry) => (entry.alias ? [] : [entry.value]));
  }

  #put(key: string, value: V, alias: boolean): void {
    this.#entries.delete(key);
    this.#entries.set(flatCopy(key), { value, seen: (this.#clock += 1), alias });
    if (this.#entries.size > this.#max) this.#entries.delete(this.#entries.keys().next().value ?? '');
  }

  #touch(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    // Moved to the back only when it has drifted towards the front: most hits cost no Map write.
    if (this.#clock - entry.seen > this.#max / 2) {
      this.#entries.delete(key);
      entry.seen = this.#clock += 1;
      this.#entries.set(key, entry);
    }
    return entry.value;
  }
}

/** `key` with each slot in turn as `#`. */
function variants(key: string, slots: readonly number[]): string[] {
  const found: string[] = [];
  for (let i = 0; i + 1 < slots.length; i += 2) found.push(`${key.slice(0, slots[i])}${RUN_DATA_MARK}${key.slice(slots[i + 1])}`);
  return found;
}
