// The message template: one line of a message as a developer would type it, clause by clause.
import { applyRules, type Units } from './rules.js';
import { type Token, numberTells, tokenize } from './tokens.js';

export { isNodeCode, type Token, type TokenKind, templateText } from './tokens.js';

/** A line read as a template: its tokens, and the words a search keeps from each clause. */
export interface Template {
  /** Every token of the line, classified, with what a query shows for each (`shown`). */
  readonly tokens: readonly Token[];
  /** What a query keeps, clause by clause: `[['ENOENT', 'no', 'such', 'file', 'or', 'directory'], ['open']]`. */
  readonly clauses: readonly (readonly string[])[];
  /** The codes in the line (`ECONNREFUSED`, `E11000`), in order. */
  readonly codes: readonly string[];
}

const CLAUSE_BREAK = new Set([',', ';', ':', '.', '!', '?', '-->', '→', '|']);
const COMPARISON = new Set(['>=', '<=', '<', '>']);

function units(tokens: readonly Token[]): Units {
  const at: number[] = [];
  const breakBefore: boolean[] = [];
  let broken = true;
  tokens.forEach((token, index) => {
    if (token.kind === 'space') return;
    if (token.kind === 'punct') {
      if (CLAUSE_BREAK.has(token.text)) broken = true;
      return;
    }
    at.push(index);
    breakBefore.push(broken);
    broken = false;
  });
  return { tokens, at, breakBefore };
}

/** Numbers that tell errors apart stay, with a comparison's operator (`should be >= 0 and < 65536`). */
function keepTellingNumbers(tokens: readonly Token[]): void {
  let previousWord = '';
  let previousPunct: Token | undefined;
  for (const token of tokens) {
    if (token.kind === 'space') continue;
    if (token.kind === 'number' && numberTells(token.text, previousWord, previousPunct?.text)) {
      token.shown = token.text;
      if (previousPunct && COMPARISON.has(previousPunct.text)) previousPunct.shown = previousPunct.text;
    }
    previousPunct = token.kind === 'punct' ? token : undefined;
    if (token.kind !== 'punct') previousWord = token.text;
  }
}

/**
 * Reads one line of a message (redacted, when it is to be sent) as its template. A single pass over
 * the line's tokens, then over its words; no redaction is needed to compute it, so fingerprints can
 * use it too (run data are the tokens of kinds `number`, `id`, `address`, `host`, `path`, `url`, `data`).
 */
export function templateOf(line: string): Template {
  const tokens = tokenize(line);
  keepTellingNumbers(tokens);
  const read = units(tokens);
  applyRules(read);
  const clauses: string[][] = [];
  let clause: string[] = [];
  let lastShown = -1;
  read.at.forEach((index, u) => {
    if (read.breakBefore[u] && clause.length > 0) {
      clauses.push(clause);
      clause = [];
    }
    // Operators kept before a number sit between units: show them where they stand.
    for (let between = lastShown + 1; between < index; between += 1) {
      const token = tokens[between];
      if (token?.kind === 'punct' && token.shown) clause.push(token.shown);
    }
    lastShown = index;
    const shown = tokens[index]?.shown;
    if (shown) clause.push(shown);
  });
  if (clause.length > 0) clauses.push(clause);
  const codes = tokens.filter((token) => token.kind === 'code').map((token) => token.text);
  return { tokens, clauses, codes };
}
