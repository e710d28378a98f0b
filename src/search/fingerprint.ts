// Names an error by its template, so errors that differ only in run data share one key, one fingerprint, one lookup.
import { createHash } from 'node:crypto';
import { informativeLine } from './message.js';
import { RUN_DATA_MARK, detached, templateText } from './tokens.js';

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
 * redaction (nothing of it is sent), no hashing. It holds no view of the message, so it may be kept.
 * `slots`, when given, receives where words that may be ids of letters only stand in the key.
 */
export function errorKey(parts: KeyParts, slots?: number[]): string {
  let key = `${detached(parts.name)}${SEPARATOR}${detached(parts.code)}${SEPARATOR}`;
  const offset = key.length;
  const lineSlots: number[] | undefined = slots ? [] : undefined;
  key += templateText(lineOf(parts.message), lineSlots);
  if (slots && lineSlots) for (const at of lineSlots) slots.push(at + offset);
  const { cause } = parts;
  if (cause) key += `${SEPARATOR}${detached(cause.name)}${SEPARATOR}${detached(cause.code)}${SEPARATOR}${templateText(lineOf(cause.message))}`;
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
 * Known errors by key, at most `max` keys, the least recently seen dropped first. Two Maps, each of
 * half the size, rather than an LRU package: this sits on the request path, where a lookup must cost
 * a hash of the key and no more. When the newer Map is full it becomes the older one and the older
 * is dropped; a key found in the older one moves to the newer one.
 *
 * It also learns where a template holds ids. An id of letters only (`kxqzmabf`: one base36 id in
 * fourteen) reads as a word; but when the same template with `#` in that word's place is known (other
 * occurrences carried ids with digits there), it is that error. Either may come first: a key stored
 * with words that may be ids is also stored under each variant with one of them as `#` (an alias),
 * which a key with `#` there finds, or a word with digits there (`lxtmbx47`); another word never
 * does, so `Request failed` and `Request aborted` stay two errors.
 */
export class TemplateBook<V> {
  #newer = new Map<string, { readonly value: V; alias: boolean }>();
  #older = new Map<string, { readonly value: V; alias: boolean }>();
  readonly #half: number;

  constructor(max: number) {
    this.#half = Math.max(1, Math.floor(max / 2));
  }

  /** Keys held, aliases included (at most `max`). */
  get size(): number {
    return this.#newer.size + this.#older.size;
  }

  /**
   * The entry for `key`, or with `slots` (from `errorKey`: where words that may be ids stand in it),
   * for the key with one of them as `#`. Returns the key the entry is known by.
   */
  find(key: string, slots?: readonly number[]): { readonly key: string; readonly value: V } | undefined {
    const entry = this.#get(key);
    if (entry) {
      // A key with `#` where an alias has it: that template is real now, and other words may find it.
      entry.alias = false;
      return { key, value: entry.value };
    }
    if (!slots || slots.length === 0) return undefined;
    const all = variants(key, slots);
    for (const [index, variant] of all.entries()) {
      const found = this.#get(variant);
      // An alias (a word in that place before) is taken only for a word with digits, nearly an id itself.
      if (found && (!found.alias || /\d/.test(key.slice(slots[index * 2], slots[index * 2 + 1])))) return { key: variant, value: found.value };
    }
    return undefined;
  }

  /** Stores `value` for `key` and, with `slots`, for each variant of it not known yet. */
  set(key: string, value: V, slots?: readonly number[]): void {
    this.#put(key, { value, alias: false });
    if (slots) for (const variant of variants(key, slots)) if (!this.#get(variant)) this.#put(variant, { value, alias: true });
  }

  delete(key: string): void {
    this.#newer.delete(key);
    this.#older.delete(key);
  }

  /** Each value once (aliases left out). */
  values(): V[] {
    return [...this.#older.values(), ...this.#newer.values()].flatMap((entry) => (entry.alias ? [] : [entry.value]));
  }

  #get(key: string): { readonly value: V; alias: boolean } | undefined {
    const entry = this.#newer.get(key);
    if (entry) return entry;
    const older = this.#older.get(key);
    if (older) {
      this.#older.delete(key);
      this.#put(key, older);
    }
    return older;
  }

  #put(key: string, entry: { readonly value: V; alias: boolean }): void {
    this.#newer.set(key, entry);
    if (this.#newer.size >= this.#half) {
      this.#older = this.#newer;
      this.#newer = new Map();
    }
  }
}

/** `key` with each slot in turn as `#`. */
function variants(key: string, slots: readonly number[]): string[] {
  const found: string[] = [];
  for (let i = 0; i + 1 < slots.length; i += 2) found.push(`${key.slice(0, slots[i])}${RUN_DATA_MARK}${key.slice(slots[i + 1])}`);
  return found;
}
