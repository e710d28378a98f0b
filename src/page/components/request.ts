// The request on the page: method and URL, query and headers; masked values say so instead of showing.
import { type Markup, html } from '../markup.js';
import type { Field, RequestView } from '../request.js';

export const style = `
.soet-fields{display:grid;grid-template-columns:minmax(8rem,max-content) minmax(0,1fr);gap:.2rem 1rem;margin:0 0 1rem;font-size:.9rem}
.soet-fields dt{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:var(--muted)}
.soet-fields dd{margin:0;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}
.soet-masked{font-family:system-ui,sans-serif;font-style:italic;color:var(--muted)}
.soet-request h3{font-size:.9rem;color:var(--muted);margin:.75rem 0 .35rem}
.soet-request-line{margin:0;overflow-wrap:anywhere}
@media (max-width:480px){.soet-fields{grid-template-columns:minmax(0,1fr)}.soet-fields dd{margin-bottom:.35rem}}
`;

function fields(list: readonly Field[]): Markup {
  return html`<dl class="soet-fields">${list.map((field) => html`<dt>${field.name}</dt><dd>${field.masked ? html`<span class="soet-masked">masked</span>` : field.value}</dd>`)}</dl>`;
}

export function request(view: RequestView): Markup {
  return html`<section class="soet-card soet-request" aria-label="Request"><h2>Request</h2><p class="soet-request-line"><code>${view.method} ${view.url}</code></p>${
    view.query.length > 0 ? html`<h3>Query</h3>${fields(view.query)}` : ''
  }<h3>Headers</h3>${fields(view.headers)}<p class="soet-muted">Cookies, credentials and values that look secret are masked, by the rules soet redacts queries with.</p></section>`;
}
