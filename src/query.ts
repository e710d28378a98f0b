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
  /** Same for errors that differ only in what is particular to a run (ids, numbers, paths, secrets). */
  readonly fingerprint: string;
}

export interface QuerySettings {
  readonly site: string;
  readonly tags: readonly string[];
  readonly redact: readonly RedactRule[];
  readonly beforeSearch?: ((query: string) => string | false) | undefined;
}

const MAX_QUERY = 150;
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
  return capWords(collapse(redacted.replace(/\b\d{4,}\b/g, ' ').replace(/#\d+\b/g, ' ')), MAX_QUERY);
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
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([settings.site, [...tags].sort(), first.text, code ?? '']))
    .digest('hex')
    .slice(0, 20);
  return { text: first.text, searches, tags, site: settings.site, fingerprint };
}
