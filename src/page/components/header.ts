// The page's header: status, request line, the error's name, code and message, where it was thrown, and Copy as Markdown.
import { formatFrame } from '../../stack.js';
import { editorLink } from '../editor.js';
import { type Markup, html } from '../markup.js';
import type { ErrorView } from '../model.js';
import type { RequestLine } from '../request.js';
import { inlineCode } from './markdown.js';

export const style = `
.soet-header{border-top:4px solid var(--accent)}
.soet-kicker{display:flex;flex-wrap:wrap;gap:.25rem .6rem;align-items:center;margin:0 0 .5rem;color:var(--muted);font-size:.9rem}
.soet-status{background:var(--accent);color:#fff;font-weight:700;border-radius:999px;padding:0 .55rem}
.soet-name{margin:0;font-weight:700;color:var(--accent);font-size:1rem}
.soet-name code{margin-left:.4rem;font-weight:600;color:var(--text)}
.soet-message{margin:.25rem 0 .5rem;font-size:1.35rem;line-height:1.35;white-space:pre-wrap;max-height:24rem;overflow-y:auto}
.soet-where{margin:0;color:var(--muted);font-size:.95rem}
.soet-actions{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin-top:.75rem}
.soet-actions button{font:inherit;font-size:.9rem;border:1px solid var(--border);background:var(--code-bg);color:var(--text);border-radius:6px;padding:.3rem .75rem;cursor:pointer}
.soet-actions button:hover{border-color:var(--link)}
#soet-markdown{width:100%;min-height:8rem;font:inherit;font-size:.85rem;background:var(--code-bg);color:var(--text);border:1px solid var(--border);border-radius:6px}
`;

/** The error as one Markdown line, for Copy as Markdown. */
function markdown(view: ErrorView, request: RequestLine, where: string | undefined): string {
  const description = view.description;
  const title = description ? `**${description.name}**: ${description.message.split('\n')[0] ?? ''}` : `Thrown: ${view.thrown ?? ''}`;
  const code = description?.code ? ` (${inlineCode(description.code)})` : '';
  const place = where ? `\nThrown at ${inlineCode(where)}` : '';
  return `${title}${code}${place}\n${inlineCode(`${request.method} ${request.url}`)} answered ${view.status}`;
}

export function header(view: ErrorView, request: RequestLine, editor: string | null, cwd: string): Markup {
  const { description } = view;
  const frame = view.appFrame;
  const where = frame ? formatFrame(frame, cwd) : undefined;
  const link = frame ? editorLink(editor, frame) : undefined;
  return html`<header class="soet-card soet-header" data-markdown="${markdown(view, request, where)}">
<p class="soet-kicker"><span class="soet-status">${view.status}</span><code>${request.method} ${request.url}</code></p>
<p class="soet-name">${description ? description.name : 'A value that is not an Error was thrown'}${description?.code ? html`<code>${description.code}</code>` : ''}</p>
<h1 class="soet-message">${description ? description.message || '(no message)' : view.thrown}</h1>
${where ? html`<p class="soet-where">thrown at ${link ? html`<a href="${link}">${where}</a>` : html`<code>${where}</code>`}</p>` : ''}
<div class="soet-actions"><button type="button" id="soet-copy">Copy as Markdown</button><span id="soet-copy-status" role="status"></span></div>
<textarea id="soet-markdown" readonly hidden aria-label="The page as Markdown"></textarea>
</header>`;
}
