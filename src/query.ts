// Builds what soet searches for: an error's name and message, cleaned and redacted, plus relaxed forms.
import { createHash } from 'node:crypto';
import type { ErrorDescription } from './describe.js';
import { type RedactRule, redact, removeQuotedData } from './redact.js';

/** One search soet may send: `search/advanced` takes free text, `similar` a question title. */
export interface Search {
  readonly method: 'search/advanced' | 'similar';
  readonly text: string;
}

/** Everything needed to look an error up, and nothing from it that should not leave the machine. */
export interface QueryPlan {
  /** The main query, e.g. `TypeError: Cannot read properties of undefined (reading 'map')`. */
  readonly text: string;
  /** The main search first, then at most two relaxed ones, tried in order while nothing is found. */
  readonly searches: readonly Search[];
  readonly tags: readonly string[];
  readonly site: string;
  /** The main query with numbers, times and short ids replaced by `#`: names the kind of error. */
  readonly kind: string;
  /**
   * Same for errors that differ only in what is particular to a run (ids, numbers, times, quoted
   * data, paths, secrets): the kind, the code, the site and the configured tags.
   */
  readonly fingerprint: string;
}

export interface QuerySettings {
  readonly site: string;
  readonly tags: readonly string[];
  readonly redact: readonly RedactRule[];
  readonly beforeSearch?: ((query: string) => string | false) | undefined;
}

const MAX_QUERY = 150;
/** A date, or a date and time (ISO 8601 or with a space), as logs and libraries print them. */
const TIMESTAMP = /\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b/g;
const MAX_TAGS = 5;
const GENERIC_NAMES = new Set(['Error', 'Exception']);

function collapse(text: string): string {
  return text
    .replace(/\(\s*\)|\[\s*\]|\{\s*\}|<\s*>/g, ' ')
    .replace(/\s+([,.;:)\]])/g, '$1')
    .replace(/([([])\s+/g, '$1')
    .replace(/(?:\s*[,;:=|>-])+\s*$/, '')
    .replace(/(?:\s+(?:at|in|on|for|from|to|of|with|by))+$/i, '')
    .replace(/^[\s,;:.=|>-]+/, '')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

/** Cuts at a word boundary at most `max` characters long. */
function capWords(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max + 1);
  const lastSpace = cut.lastIndexOf(' ');
  return collapse(lastSpace > max / 2 ? cut.slice(0, lastSpace) : cut.slice(0, max));
}

/**
 * The first line of a message with everything particular to this run removed: secrets and
 * personal data (see redact), then long numbers and ids.
 */
export function cleanMessage(message: string, extra: readonly RedactRule[] = []): string {
  const firstLine = message.split('\n').find((line) => line.trim() !== '') ?? '';
  // Redact the whole line before cutting it: a secret cut in half would not match its rule.
  const redacted = redact(firstLine, extra).slice(0, 1_000);
  const withoutRunData = redacted.replace(TIMESTAMP, ' ').replace(/\b\d{4,}\b/g, ' ').replace(/#\d+\b/g, ' ');
  return capWords(collapse(withoutRunData), MAX_QUERY);
}

function withName(name: string, message: string, code?: string): string {
  const label = code?.startsWith('ERR_') ? `${name} [${code}]` : name;
  if (!message) return label;
  if (message.startsWith(name)) return message;
  return `${label}: ${message}`;
}

/** The message without quoted parts and parentheses: "Cannot read properties of undefined". */
function withoutSpecifics(message: string): string {
  return collapse(removeQuotedData(message).replace(/\([^()]*\)|\[[^[\]]*\]|"[^"]*"|'[^']*'|`[^`]*`/g, ' '));
}

/**
 * `text` with what changes from one occurrence to the next replaced by `#`: timestamps, times, short
 * hex ids, and numbers (with their units), except HTTP status codes, which tell errors apart. Used
 * for fingerprints and labels only; what is searched keeps short numbers.
 */
export function kindOf(text: string): string {
  return text
    .replace(TIMESTAMP, '#')
    .replace(/\b\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\b/g, '#')
    // hex ids: six or more hex digits with a digit, starting with one or with two letters in them
    // (5aced8d9, 1a2b3c4d), but not codes like E11000
    .replace(/\b(?=[a-f]*\d)(?:(?=\d)|(?=(?:\d*[a-f]){2}))[0-9a-f]{6,}\b/gi, '#')
    .replace(/(?<!\b(?:status|code|HTTP)\s*)\b\d+(?:\.\d+)?(?:ms|s|m|h|kb|mb|gb|b)?\b/gi, '#');
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/**
 * Plans the searches for `error`, or returns null when nothing searchable is left after cleaning
 * or the app's `beforeSearch` vetoed the main query. Throws only what the app's own `redact` or
 * `beforeSearch` throw.
 */
export function planQuery(
  error: ErrorDescription,
  settings: QuerySettings,
  stackTags: readonly string[] = [],
): QueryPlan | null {
  const message = cleanMessage(error.message, settings.redact);
  // Name and code are shape-checked identifiers, but a key can look like one (AKIA...): redact them too.
  const name = redact(error.name) === error.name ? error.name : 'Error';
  const code = error.code !== undefined && redact(error.code) === error.code ? error.code : undefined;
  const primary = capWords(withName(name, message, code), MAX_QUERY);
  if (primary.replace(/\W/g, '').length < 3 || (!message && !code)) return null;

  const relaxedMessage = withoutSpecifics(message);
  const candidates: Search[] = [{ method: 'search/advanced', text: primary }];
  if (relaxedMessage && relaxedMessage !== message) {
    candidates.push({ method: 'search/advanced', text: withName(name, relaxedMessage) });
  }
  if (code) {
    candidates.push({ method: 'search/advanced', text: GENERIC_NAMES.has(name) ? code : `${name} ${code}` });
  } else {
    candidates.push({ method: 'similar', text: withName(name, relaxedMessage || message) });
  }

  const searches: Search[] = [];
  for (const candidate of candidates) {
    const rewritten = settings.beforeSearch ? settings.beforeSearch(candidate.text) : candidate.text;
    if (rewritten === false) {
      if (searches.length === 0) return null;
      continue;
    }
    const text = capWords(String(rewritten).trim(), MAX_QUERY);
    if (text && !searches.some((search) => search.text === text && search.method === candidate.method)) {
      searches.push({ method: candidate.method, text });
    }
    if (searches.length === 3) break;
  }
  const first = searches[0];
  if (!first) return null;

  const tags = unique([...settings.tags, ...stackTags]).slice(0, MAX_TAGS);
  // Tags read from the stack are left out, so an error is known again without reading its stack.
  const kind = kindOf(first.text);
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([settings.site, [...settings.tags].sort(), kind, code ?? '']))
    .digest('hex')
    .slice(0, 20);
  return { text: first.text, kind, searches, tags, site: settings.site, fingerprint };
}
