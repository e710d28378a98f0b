// Attribution on the page: who asked and who answered, when, linked to their profiles; the licence line.
import { safeLink } from '../../render/links.js';
import type { Author } from '../../result.js';
import { oneLine, truncate } from '../../sanitize.js';
import { type Markup, html } from '../markup.js';

export const style = `
.soet-byline{color:var(--muted);font-size:.85rem}
.soet-licence{margin:1rem 0 0;color:var(--muted);font-size:.85rem}
`;

/** `2020-09-13` for an ISO date, in a <time> element; nothing for anything else. */
function date(iso: string | undefined): Markup | '' {
  if (iso === undefined || !/^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(iso)) return '';
  return html`<time datetime="${iso}">${iso.slice(0, 10)}</time>`;
}

/** The author's name, linked to their profile only when it is an https Stack Exchange address. */
function authorName(author: Author): Markup {
  const name = truncate(oneLine(author.name), 80) || 'an unnamed user';
  const profile = safeLink(author.link);
  return profile ? html`<a href="${profile}" rel="noopener noreferrer" target="_blank">${name}</a>` : html`${name}`;
}

/** "asked by Name on 2020-09-13", "answered by Name on …, edited …": only what the API sent. */
export function byline(verb: 'asked' | 'answered', author: Author | undefined, createdAt?: string, editedAt?: string): Markup {
  const when = date(createdAt);
  const edited = date(editedAt);
  if (!author && !when) return html``;
  return html`<span class="soet-byline">${verb}${author ? html` by ${authorName(author)}` : ''}${when ? html` on ${when}` : ''}${edited ? html`, edited ${edited}` : ''}</span>`;
}

/** The licence line under the answers: CC BY-SA asks that the source and the licence be named. */
export function licence(siteLabel: string): Markup {
  return html`<p class="soet-licence">Questions and answers from ${siteLabel}, by the authors named, licensed under <a href="https://stackoverflow.com/help/licensing" rel="noopener noreferrer" target="_blank">CC BY-SA</a>.</p>`;
}
