// Markdown pieces for Copy as Markdown: inline code and links that untrusted text cannot break out of.

/** `text` as inline code, fenced with more backticks than it contains. */
export function inlineCode(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  const longest = Math.max(0, ...(oneLine.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = oneLine.startsWith('`') || oneLine.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${oneLine}${pad}${fence}`;
}

/** A Markdown link; the text's brackets are escaped, and `href` must already be a checked address. */
export function markdownLink(text: string, href: string): string {
  return `[${text.replace(/\s+/g, ' ').trim().replace(/([\\[\]])/g, '\\$1')}](${href.replace(/[()\s]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)})`;
}
