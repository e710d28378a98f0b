// The code frame on the page: the lines around the app's first frame, the failing one marked, with an editor link.
import { editorLink } from '../editor.js';
import { type Markup, html } from '../markup.js';
import type { CodeExcerpt } from '../source.js';

export const style = `
.soet-code h2 a{text-transform:none;letter-spacing:0;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.soet-code pre{margin:0;padding:.5rem 0;line-height:1.5}
.soet-line{display:block;padding:0 .75rem 0 0;white-space:pre}
.soet-ln{display:inline-block;min-width:3.5rem;padding-right:.75rem;text-align:right;color:var(--muted);user-select:none}
.soet-line-error{background:var(--mark)}
.soet-caret{display:block;white-space:pre;color:var(--accent);font-weight:700}
`;

/** Spaces up to `column`, keeping the line's own tabs so the caret lines up under the character. */
function caretIndent(text: string, column: number): string {
  return text.slice(0, Math.max(0, column - 1)).replace(/[^\t]/g, ' ');
}

export function codeFrame(excerpt: CodeExcerpt | undefined, absoluteFile: string | undefined, editor: string | null): Markup {
  if (!excerpt) return html``;
  const link = absoluteFile ? editorLink(editor, { file: absoluteFile, line: excerpt.line, column: excerpt.column }) : undefined;
  const label = `${excerpt.file}:${excerpt.line}:${excerpt.column}`;
  const width = String(excerpt.lines.at(-1)?.number ?? 0).length;
  return html`<section class="soet-card soet-code" aria-label="Code"><h2>${link ? html`<a href="${link}" title="Open in your editor">${label}</a>` : label}</h2><pre><code>${excerpt.lines.map((line) => {
    const failing = line.number === excerpt.line;
    const number = String(line.number).padStart(width);
    return html`<span class="soet-line${failing ? ' soet-line-error' : ''}"><span class="soet-ln">${number}</span>${line.text}</span>${failing ? html`<span class="soet-caret"><span class="soet-ln"></span>${caretIndent(line.text, excerpt.column)}^</span>` : ''}`;
  })}</code></pre></section>`;
}
