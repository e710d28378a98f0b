// The cause chain on the page: each `cause` below the error, with where it was thrown in the app.
import { formatFrame } from '../../stack.js';
import { editorLink } from '../editor.js';
import { type Markup, html } from '../markup.js';
import type { CauseView } from '../model.js';

export const style = `
.soet-causes ol{margin:0;padding-left:1.25rem;display:grid;gap:.5rem}
.soet-causes .soet-cause-name{font-weight:700;color:var(--accent)}
.soet-causes p{margin:0;white-space:pre-wrap}
`;

export function causes(list: readonly CauseView[], editor: string | null, cwd: string): Markup {
  if (list.length === 0) return html``;
  return html`<section class="soet-card soet-causes" aria-label="Cause chain"><h2>Caused by</h2><ol>${list.map((cause) => {
    const link = cause.frame ? editorLink(editor, cause.frame) : undefined;
    const where = cause.frame ? formatFrame(cause.frame, cwd) : undefined;
    return html`<li><p><span class="soet-cause-name">${cause.name}</span>${cause.code ? html` <code>${cause.code}</code>` : ''}: ${cause.message}</p>${where ? html`<p class="soet-muted">at ${link ? html`<a href="${link}">${where}</a>` : where}</p>` : ''}</li>`;
  })}</ol></section>`;
}
