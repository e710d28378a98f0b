// Plans the searches for an error: which error of its cause chain, which line, and the three searches to try.
import type { ErrorDescription } from '../describe.js';
import { type RedactRule, redact } from '../redact.js';
import { MAX_SEARCH_CHARS, capWords, withoutSearchSyntax } from './clean.js';
import { errorKey, fingerprint } from './fingerprint.js';
import { CONNECTORS, FILLER } from './lexicon.js';
import { headOf, informativeLine } from './message.js';
import { type Template, isNodeCode, templateOf, templateText } from './template.js';

/** One search soet may send: `search/advanced` takes free text, `similar` a question title. */
export interface Search {
  readonly method: 'search/advanced' | 'similar';
  readonly text: string;
}

/** What a title must share with the error for a page of results to be taken. */
export interface Acceptance {
  /** Codes of the error (`ECONNREFUSED`, `ERR_HTTP_HEADERS_SENT`), lower case: one in a title is enough. */
  readonly codes: readonly string[];
  /** Its distinctive words, lower case: a title must share two (one, when there are only one or two). */
  readonly words: readonly string[];
}

/** Everything needed to look an error up, and nothing from it that should not leave the machine. */
export interface SearchPlan {
  /** The first search, e.g. `TypeError Cannot read properties of undefined reading 'map'`. */
  readonly text: string;
  /** The chain: the short core, then `/similar` with the whole cleaned message, then the code with key words. */
  readonly searches: readonly Search[];
  /** Sent as `tagged` (at least one of them on each result): `node.js`, `javascript` and your own. */
  readonly tags: readonly string[];
  /** Read from the stack (`mongoose`): not sent; results carrying them rank first. */
  readonly rankTags: readonly string[];
  readonly site: string;
  readonly accept: Acceptance;
  /** The first search's template, run data as `#`: names the kind of error. */
  readonly kind: string;
  /** Same for errors that differ only in run data: the error's key (name, code, template), the site and tags. */
  readonly fingerprint: string;
}

export interface SearchSettings {
  readonly site: string;
  readonly tags: readonly string[];
  readonly redact: readonly RedactRule[];
  readonly beforeSearch?: ((query: string) => string | false) | undefined;
}

/** Words of the first search, besides the name or code: "about ten", enough for every word to match. */
const MAX_CORE_WORDS = 10;
const MAX_TAGS = 5;
const KEY_WORDS = 3;
const GENERIC_NAMES = new Set(['Error', 'Exception']);

/** One error of the chain, read: its name, own code and the template of its informative line. */
interface Subject {
  readonly name: string;
  readonly code?: string;
  readonly template: Template;
}

const counts = (word: string): boolean => /[\p{L}\p{N}]/u.test(word);
const countOf = (words: readonly string[]): number => words.filter(counts).length;

/** Reads one error: its informative line, its `Name [CODE]:` head, redacted, as a template. */
function subjectOf(name: string, code: string | undefined, message: string, rules: readonly RedactRule[]): Subject {
  const head = headOf(informativeLine(message));
  const named = head.name !== undefined && (GENERIC_NAMES.has(name) || head.name === name) ? head.name : name;
  const coded = code ?? head.code;
  // Name and code are shape-checked identifiers, but a key can look like one (AKIA...): redact them too.
  const safeName = redact(named) === named ? named : 'Error';
  const safeCode = coded !== undefined && redact(coded) === coded ? coded : undefined;
  // Redact the whole line before cutting it: a secret cut in half would not match its rule.
  const template = templateOf(redact(head.rest, rules).slice(0, 1_000));
  return { name: safeName, ...(safeCode === undefined ? {} : { code: safeCode }), template };
}

/** Too little to search on its own (`fetch failed`): fewer than three words and no code. */
function isVague(subject: Subject): boolean {
  return subject.code === undefined && subject.template.codes.length === 0 && countOf(subject.template.clauses.flat()) < 3;
}

/** What goes before the message: Node's code (`ERR_X`, as `Error [ERR_X]:` becomes `ERR_X`), else a specific class. */
function labelOf(subject: Subject): string {
  const first = subject.template.clauses[0]?.[0];
  const label = subject.code !== undefined && isNodeCode(subject.code) ? subject.code : GENERIC_NAMES.has(subject.name) ? '' : subject.name;
  return label === first ? '' : label;
}

function withoutTrailingConnectors(words: readonly string[]): string[] {
  const kept = [...words];
  while (kept.length > 0 && (CONNECTORS.has((kept.at(-1) ?? '').toLowerCase()) || !counts(kept.at(-1) ?? ''))) kept.pop();
  return kept;
}

/**
 * The short core: whole clauses while they fit in MAX_CORE_WORDS; a first clause that is longer is cut
 * before a connecting word, so the core reads as a phrase (`... must be of type string`).
 */
