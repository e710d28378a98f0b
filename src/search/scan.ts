// Reads a line token by token in one left-to-right pass: a fast lane for plain words, numbers and spaces, the full rules for the rest.

/** The kinds the scanner tells apart; `time` is read as a number by the classifier. */
export type ScannedKind = 'space' | 'url' | 'quoted' | 'time' | 'address' | 'path' | 'version' | 'number' | 'word' | 'punct';

// One alternative per kind, tried in this order at each position (the regex is sticky). Each one is
// bounded or cannot overlap with itself, so a line of any length is read in linear time.
const QUOTE_BODY = 200;
const TOKEN = new RegExp(
  [
    String.raw`(?<space>\s+)`,
    String.raw`(?<url>[A-Za-z][\w+.-]{1,30}:\/\/[^\s'"\x60<>]*)`,
    // A quote opens only where no word character stands before it (so `can't` opens nothing).
    String.raw`(?<quoted>(?<![\p{L}\p{N}])(?:'(?:[^'\n]|'(?=\p{L})){0,${QUOTE_BODY}}'|"[^"\n]{0,${QUOTE_BODY}}"|\x60[^\x60\n]{0,${QUOTE_BODY}}\x60|\u2018[^\u2019\n]{0,${QUOTE_BODY}}\u2019|\u201c[^\u201d\n]{0,${QUOTE_BODY}}\u201d)(?![\p{L}\p{N}]))`,
    // A UUID whose first part is all digits would otherwise start with a number: it is one word.
    String.raw`(?<uuid>(?<![\w-])[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![\w-]))`,
    // Dates and times (2024-05-01T12:34:56.789Z, 12:30:01) are run data, read as numbers.
    String.raw`(?<time>(?<![\w.:])\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?![\w:])|(?<![\w.:])\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?![\w:]))`,
    String.raw`(?<address>\[?::1\]?(?::\d{1,5})?(?![\w:])|(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?(?![\w]|\.\d)|localhost(?::\d{1,5})?(?![\w.-])|(?<![\w:])[0-9a-fA-F]{1,4}(?::[0-9a-fA-F]{0,4}){2,7}(?![\w:]))`,
    // Rooted paths (/x, ./x, ~/x, C:\x, \\server\x), paths of three or more parts, and dir/file.ext.
    // A path starts only where a run of separators starts, and what it tries before a separator is
    // bounded: a failed attempt at each character of a long run would be quadratic.
    String.raw`(?<path>(?<![\w.\\/])(?:[A-Za-z]:|~|\.{1,2}|\\)?(?:[\\/]+[\w.@+~%-]+)+[\\/]?(?::\d+){0,2}|(?<![\w.])[\w.@-]{1,128}(?:[\\/][\w.@+~%-]+){2,}[\\/]?(?::\d+){0,2}|(?<![\w.])[\w.@-]{1,128}[\\/][\w@-]{1,128}\.[A-Za-z0-9]{1,8}(?![\w])(?::\d+){0,2})`,
    String.raw`(?<version>(?<![\w.])v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?(?![\w]|\.\d)|(?<![\w.])v\d+(?:\.\d+)?(?![\w]|\.\d))`,
    String.raw`(?<number>(?<![\w.])\d+(?:\.\d+)?(?:ms|s|sec|m|h|kb|mb|gb|b|bytes|px|%)?(?![\w]|\.\d))`,
    String.raw`(?<word>[\p{L}\p{N}_$@]+(?:[.'\/-][\p{L}\p{N}_$@]+)*)`,
    String.raw`(?<punct>>=|<=|=>|\.{3}|-->|---|[^\s\p{L}\p{N}_$@])`,
  ].join('|'),
  'uy',
);
const GROUPS = ['space', 'url', 'quoted', 'uuid', 'time', 'address', 'path', 'version', 'number', 'word', 'punct'] as const;
const kindOf = (group: (typeof GROUPS)[number]): ScannedKind => (group === 'uuid' ? 'word' : group);

/*
 * The fast lane reads only what the rules above would read the same way, whatever stands around it,
 * and hands everything else to them at the same position, so both lanes give the same tokens:
 * - a run of ASCII spaces not followed by another (maybe Unicode) space;
 * - a run of [A-Za-z0-9_$@] followed by a character no rule continues it with: the end, a space, or
 *   punctuation other than the joiners . ' - / \ : (a joiner counts when what follows it stops too);
 *   such a run is a word, or a number when it is digits with an optional unit (after no word
 *   character or dot: the rules' look-behind); `localhost`, `v` and a digit, and digits before `$` or `@` go to the rules;
 * - a quote with a plain ASCII body (no newline, at most QUOTE_BODY) whose closing quote is followed
 *   by a stop, after a character that is not a letter or digit;
 * - one ASCII punctuation mark that starts no longer token.
 */

const UNITS = new Set(['ms', 's', 'sec', 'm', 'h', 'kb', 'mb', 'gb', 'b', 'bytes', 'px']);
const LONGEST_UNIT = Math.max(...[...UNITS].map((unit) => unit.length));
/** Punctuation that some rule reads as part of a longer token: never read alone by the fast lane. */
const LONGER = new Set([...`'"\`[<>=-.:/\\~`].map((char) => char.charCodeAt(0)));
/** Joiners that end a run when a stop follows them. */
const SOFT_STOPS = new Set([...`.'-/\\:`].map((char) => char.charCodeAt(0)));

