// Known message shapes and the parts of them that belong to the app: `Cannot access {name} before initialization`.
import type { Token } from './tokens.js';
import { GLOBALS, KNOWN_METHODS, SHARED_OBJECTS, VALUES } from './lexicon.js';

/**
 * Each rule reads like the message it knows. A plain word must be there (any case); `-word` must be
 * there and is left out of the query; `{slot}` is one word, quoted part or path of the message:
 * - `{drop}` is left out; `{drop?}` too, and may be missing (it only takes run data);
 * - `{name}` is left out unless it is a global, a value (`undefined`) or on a shared object (`req.body`);
 * - `{method}` keeps only the method when it is a known one (`products.map` -> `map`);
 * - `{under}` keeps a name like `_id` that every app has;  `{notcode}` keeps only a code;
 * - `{rest}` leaves out the rest of the line, `{clause}` the rest of its clause, `{before}` the start of it.
 * `[ ... ]` groups words that go with their slots: unless a slot in it keeps its word, its words are left out.
 * `^` first: the rule applies only at the start of a sentence or clause.
 */
const RULES: readonly string[] = [
  'Cannot access {drop} before initialization',
  '{name} is not defined',
  '{method} is not a function',
  '{name} is not iterable',
  '{name} is not a constructor',
  'Class constructor {drop} cannot be invoked',
  'Cannot destructure property {drop} of {name}',
  'Failed to lookup view {drop} in views directory {drop?}',
  'registered for model {drop}',
  'Cannot overwrite {drop} model',
  'Operation {method} buffering',
  '{drop} validation failed {drop}',
  'Path {drop} is required',
  '[ at path {under} ]',
  '[ for model {drop} ]',
  'for value {drop?} [ type {drop} ]',
  'Violation {drop} cannot',
  '{drop} is not associated [ to {drop} ]',
  'collection {drop} [ index {drop} ] dup key {rest}',
  'on the fields {rest}',
  'spawn {notcode}',
  '{before} could not be cloned',
  'Named export {drop} not found',
  'requested module {drop} is',
  '[ at position {drop} ]',
  '[ at index {drop} ]',
  '[ at line {drop} ]',
  '[ line {drop} column {drop} ]',
  '^ -Received {rest}',
  '[ imported from {drop?} ]',
  '[ visit {drop?} for info ]',
  'ENOTFOUND {drop}',
  'EAI_AGAIN {drop}',
  'Invalid regular expression {clause}',
  'Invalid status code {drop}',
];

type Slot = 'drop' | 'name' | 'method' | 'under' | 'notcode' | 'rest' | 'clause' | 'before';

type Element =
  | { readonly type: 'word'; readonly word: string; readonly dropped: boolean; readonly group: number }
  | { readonly type: 'slot'; readonly slot: Slot; readonly optional: boolean; readonly group: number };

interface Rule {
  readonly elements: readonly Element[];
  readonly atClauseStart: boolean;
}

function compile(source: string): Rule {
  const elements: Element[] = [];
  let group = 0;
  let groups = 0;
  let atClauseStart = false;
  for (const part of source.split(' ')) {
    if (part === '^') atClauseStart = true;
    else if (part === '[') group = ++groups;
    else if (part === ']') group = 0;
    else if (part.startsWith('{')) elements.push({ type: 'slot', slot: part.replace(/[{}?]/g, '') as Slot, optional: part.endsWith('?}'), group });
    else elements.push({ type: 'word', word: part.replace(/^-/, '').toLowerCase(), dropped: part.startsWith('-'), group });
  }
  return { elements, atClauseStart };
}

/** Rules by the first word they must see, so that each word of a message looks at a few rules at most. */
const BY_ANCHOR = new Map<string, { rule: Rule; offset: number }[]>();
for (const rule of RULES.map(compile)) {
  const anchor = rule.elements.findIndex((element) => element.type === 'word');
  const element = rule.elements[anchor];
  if (element?.type !== 'word') continue;
  // Units the rule reads before its first word: one slot at most (`{before}` reads none).
  const offset = rule.elements.slice(0, anchor).filter((before) => before.type === 'slot' && before.slot !== 'before').length;
  BY_ANCHOR.set(element.word, [...(BY_ANCHOR.get(element.word) ?? []), { rule, offset }]);
}

/** The words of a line: tokens that are not space or punctuation, with where clauses break. */
export interface Units {
  readonly tokens: readonly Token[];
  /** Indices into `tokens`. */
  readonly at: readonly number[];
  /** Whether a clause ends between the previous unit and this one (always true for the first). */
  readonly breakBefore: readonly boolean[];
}

