// The last step before a text is sent: nothing in it that Stack Overflow's search reads as syntax.

/** The longest text sent as `q` or `title`. */
export const MAX_SEARCH_CHARS = 150;

/**
 * `text` without search syntax: no `[tag]` filter, no `"exact phrase"`, no `-excluded` word, no
 * `key:value` operator (`is:`, `user:`, `code:`...), no wildcard, no code span, and no upper-case
 * `OR`/`AND`/`NOT` (they are lowered). Colons between digits stay (`127.0.0.1:5432`, `::1`). Idempotent.
 */
export function withoutSearchSyntax(text: string): string {
  return capWords(
    text
      .replace(/["[\]*`\u201c\u201d]/g, ' ')
      // A colon after a letter (`TypeError:`, `is:`) or before one (`node:fs`) could start an operator.
      .replace(/(?<=[\p{L}_$'.)])\s*:|:(?=\s*[\p{L}_$])/gu, ' ')
      .replace(/(^|\s)[-+~!]+(?=\S)/g, '$1')
      .replace(/(^|\s)(OR|AND|NOT)(?=\s|$)/g, (_m, space: string, word: string) => `${space}${word.toLowerCase()}`)
      .replace(/\s+/g, ' ')
      .trim(),
    MAX_SEARCH_CHARS,
  );
}

/** `text` cut at a word boundary, at most `max` characters long. */
export function capWords(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max + 1);
  const lastSpace = cut.lastIndexOf(' ');
  return (lastSpace > max / 2 ? cut.slice(0, lastSpace) : cut.slice(0, max)).trim();
}
