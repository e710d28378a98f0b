// Classifies the tokens of one line of a message, read in a single pass: words, codes, ids, paths...
import { AXIOS_CODES, HOST_ENDINGS, NAMED_WITH_DIGITS, PREFIXED_NUMBER, SERVICE_PORTS } from './lexicon.js';
import { type ScannedKind, isLetter, scanToken, scannedKind } from './scan.js';

/**
 * What a token is. Run data (`number`, `id`, `address`, `host`, `path`, `url`, `data`) changes from one
 * occurrence of an error to the next; `word`, `code`, `version` and short quoted names do not.
 */
export type TokenKind =
  | 'word' | 'code' | 'quoted' | 'number' | 'version' | 'id' | 'address' | 'host' | 'path' | 'url' | 'data' | 'punct' | 'space';

export interface Token {
  readonly kind: TokenKind;
  /** The text as it stands in the message. */
  readonly text: string;
  /** What a query shows for it: '' for nothing. Rules of known messages may change it. */
  shown: string;
}

const CODE = /^(?:ERR_[A-Z0-9_]+|E[A-Z]{3,}[A-Z_]*|E\d{4,5}|P\d{4}|ER_[A-Z_]+|[A-Z][A-Z0-9]*_[A-Z0-9_]*[A-Z0-9])$/;
const NOT_CODES = new Set(['ERROR', 'EXPECTED', 'EMPTY', 'EXISTS', 'EXPIRED', 'ENABLED', 'ENTITY', 'EVENT']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NODE_MODULES = /node_modules[\\/]+((?:@[\w.-]+[\\/]+)?[\w.-]+)/g;

const EMAIL = /^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$/;
const isHexLetter = (c: number): boolean => (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
const isLowerLetter = (c: number): boolean => c >= 97 && c <= 122;

/**
 * Whether a word is an id: a UUID, `user_1234`, `order-9`, a hex id (`a3f9`, `5aced8d9`), or a token
 * that mixes letters and digits as random ids do (`k3x9q2mz`, `lq2k9x`, `3kxqzmab`, a nanoid, a cuid,
 * a ULID). Names with digits stay words: `sha256`, `utf8`, `mysql2` (digits at the end), `Float64Array`
 * (a capital after them). Ids of letters only cannot be told from words here; see `TemplateBook`.
 */
export function isId(word: string): boolean {
  const { length } = word;
  if (length === 36 && UUID.test(word)) return true;
  let digits = 0;
  let groups = 0;
  let hexOnly = true;
  let afterFirstGroup = -1;
  let previousDigit = false;
  // Whether a character other than `_` and `-` has followed a digit, and a digit that character: names
  // with digits (`x86_64`, `utf16le`) have none, random ids (`k3x9q2mz`) mostly do, so their regex is skipped.
  let afterDigits = false;
  let named = true;
  for (let i = 0; i < length; i += 1) {
    const c = word.charCodeAt(i);
    const digit = c >= 48 && c <= 57;
    if (digit) {
      digits += 1;
      if (!previousDigit) groups += 1;
      if (afterDigits) named = false;
    } else {
      if (previousDigit && groups === 1) afterFirstGroup = i;
      if (!isHexLetter(c)) hexOnly = false;
      if (digits > 0 && c !== 95 && c !== 45) afterDigits = true;
    }
    previousDigit = digit;
  }
  if (digits === 0) return false;
  const first = word.charCodeAt(0);
  // Hex of four or more with letters and digits (`a3f9`, `ec91`), but not a curve's name (`ed25519`).
  if (hexOnly && length >= 4 && digits < length && !((first | 32) === 101 && /^e[cd]\d{3,}$/i.test(word))) return true;
  // Both shapes below start with a letter; `prefix_123` has one group of digits, at the end.
  const letterFirst = isLetter(first);
  if (named && letterFirst && NAMED_WITH_DIGITS.test(word)) return false;
  if (digits >= 3 || (letterFirst && groups === 1 && previousDigit && PREFIXED_NUMBER.test(word))) return true;
  if (length < 6) return false;
  if (groups >= 2) return true;
  // One group of one or two digits: at the start, or with lower-case letters after it.
  return (first >= 48 && first <= 57) || (afterFirstGroup > 0 && isLowerLetter(word.charCodeAt(afterFirstGroup)));
}

/** Whether a dotted word is a host name (`orders-db.internal.invalid`, `db.example.com`), not a property path. */
function isHost(word: string): boolean {
  if (!/^[a-z0-9-]+(?:\.[a-z0-9-]+)+$/.test(word)) return false;
  const labels = word.split('.');
  const ending = labels[labels.length - 1] ?? '';
  return HOST_ENDINGS.has(ending) || (labels.length >= 3 && /^[a-z]{2,6}$/.test(ending) && /[-\d]/.test(word));
}

/** Whether a code has the shape of one of Node's own (`ERR_HTTP_HEADERS_SENT`), as Node prints in brackets. */
export function isNodeCode(code: string): boolean {
  return /^ERR_[A-Z0-9_]+$/.test(code) && !AXIOS_CODES.has(code);
}

function isCode(word: string): boolean {
  return CODE.test(word) && !NOT_CODES.has(word);
}

/** The npm package a path points into (the innermost `node_modules/<pkg>`), if any. */
export function packageIn(path: string): string | undefined {
  let name: string | undefined;
  for (const match of path.matchAll(NODE_MODULES)) name = match[1]?.replace(/\\/g, '/');
  return name;
}

/** What a loopback address shows: itself, with its port when that names a service. */
function shownAddress(address: string): string {
  const match = /^\[?(::1|127\.0\.0\.1|localhost)\]?(?::(\d+))?$/.exec(address);
  if (!match) return '';
  const port = match[2];
  return port !== undefined && SERVICE_PORTS.has(port) ? `${match[1] ?? ''}:${port}` : (match[1] ?? '');
}

/** A short name in quotes worth searching: a property, a module, a call, an extension, a bit of punctuation. */
const SHORT_NAME = /^(?:(?:node:|@[a-z0-9][\w.-]*\/)?[A-Za-z_$][\w$.-]{0,39}(?:\/[A-Za-z_$][\w$.+-]{0,39}|\(\))?|\.[A-Za-z0-9]{1,8}|[^\w\s]{1,3})$/;

function shownQuote(inner: string): string {
  const pkg = packageIn(inner);
  if (pkg) return pkg;
  const loopback = shownAddress(inner);
  if (loopback) return loopback;
  if (!SHORT_NAME.test(inner) || isHost(inner) || isId(inner)) return '';
  return `'${inner}'`;
}

/** What a word is: a code, an id (e-mail addresses included), a host name, or a plain word. */
function wordKind(text: string): TokenKind {
  const first = text.charCodeAt(0);
  // A code has few digits (`ERR_HTTP2_...`); one in three or more groups is a random id in capitals.
  if (first >= 65 && first <= 90 && isCode(text)) return (text.match(/\d+/g)?.length ?? 0) >= 3 ? 'id' : 'code';
  if (isId(text) || (text.includes('@') && EMAIL.test(text))) return 'id';
  if (text.includes('.') && isHost(text)) return 'host';
  return 'word';
}

function classify(kind: ScannedKind, text: string): Token {
  switch (kind) {
    case 'word': {
      const classified = wordKind(text);
      return { kind: classified, text, shown: classified === 'word' || classified === 'code' ? text : '' };
    }
    case 'quoted':
      return { kind, text, shown: shownQuote(text.slice(1, -1)) };
    case 'path':
      return { kind, text, shown: packageIn(text) ?? '' };
    case 'address':
      return { kind, text, shown: shownAddress(text) };
    case 'version':
      return { kind, text, shown: text };
    case 'time':
      return { kind: 'number', text, shown: '' };
    default:
      return { kind, text, shown: '' };
  }
}

/** The tokens of `line`, in order; their texts joined give the line back. */
export function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  for (let at = 0; at < line.length; ) {
    const end = scanToken(line, at);
    tokens.push(classify(scannedKind, line.slice(at, end)));
    at = end;
  }
  return tokens;
}

const STATUS_WORDS = new Set(['code', 'status', 'http']);
const COMPARISONS = new Set(['>=', '<=', '<', '>']);

/**
 * Whether a number tells errors apart: an HTTP status after `status`, `code` or `http` (`status code
 * 404`), or a whole number after a comparison (`should be >= 0 and < 65536`). Other numbers are run data.
 */
export function numberTells(number: string, previousWord: string, previousPunct: string | undefined): boolean {
  if (previousPunct !== undefined && COMPARISONS.has(previousPunct)) return /^\d+$/.test(number);
  return number.length === 3 && previousWord.length <= 6 && STATUS_WORDS.has(previousWord.toLowerCase()) && /^[1-5]\d\d$/.test(number);
}

/**
 * `text` as a string of its own. V8 keeps a cut of 13 characters or more as a view of the whole: a
 * template kept for thousands of errors must not keep their (maybe 1 MB) messages alive. Slicing a
 * concatenation makes V8 copy it first, so the cut points into the copy.
 */
export function detached(text: string): string {
  return text.length < 13 ? text : ` ${text}`.slice(1);
}

/** What stands for run data in a template. */
export const RUN_DATA_MARK = '#';

/**
 * The template of `line` as one string: its words, codes, versions and punctuation as they stand,
 * each run of spaces as one space, and each piece of run data as what a query shows for it (a short
 * quoted name, a package in a path, a loopback address, a telling number) or else `#`. One pass of
 * the same tokens and classes as `tokenize`, without building them. It holds no view of `line`.
 *
 * `slots`, when given, receives the start and end in the template of each word that may be an id of
 * letters only (six characters or more, or four hex letters; no dots): see `TemplateBook`.
 * `marks`, when given, receives the run data of `line` that another occurrence may carry in its place
 * (see `sameTemplate`).
 */
export function templateText(line: string, slots?: number[], marks?: Mark[]): string {
  let text = '';
  let previousWord = '';
  let previousPunct: string | undefined;
  // A chunk is what stands between spaces. One made of words, numbers and dashes with run data in it
  // is one piece of run data: an id cut by dashes (`V1St--GXR8`, `-Nob_gui`, `8-SIHIi8`) is one mark.
  let chunkStart = 0;
  let chunkLineStart = 0;
  let chunkTokens = 0;
  let chunkMark = false;
  let chunkPlain = true;
  let chunkCandidate = false;
  for (let at = 0; at <= line.length; ) {
    const end = at < line.length ? scanToken(line, at) : at + 1;
    const kind = at < line.length ? scannedKind : 'space';
    const start = at;
    at = end;
    if (kind === 'space') {
      if (chunkTokens > 1 && chunkPlain && (chunkMark || (slots && chunkCandidate))) {
        if (chunkMark) {
          text = text.slice(0, chunkStart) + RUN_DATA_MARK;
          // The chunk is one mark now: another occurrence must hold the same text there to match.
          while (marks && marks.length > 0 && (marks[marks.length - 1]?.start ?? 0) >= chunkLineStart) marks.pop();
        }
        if (slots) {
          while (slots.length > 0 && (slots[slots.length - 2] ?? 0) >= chunkStart) slots.length -= 2;
          if (!chunkMark) slots.push(chunkStart, text.length);
        }
      }
      if (text !== '' && end <= line.length) text += ' ';
      chunkStart = text.length;
      chunkLineStart = end;
      chunkTokens = 0;
      chunkMark = false;
      chunkPlain = true;
      chunkCandidate = false;
      continue;
    }
    const raw = detached(line.slice(start, end));
    const classified = kind === 'word' ? wordKind(raw) : undefined;
    const part = classified === undefined ? partOf(kind, raw, previousWord, previousPunct) : classified === 'word' || classified === 'code' ? raw : RUN_DATA_MARK;
    const previousWordBefore = previousWord;
    const previousPunctBefore = previousPunct;
    previousPunct = kind === 'punct' ? raw : undefined;
    if (kind !== 'punct') previousWord = raw;
    const mark = part === RUN_DATA_MARK;
    if (marks && mark && opensMark(line, start) && closesMark(line, end)) marks.push({ start, end, kind, previousWord: previousWordBefore, previousPunct: previousPunctBefore });
    // A word that may be an id of letters only: six characters or more, or four hex letters; never a
    // dotted name (`products.map`), which is a property path or a host, nor a code.
    const candidate = classified === 'word' && (raw.length >= 6 || (raw.length >= 4 && isHexLetters(raw))) && isIdChars(raw);
    chunkTokens += 1;
    chunkMark ||= mark;
    if (chunkPlain) chunkPlain = kind === 'word' || kind === 'number' || kind === 'version' || (kind === 'punct' && /^-+$/.test(raw));
    chunkCandidate ||= candidate;
    if (slots && candidate) slots.push(text.length, text.length + raw.length);
    text += part;
  }
  return text.endsWith(' ') ? text.slice(0, -1) : text;
}

/**
 * A piece of run data in a line (`8f3a21c4` in `User 8f3a21c4 not found`) where another occurrence of
 * the error may hold other data: where it stands, what the scanner read it as, and what stood before it.
 */
export interface Mark {
  readonly start: number;
  readonly end: number;
  readonly kind: ScannedKind;
  readonly previousWord: string;
  readonly previousPunct: string | undefined;
}

const isBlank = (c: number): boolean => c === 32 || c === 9;
/**
 * Whether a mark may start at `at`: after a space or `(` or `,`, which end their own token whatever
 * follows, so the token before it ends there in any occurrence.
 */
function opensMark(line: string, at: number): boolean {
  if (at === 0) return true;
  const before = line.charCodeAt(at - 1);
  return isBlank(before) || before === 40 || before === 44;
}

/** Whether a mark may end at `at`: before the end, a space or punctuation that no rule reads as more (`) , ; ! ?`). */
function closesMark(line: string, at: number): boolean {
  if (at === line.length) return true;
  const after = line.charCodeAt(at);
  return isBlank(after) || after === 41 || after === 44 || after === 59 || after === 33 || after === 63;
}

/**
 * Whether `line` has the template `known` had, given `marks` from `templateText(known, slots, marks)`:
 * the same text, but that at each mark `line` may hold other run data, read as the same kind. A
 * comparison, cheaper than reading `line` (the same error again with a new id); false when unsure
 * (other spaces, data that reads as a word), and the caller reads the line.
 *
 * The text around a mark is the same in both, and a mark stands between characters that end their
 * own tokens: the tokens, their kinds and what stands before each are those of `known`, so a line
 * that matches has the same template.
 */
export function sameTemplate(line: string, known: string, marks: readonly Mark[]): boolean {
  let i = 0;
  let j = 0;
  for (const mark of marks) {
    const gap = mark.start - i;
    if (j + gap >= line.length || !sameRun(line, j, known, i, gap)) return false;
    j += gap;
    i = mark.end;
    const end = scanToken(line, j);
    if (scannedKind !== mark.kind || partOf(mark.kind, line.slice(j, end), mark.previousWord, mark.previousPunct) !== RUN_DATA_MARK) return false;
    j = end;
  }
  const rest = known.length - i;
  return line.length - j === rest && sameRun(line, j, known, i, rest);
}

/** Whether `length` characters of `line` from `at` are those of `known` from `knownAt` (no slice, no copy). */
function sameRun(line: string, at: number, known: string, knownAt: number, length: number): boolean {
  for (let k = 0; k < length; k += 1) if (line.charCodeAt(at + k) !== known.charCodeAt(knownAt + k)) return false;
  return true;
}

/** Whether `text` is made of ASCII letters, digits, `_` and `-` only, as ids are. */
function isIdChars(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45)) return false;
  }
  return true;
}

function isHexLetters(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) if (!isHexLetter(text.charCodeAt(i))) return false;
  return true;
}

/** What a token stands as in a template: itself, what a query shows for it, or the run-data mark. */
function partOf(kind: ScannedKind, raw: string, previousWord: string, previousPunct: string | undefined): string {
  switch (kind) {
    case 'word': {
      const classified = wordKind(raw);
      return classified === 'word' || classified === 'code' ? raw : RUN_DATA_MARK;
    }
    case 'number':
      return numberTells(raw, previousWord, previousPunct) ? raw : RUN_DATA_MARK;
    case 'quoted':
      return shownQuote(raw.slice(1, -1)) || RUN_DATA_MARK;
    case 'path':
      return (raw.includes('node_modules') ? packageIn(raw) : undefined) ?? RUN_DATA_MARK;
    case 'address':
      return shownAddress(raw) || RUN_DATA_MARK;
    case 'version':
      // `v` and five digits or more is an id that starts with a v (base36 `v7922578`), not a version.
      return /^v\d{5,}$/.test(raw) ? RUN_DATA_MARK : raw;
    case 'punct':
      return raw;
    default:
      return RUN_DATA_MARK;
  }
}
