// Names an error by its template, so errors that differ only in run data share one key, one fingerprint, one lookup.
import { createHash } from 'node:crypto';
import { informativeLine } from './message.js';
import { type Mark, RUN_DATA_MARK, detached, sameTemplate, templateText } from './tokens.js';

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
export function errorKey(parts: KeyParts, slots?: number[], marks?: Mark[]): string {
  let key = `${detached(parts.name)}${SEPARATOR}${detached(parts.code)}${SEPARATOR}`;
  const offset = key.length;
  const lineSlots: number[] | undefined = slots ? [] : undefined;
  key += templateText(lineOf(parts.message), lineSlots, marks);
  if (slots && lineSlots) for (const at of lineSlots) slots.push(at + offset);
  const { cause } = parts;
  if (cause) key += `${SEPARATOR}${detached(cause.name)}${SEPARATOR}${detached(cause.code)}${SEPARATOR}${templateText(lineOf(cause.message))}`;
  return key;
}

/** A key worked out, with where words that may be ids of letters only stand in it (see `TemplateBook`). */
export interface KnownKey {
  readonly key: string;
  readonly slots: readonly number[];
}

interface Recent extends KnownKey {
  readonly name: string;
  readonly code: string;
  /** The message, a copy: it holds no view of a longer string. */
  readonly line: string;
  readonly marks: readonly Mark[];
  /** Its first two characters as one number when no run data stands in them, else -1 (see `headOf`). */
  readonly head: number;
}

/** The longest message kept to compare the next ones with. */
const MAX_RECENT_LINE = 500;

/**
 * The keys of the last few messages, each kept with the message and where its run data stands, so
 * that the same error with new ids costs a comparison with one of them (`sameTemplate`), not a
 * reading of the message (`errorKey`). The message last given is known by identity: a bug hit again
 * and again costs nothing more. Messages of one line up to 500 characters, without a cause, are kept;
 * others are read each time.
 */
export class RecentKeys {
  /** Kept messages without run data, by their text: only the same text has their template. */
  readonly #plain = new Map<string, Recent>();
  /** Kept messages with run data, compared in turn. */
  readonly #recent: (Recent | undefined)[];
  /** Where the next one with run data is kept (the oldest goes), and the one that matched last, tried first. */
  #next = 0;
  #hit = 0;
  /** The message last given, as given (one only: V8 may hold it as a view of a longer string). */
  #lastMessage: string | undefined;
  #last: Recent | undefined;

  constructor(size: number) {
    this.#recent = Array.from({ length: Math.max(1, size) }, () => undefined);
  }