const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
/** An ASCII letter, either case. */
export const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isRunChar = (c: number): boolean => isDigit(c) || isLetter(c) || c === 95 || c === 36 || c === 64;

/** Whether a token read so far can end before the character `c` (NaN: the end of the line). */
function isStop(c: number): boolean {
  if (Number.isNaN(c)) return true;
  if (c >= 128 || isRunChar(c)) return false;
  return isSpace(c) || !(SOFT_STOPS.has(c) || c === 37 || c === 43 || c === 126);
}

const endsBefore = (line: string, at: number): boolean => isStop(line.charCodeAt(at)) || (SOFT_STOPS.has(line.charCodeAt(at)) && isStop(line.charCodeAt(at + 1)));

/** The kind of the token the last `scanToken` call read. */
export let scannedKind: ScannedKind = 'space';

function fastRun(line: string, at: number): number {
  let end = at;
  while (end < line.length && isRunChar(line.charCodeAt(end))) end += 1;
  if (!endsBefore(line, end)) return -1;
  if (!isDigit(line.charCodeAt(at))) {
    const length = end - at;
    if ((length === 9 && line.startsWith('localhost', at)) || (line.charCodeAt(at) === 118 && length > 1 && isDigit(line.charCodeAt(at + 1)))) return -1;
    scannedKind = 'word';
    return end;
  }
  const before = at > 0 ? line.charCodeAt(at - 1) : NaN;
  if (isRunChar(before) || before === 46) return -1;
  let digitsEnd = at;
  while (digitsEnd < end && isDigit(line.charCodeAt(digitsEnd))) digitsEnd += 1;
  // `$` and `@` end a number (`9@x` is 9 then @x): the rules read such runs.
  for (let i = digitsEnd; i < end; i += 1) if (line.charCodeAt(i) === 36 || line.charCodeAt(i) === 64) return -1;
  scannedKind = digitsEnd === end || (end - digitsEnd <= LONGEST_UNIT && UNITS.has(line.slice(digitsEnd, end))) ? 'number' : 'word';
  return end;
}

function fastQuote(line: string, at: number, quote: number): number {
  const before = at > 0 ? line.charCodeAt(at - 1) : NaN;
  if (before >= 128 || isDigit(before) || isLetter(before)) return -1;
  const limit = Math.min(line.length, at + 1 + QUOTE_BODY + 1);
  for (let end = at + 1; end < limit; end += 1) {
    const c = line.charCodeAt(end);
    if (c >= 128 || c === 10) return -1;
    if (c !== quote) continue;
    const after = line.charCodeAt(end + 1);
    // A single quote followed by a letter is part of the body (`'can't'`): the rules decide.
    if (after >= 128 || isDigit(after) || isLetter(after)) return -1;
    scannedKind = 'quoted';
    return end + 1;
  }
  return -1;
}

/** The fast lane: the end of the token at `at`, or -1 when the full rules must read it. */
function fastToken(line: string, at: number): number {
  const c = line.charCodeAt(at);
  if (isSpace(c)) {
    let end = at + 1;
    while (end < line.length && isSpace(line.charCodeAt(end))) end += 1;
    if (end < line.length && line.charCodeAt(end) >= 128) return -1;
    scannedKind = 'space';
    return end;
  }
  if (isRunChar(c)) return fastRun(line, at);
  if (c === 39 || c === 34 || c === 96) return fastQuote(line, at, c);
  if (c < 128 && !LONGER.has(c)) {
    scannedKind = 'punct';
    return at + 1;
  }
  return -1;
}

/**
 * Reads the token that starts at `at` in `line`: returns where it ends and sets `scannedKind`.
 * Tokens follow each other with no gap, so their texts joined give the line back.
 */
export function scanToken(line: string, at: number): number {
  const fast = fastToken(line, at);
  if (fast > at) return fast;
  TOKEN.lastIndex = at;
  const match = TOKEN.exec(line);
  const groups = match?.groups;
  if (!match || !groups) {
    // Cannot happen (the punct rule takes any one character), but never loop on it.
    scannedKind = 'punct';
    return at + 1;
  }
  for (const group of GROUPS) {
    if (groups[group] !== undefined) {
      scannedKind = kindOf(group);
      break;
    }
  }
  return at + match[0].length;
}

/** The rules alone, for tests that check both lanes agree: the kinds and texts of `line`'s tokens. */
export function scanWithRulesOnly(line: string): [ScannedKind, string][] {
  const tokens: [ScannedKind, string][] = [];
  for (let at = 0; at < line.length; ) {
    TOKEN.lastIndex = at;
    const match = TOKEN.exec(line);
    const groups = match?.groups;
    if (!match || !groups) break;
    const group = GROUPS.find((candidate) => groups[candidate] !== undefined) ?? 'punct';
    tokens.push([kindOf(group), match[0]]);
    at += match[0].length;
  }
  return tokens;
}