function coreWords(clauses: readonly (readonly string[])[]): string[] {
  const words: string[] = [];
  for (const [index, clause] of clauses.entries()) {
    if (countOf(words) + countOf(clause) <= MAX_CORE_WORDS) {
      words.push(...clause);
      continue;
    }
    if (index > 0) break;
    let cut = 0;
    for (let taken = 0; cut < clause.length && taken < MAX_CORE_WORDS; cut += 1) if (counts(clause[cut] ?? '')) taken += 1;
    const connector = clause.slice(0, cut + 1).findLastIndex((word, at) => at >= 5 && CONNECTORS.has(word.toLowerCase()));
    words.push(...clause.slice(0, connector > 0 ? connector : cut));
    break;
  }
  return withoutTrailingConnectors(words);
}

const join = (...parts: readonly (string | readonly string[])[]): string => parts.flat().filter(Boolean).join(' ');

/** Lower-case words of `text` as a title is compared with: `options.port` -> options, port. */
export function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];
}

function acceptanceOf(codes: readonly string[], words: readonly string[]): Acceptance {
  const lowerCodes = new Set(codes.map((code) => code.toLowerCase()));
  const distinctive = new Set(wordsOf(words.join(' ')).filter((word) => word.length >= 2 && !FILLER.has(word) && !lowerCodes.has(word) && !/^\d+$/.test(word)));
  return { codes: [...lowerCodes], words: [...distinctive] };
}

/** The key of a described error, as `identityKey` reads a thrown one: its own code, its nearest cause. */
export function keyOfDescription(error: ErrorDescription): string {
  const causes = error.causes ?? [];
  const ownCode = error.code !== undefined && !causes.some((cause) => cause.code === error.code) ? error.code : '';
  const cause = causes[0];
  return errorKey({ name: error.name, code: ownCode, message: error.message, cause: cause && { name: cause.name, code: cause.code ?? '', message: cause.message } });
}

/**
 * Plans the searches for `error`, or returns null when nothing searchable is left after cleaning
 * or the app's `beforeSearch` vetoed the first search. `key` is the error's key when the caller
 * read it already (see `identityKey`); the fingerprint hashes it. Throws only what the app's own
 * `redact` or `beforeSearch` throw.
 */
export function planSearch(error: ErrorDescription, settings: SearchSettings, stackTags: readonly string[] = [], key?: string): SearchPlan | null {
  const causes = error.causes ?? [];
  // A code found only on a cause belongs to the cause.
  const ownCode = error.code !== undefined && !causes.some((cause) => cause.code === error.code) ? error.code : undefined;
  const top = subjectOf(error.name, ownCode, error.message, settings.redact);
  let subject = top;
  let context: Subject | undefined;
  if (isVague(top)) {
    for (const cause of causes) {
      const candidate = subjectOf(cause.name, cause.code, cause.message, settings.redact);
      if (!isVague(candidate)) {
        [subject, context] = [candidate, top];
        break;
      }
    }
  }

  const label = labelOf(subject);
  const all = withoutTrailingConnectors(subject.template.clauses.flat());
  // A cause is searched with the few words of the error it explains: `fetch failed connect ECONNREFUSED ...`.
  const explained = context ? withoutTrailingConnectors(context.template.clauses.flat()) : [];
  const core = join(explained, label, coreWords(subject.template.clauses));
  if (countOf(all) === 0 && subject.code === undefined && subject.template.codes.length === 0) return null;
  if (wordsOf(core).join('').length < 3) return null;

  const before = context ? [labelOf(context), ...withoutTrailingConnectors(context.template.clauses.flat())] : [];
  const whole = capWords(join(before, label, all), MAX_SEARCH_CHARS);
  const code = subject.code ?? subject.template.codes[0] ?? (GENERIC_NAMES.has(subject.name) ? undefined : subject.name);
  const keyWords = [...(context?.template.clauses.flat() ?? []), ...coreWords(subject.template.clauses)]
    .filter((word) => /\p{L}/u.test(word) && !FILLER.has(word.toLowerCase()) && word !== code && word !== label)
    .slice(0, KEY_WORDS);
  const candidates: Search[] = [
    { method: 'search/advanced', text: core },
    { method: 'similar', text: whole },
    ...(code ? [{ method: 'search/advanced' as const, text: join(code, keyWords) }] : []),
  ];

  const searches: Search[] = [];
  for (const candidate of candidates) {
    const rewritten = settings.beforeSearch ? settings.beforeSearch(withoutSearchSyntax(candidate.text)) : candidate.text;
    if (rewritten === false) {
      if (searches.length === 0) return null;
      continue;
    }
    // Cleaned again after the app's rewrite: whatever it returns, no search syntax is sent.
    const text = withoutSearchSyntax(String(rewritten));
    if (text && !searches.some((search) => search.text === text && search.method === candidate.method)) searches.push({ method: candidate.method, text });
  }
  const first = searches[0];
  if (!first) return null;

  const tags = [...new Set(settings.tags)].slice(0, MAX_TAGS);
  const kind = templateText(first.text);
  const codes = [...new Set([subject.code, ...subject.template.codes].filter((value): value is string => value !== undefined))];
  return {
    text: first.text,
    searches,
    tags,
    rankTags: stackTags.filter((tag) => !tags.includes(tag)),
    site: settings.site,
    accept: acceptanceOf(codes, [...explained, label, ...coreWords(subject.template.clauses)]),
    kind,
    fingerprint: fingerprint(settings.site, settings.tags, key ?? keyOfDescription(error)),
  };
}
