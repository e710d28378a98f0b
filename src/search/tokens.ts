// Splits one line of a message into classified tokens in a single left-to-right pass: words, codes, ids, paths...
import { AXIOS_CODES, HOST_ENDINGS, NAMED_WITH_DIGITS, SERVICE_PORTS } from './lexicon.js';

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

// One alternative per kind, tried in this order at each position (the regex is sticky). Each one is
// bounded or cannot overlap with itself, so a line of any length is read in linear time.
const QUOTE_BODY = 200;
const TOKEN = new RegExp(
  [
    String.raw`(?<space>\s+)`,
    String.raw`(?<url>[A-Za-z][\w+.-]{1,30}:\/\/[^\s'"\x60<>]*)`,
    // A quote opens only where no word character stands before it (so `can't` opens nothing).
    String.raw`(?<quoted>(?<![\p{L}\p{N}])(?:'(?:[^'\n]|'(?=\p{L})){0,${QUOTE_BODY}}'|"[^"\n]{0,${QUOTE_BODY}}"|\x60[^\x60\n]{0,${QUOTE_BODY}}\x60|\u2018[^\u2019\n]{0,${QUOTE_BODY}}\u2019|\u201c[^\u201d\n]{0,${QUOTE_BODY}}\u201d)(?![\p{L}\p{N}]))`,
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

const CODE = /^(?:ERR_[A-Z0-9_]+|E[A-Z]{3,}[A-Z0-9_]*|E\d{4,5}|P\d{4}|ER_[A-Z_]+|[A-Z][A-Z0-9]*_[A-Z0-9_]*[A-Z0-9])$/;
const NOT_CODES = new Set(['ERROR', 'EXPECTED', 'EMPTY', 'EXISTS', 'EXPIRED', 'ENABLED', 'ENTITY', 'EVENT']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NODE_MODULES = /node_modules[\\/]+((?:@[\w.-]+[\\/]+)?[\w.-]+)/g;

/** Whether a word is an id: `user_1234`, `u_81f3`, `5aced8d9`, `k3j5x9q2`, a UUID or a nanoid. */
export function isId(word: string): boolean {
  if (UUID.test(word)) return true;
  const digits = word.replace(/\D/g, '').length;
  if (digits === 0 || NAMED_WITH_DIGITS.test(word)) return false;
  const digitGroups = word.match(/\d+/g)?.length ?? 0;
  if (digits >= 3 || /^[A-Za-z]+[_-]\d{2,}$/.test(word)) return true;
  // Digits between letters, as random ids have them (lq2k9x), not a name's one group (Float64Array).
  return digitGroups >= 2 && word.length >= 6;
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

function classify(kind: TokenKind, text: string): Token {
  switch (kind) {
    case 'word': {
      if (isCode(text)) return { kind: 'code', text, shown: text };
      if (isId(text)) return { kind: 'id', text, shown: '' };
      if (isHost(text)) return { kind: 'host', text, shown: '' };
      return { kind, text, shown: text };
    }
    case 'quoted':
      return { kind, text, shown: shownQuote(text.slice(1, -1)) };
    case 'path':
      return { kind, text, shown: packageIn(text) ?? '' };
    case 'address':
      return { kind, text, shown: shownAddress(text) };
    case 'version':
    case 'punct':
      return { kind, text, shown: kind === 'version' ? text : '' };
    default:
      return { kind, text, shown: '' };
  }
}

/** The tokens of `line`, in order; their texts joined give the line back. */
export function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < line.length) {
    const match = TOKEN.exec(line);
    if (!match?.groups) break;
    const [group, text] = Object.entries(match.groups).find(([, value]) => value !== undefined) as [TokenKind | 'time', string];
    tokens.push(classify(group === 'time' ? 'number' : group, text));
  }
  return tokens;
}