const RUN_DATA = new Set(['path', 'url', 'quoted', 'host', 'address', 'data', 'id', 'number']);

function inner(token: Token): string {
  return (token.kind === 'quoted' ? token.text.slice(1, -1) : token.text).replace(/\(\)$/, '');
}

/** What a slot leaves of its token. */
function fill(slot: Slot, token: Token): string {
  const text = inner(token);
  switch (slot) {
    case 'name': {
      const first = text.split('.')[0] ?? '';
      return GLOBALS.has(text) || VALUES.has(text) || (text.includes('.') && SHARED_OBJECTS.has(first)) ? token.shown : '';
    }
    case 'method': {
      const last = text.split('.').pop() ?? '';
      return KNOWN_METHODS.has(last) || GLOBALS.has(last) ? last : '';
    }
    case 'under':
      return text.startsWith('_') ? token.shown : '';
    case 'notcode':
      return token.kind === 'code' ? token.shown : '';
    default:
      return '';
  }
}

interface Match {
  /** Unit index -> what it shows now. */
  readonly changes: Map<number, string>;
  /** The unit after the match. */
  readonly end: number;
}

function matchAt(units: Units, rule: Rule, start: number, from: number): Match | undefined {
  const { tokens, at, breakBefore } = units;
  const word = (u: number): string | undefined => {
    const token = tokens[at[u] ?? -1];
    return token && (token.kind === 'word' || token.kind === 'code') ? token.text.toLowerCase() : undefined;
  };
  const changes = new Map<number, string>();
  const keptIn = new Set<number>();
  const wordsOf = new Map<number, number[]>();
  let u = start;
  for (const [index, element] of rule.elements.entries()) {
    if (element.type === 'word') {
      if (word(u) !== element.word) return undefined;
      if (element.dropped) changes.set(u, '');
      if (element.group) wordsOf.set(element.group, [...(wordsOf.get(element.group) ?? []), u]);
      u += 1;
      continue;
    }
    const token = tokens[at[u] ?? -1];
    if (element.slot === 'before') {
      for (let v = from; v < u; v += 1) changes.set(v, '');
      continue;
    }
    if (element.slot === 'rest' || element.slot === 'clause') {
      const first = u;
      while (u < at.length && (element.slot === 'rest' || u === first || !breakBefore[u])) changes.set(u++, '');
      continue;
    }
    if (element.optional) {
      const next = rule.elements[index + 1];
      if (!token || !RUN_DATA.has(token.kind) || (next?.type === 'word' && word(u) === next.word)) continue;
    } else if (!token) {
      return undefined;
    }
    if (!token) continue;
    const shown = fill(element.slot, token);
    changes.set(u, shown);
    if (element.group && shown !== '') keptIn.add(element.group);
    u += 1;
  }
  // A group none of whose slots kept a word (or whose run data was already gone) leaves its words out.
  for (const [group, words] of wordsOf) {
    if (!keptIn.has(group)) for (const w of words) changes.set(w, '');
  }
  return { changes, end: u };
}

/** Applies the known message shapes to `units`, in one pass: each word is an anchor at most once. */
export function applyRules(units: Units): void {
  const { tokens, at, breakBefore } = units;
  let clauseStart = 0;
  let lastEnd = 0;
  for (let u = 0; u < at.length; u += 1) {
    if (breakBefore[u]) clauseStart = u;
    const token = tokens[at[u] ?? -1];
    const candidates = token && (token.kind === 'word' || token.kind === 'code') ? BY_ANCHOR.get(token.text.toLowerCase()) : undefined;
    if (!candidates) continue;
    for (const { rule, offset } of candidates) {
      // A slot before the first word must be in the same clause, and not in an earlier match.
      const start = u - offset;
      if ((rule.atClauseStart && !breakBefore[u]) || start < Math.max(clauseStart, lastEnd)) continue;
      const match = matchAt(units, rule, start, Math.max(clauseStart, lastEnd));
      if (!match) continue;
      for (const [v, shown] of match.changes) {
        const changed = tokens[at[v] ?? -1];
        if (changed) changed.shown = shown;
      }
      // Continue after the match, so no part of the line is read twice.
      lastEnd = match.end;
      for (let v = u + 1; v < match.end; v += 1) if (breakBefore[v]) clauseStart = v;
      u = Math.max(u, match.end - 1);
      break;
    }
  }
}