  /** The key of `parts` and its slots, as `errorKey` gives them. */
  keyOf(parts: KeyParts): KnownKey {
    const { message, name, code } = parts;
    // A message that matches a kept one is a plain line like it (`sameTemplate` lets no newline through).
    const comparable = !parts.cause && message.length <= MAX_RECENT_LINE && !opensList(message);
    if (comparable) {
      const last = this.#last;
      if (last && message === this.#lastMessage && name === last.name && code === last.code) return last;
      const found = this.#find(parts);
      if (found) return this.#remember(message, found);
    }
    const slots: number[] = [];
    const marks: Mark[] = [];
    const key = errorKey(parts, slots, marks);
    if (!comparable || message.includes('\n')) return { key, slots };
    const head = marks.length === 0 || (marks[0]?.start ?? 0) >= 2 ? headOf(message) : -1;
    const recent: Recent = { key, slots, name: detached(name), code: detached(code), line: detached(message), marks, head };
    if (marks.length === 0) {
      // A storm of new kinds: the oldest go all at once.
      if (this.#plain.size >= this.#recent.length) this.#plain.clear();
      this.#plain.set(recent.line, recent);
      return this.#remember(message, recent);
    }
    this.#hit = this.#next;
    this.#recent[this.#next] = recent;
    this.#next = (this.#next + 1) % this.#recent.length;
    return this.#remember(message, recent);
  }

  #remember(message: string, recent: Recent): Recent {
    this.#lastMessage = message;
    this.#last = recent;
    return recent;
  }

  /**
   * The kept message whose template `parts` has: the one that matched last first (a new id in the same
   * message: no hashing of a text seen once), then the same text without run data, then the others.
   */
  #find(parts: KeyParts): Recent | undefined {
    const recent = this.#recent;
    const first = recent[this.#hit];
    if (first && matches(first, parts)) return first;
    // Hashing the text costs a pass over it: not when no message without run data is kept.
    const plain = this.#plain.size > 0 ? this.#plain.get(parts.message) : undefined;
    if (plain && plain.name === parts.name && plain.code === parts.code) return plain;
    // Twenty kinds of error in turn: most kept messages start otherwise, and two numbers tell.
    const head = headOf(parts.message);
    for (let i = 0; i < recent.length; i += 1) {
      const candidate = recent[i];
      if (i !== this.#hit && candidate && (candidate.head === head || candidate.head === -1) && matches(candidate, parts)) {
        this.#hit = i;
        return candidate;
      }
    }
    return undefined;
  }
}

const matches = (recent: Recent, parts: KeyParts): boolean =>
  recent.name === parts.name && recent.code === parts.code && sameTemplate(parts.message, recent.line, recent.marks);

/** The first two characters of `text` as one number (-2 for a shorter text, which no kept message starts as). */
function headOf(text: string): number {
  return text.length < 2 ? -2 : (text.charCodeAt(0) << 16) | text.charCodeAt(1);
}

/** Whether `message` starts as a JSON list or object does, which `lineOf` reads by other rules. */
function opensList(message: string): boolean {
  const first = message.charCodeAt(0);
  return first === 91 || first === 123;
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

/** An alias `find` did not take, and the value it stands for (see `TemplateBook.guess`). */
export interface Guess<V> {
  readonly variant: string;
  readonly value: V;
}

/** A value in a TemplateBook, under the key it is stored by (the stored object itself: a lookup allocates nothing). */
interface BookEntry<V> {
  readonly key: string;
  readonly value: V;
  alias: boolean;
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
  #newer = new Map<string, BookEntry<V>>();
  #older = new Map<string, BookEntry<V>>();
  readonly #half: number;
  /**
   * The key `find` missed last, its variants not held (what `set` stores next, without looking again),
   * and an alias it did not take: a word of letters only where another word stood before.
   */
  #missed: { readonly key: string; readonly absent: readonly string[]; readonly guess: Guess<V> | undefined } | undefined;

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
    this.#missed = undefined;
    const entry = this.#get(key);
    if (entry) {
      // A key with `#` where an alias has it: that template is real now, and other words may find it.
      entry.alias = false;
      return entry;
    }
    if (!slots || slots.length === 0) return undefined;
    const all = variants(key, slots);
    const absent: string[] = [];
    let guess: Guess<V> | undefined;
    for (const [index, variant] of all.entries()) {
      const found = this.#get(variant);
      // An alias (a word in that place before) is taken only for a word with digits, nearly an id itself.
      if (found && (!found.alias || /\d/.test(key.slice(slots[index * 2], slots[index * 2 + 1])))) return found;
      if (!found) absent.push(variant);
      else guess ??= { variant, value: found.value };
    }
    this.#missed = { key, absent, guess };
    return undefined;
  }

  /**
   * After `find` missed `key`: the value whose alias stands where a word of `key` may be an id, and
   * that alias. Both words were in its place so far, so it may be the same error with ids of letters
   * only (`User kxqzmabf not found`, `User qhkyxdyx not found`) or another one (`Request failed`,
   * `Request aborted`); `confirmed` tells which, once a word with digits or `#` has stood there.
   */
  guess(key: string): Guess<V> | undefined {
    return this.#missed?.key === key ? this.#missed.guess : undefined;
  }

  /** Whether `variant` is a key of `value`'s own now, not an alias: ids have stood in its place. */
  confirmed(variant: string, value: V): boolean {
    const entry = this.#newer.get(variant) ?? this.#older.get(variant);
    return entry !== undefined && !entry.alias && entry.value === value;
  }

  /** Stores `value` for `key` and, with `slots`, for each variant of it not known yet. */
  set(key: string, value: V, slots?: readonly number[]): void {
    // Just missed by `find` (a new error): its variants were looked up there.
    const missed = this.#missed?.key === key ? this.#missed.absent : undefined;
    this.#missed = undefined;
    this.#put({ key, value, alias: false });
    if (!slots) return;
    for (const variant of missed ?? variants(key, slots)) if (missed || !this.#get(variant)) this.#put({ key: variant, value, alias: true });
  }

  delete(key: string): void {
    this.#newer.delete(key);
    this.#older.delete(key);
  }

  /** Each value once: aliases left out, and a value under a second key (an alias found since) too. */
  values(): V[] {
    const values = new Set<V>();
    for (const entry of [...this.#older.values(), ...this.#newer.values()]) if (!entry.alias) values.add(entry.value);
    return [...values];
  }

  #get(key: string): BookEntry<V> | undefined {
    const entry = this.#newer.get(key);
    if (entry) return entry;
    const older = this.#older.get(key);
    if (older) {
      this.#older.delete(key);
      this.#put(older);
    }
    return older;
  }

  #put(entry: BookEntry<V>): void {
    this.#newer.set(entry.key, entry);
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
