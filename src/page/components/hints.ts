// Offline hints on the page: Node's documentation for its own error codes, system errors in plain English.
import type { Hint } from '../../hints.js';
import { type Markup, html } from '../markup.js';

export const style = `
.soet-hints ul{list-style:none;margin:0;padding:0;display:grid;gap:.4rem}
.soet-hints li{display:flex;gap:.5rem;align-items:baseline}
.soet-tag{flex:none;font-size:.75rem;font-weight:700;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);border:1px solid var(--border);border-radius:4px;padding:0 .35rem}
`;

/** Hint links are soet's own, to the Node.js docs; anything else would be shown as text. */
function docsLink(link: string | undefined): string | undefined {
  return link?.startsWith('https://nodejs.org/') ? link : undefined;
}

/** The hints, without the one that says where the error was thrown (the header says it). */
export function hints(list: readonly Hint[]): Markup {
  const shown = list.filter((hint) => hint.kind !== 'user-frame');
  if (shown.length === 0) return html``;
  return html`<section class="soet-card soet-hints" aria-label="Hints"><h2>Hints</h2><ul>${shown.map((hint) => {
    const link = docsLink(hint.link);
    return html`<li><span class="soet-tag">${hint.kind === 'node-docs' ? 'docs' : 'hint'}</span><span>${hint.text}${link ? html` <a href="${link}" rel="noopener noreferrer" target="_blank">Node.js docs</a>` : ''}</span></li>`;
  })}</ul></section>`;
}
