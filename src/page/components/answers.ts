// The answers on the page: a slot shown at once, then the questions with their best answers when the lookup ends.
import type { FoundQuestion, LookupResult } from '../../result.js';
import { safeLink } from '../../render/links.js';
import { oneLine } from '../../sanitize.js';
import { type Markup, html } from '../markup.js';
import type { AnswerSanitizer } from '../sanitize.js';
import { byline, licence } from './attribution.js';
import { inlineCode, markdownLink } from './markdown.js';

export const style = `
.soet-answers{border-left:4px solid var(--link)}
.soet-pending p{margin:0;color:var(--muted)}
.soet-pending p::before{content:"";display:inline-block;width:.7rem;height:.7rem;margin-right:.5rem;border-radius:50%;border:2px solid var(--link);border-right-color:transparent;animation:soet-spin 1s linear infinite;vertical-align:-.05rem}
@keyframes soet-spin{to{transform:rotate(360deg)}}
@media (prefers-reduced-motion:reduce){.soet-pending p::before{animation:none}}
.soet-searched{margin:0 0 1rem;color:var(--muted);font-size:.9rem}
.soet-outcome{margin:0}
.soet-question{border-top:1px solid var(--border);padding:1rem 0 .25rem}
.soet-question h3 a{text-decoration:none}
.soet-question h3 a:hover{text-decoration:underline}
.soet-meta{display:flex;flex-wrap:wrap;gap:.1rem .6rem;margin:0 0 .5rem;font-size:.85rem;color:var(--muted)}
.soet-accepted{color:var(--ok);font-weight:700}
.soet-answer{border:1px solid var(--border);border-radius:8px;padding:.75rem 1rem;margin-top:.5rem}
.soet-answer-body>:first-child{margin-top:0}
.soet-answer-body>:last-child{margin-bottom:0}
.soet-answer-body blockquote{margin:.5rem 0;padding:0 .75rem;border-left:3px solid var(--border);color:var(--muted)}
.soet-answer-body table{border-collapse:collapse;display:block;overflow-x:auto}
.soet-answer-body td,.soet-answer-body th{border:1px solid var(--border);padding:.2rem .5rem}
.soet-answer-body h1,.soet-answer-body h2,.soet-answer-body h3,.soet-answer-body h4{font-size:1rem;text-transform:none;letter-spacing:0;color:var(--text)}
`;

export function siteLabel(site: string): string {
  return site === 'stackoverflow' ? 'Stack Overflow' : site;
}

/** Shown at once, where the answers will go: what soet is searching for. */
export function answersSlot(query: string | null, site: string): Markup {
  const searching = query ? html`Looking up ${inlineCodeHtml(query)} on ${siteLabel(site)}…` : html`Nothing to look up.`;
  return html`<section id="soet-answers-slot" class="soet-card soet-answers soet-pending" aria-label="Stack Overflow" aria-busy="true"><h2>${siteLabel(site)}</h2><p>${searching}</p></section>`;
}

function inlineCodeHtml(text: string): Markup {
  return html`<code>${text}</code>`;
}

function question(item: FoundQuestion, sanitize: AnswerSanitizer | undefined): Markup {
  const link = safeLink(item.link);
  const title = oneLine(item.title);
  const answer = item.bestAnswer;
  const answerLink = answer ? safeLink(answer.link) : undefined;
  const body = answer && sanitize ? sanitize(answer.html, link ?? 'https://stackoverflow.com/') : undefined;
  return html`<article class="soet-question"><h3>${link ? html`<a href="${link}" rel="noopener noreferrer" target="_blank">${title}</a>` : title}</h3>
<p class="soet-meta"><span>▲ ${item.score}</span><span>${item.answerCount} ${item.answerCount === 1 ? 'answer' : 'answers'}</span>${item.hasAcceptedAnswer ? html`<span class="soet-accepted">✓ accepted answer</span>` : ''}${byline('asked', item.author, item.createdAt)}${link ? '' : html`<span>link withheld: not a Stack Exchange address</span>`}</p>
${answer ? html`<div class="soet-answer"><p class="soet-meta">${answer.isAccepted ? html`<span class="soet-accepted">✓ Accepted</span>` : html`<span>Top answer</span>`}<span>▲ ${answer.score}</span>${byline('answered', answer.author, answer.createdAt, answer.editedAt)}${answerLink ? html`<a href="${answerLink}" rel="noopener noreferrer" target="_blank">share link</a>` : ''}</p><div class="soet-answer-body">${body ?? html`<p>This answer cannot be shown here; read it on ${link ? html`<a href="${link}" rel="noopener noreferrer" target="_blank">Stack Overflow</a>` : 'Stack Overflow'}.</p>`}</div></div>` : ''}
</article>`;
}

/** The answers as Markdown: the query, then a link per question and to its best answer. */
function markdown(result: LookupResult, outcome: string): string {
  const lines = [result.query ? `Searched ${siteLabel(result.site)} for ${inlineCode(result.query)}` : outcome];
  for (const item of result.questions) {
    const link = safeLink(item.link);
    const answer = item.bestAnswer && safeLink(item.bestAnswer.link);
    if (link) lines.push(`- ${markdownLink(oneLine(item.title), link)}${answer ? ` (${item.bestAnswer?.isAccepted ? 'accepted' : 'top'} answer: ${answer})` : ''}`);
  }
  if (result.status !== 'found' && result.query) lines.push(outcome);
  return lines.join('\n');
}

/** What happened, in one line, when there are no answers to show (or not all of them). */
function outcomeLine(result: LookupResult): string {
  const site = siteLabel(result.site);
  switch (result.status) {
    case 'found':
      return result.failure ? `Answers not shown: ${oneLine(result.failure.message)}` : '';
    case 'none':
      return `No ${site} results for this error.`;
    case 'failed':
      return `No answers: ${oneLine(result.failure?.message ?? 'the lookup failed')}`;
    case 'skipped':
      return result.failure ? oneLine(result.failure.message) : 'Nothing to search for: the thrown value has no message soet can search with.';
  }
}

export function answersSection(result: LookupResult, sanitize: AnswerSanitizer | undefined): Markup {
  const site = siteLabel(result.site);
  const outcome = outcomeLine(result);
  const sent = result.searches.length > 1 ? result.searches.map((search) => search.text) : [];
  return html`<section id="soet-answers" class="soet-card soet-answers" aria-label="${site}" data-markdown="${markdown(result, outcome)}"><h2>${site}</h2>
${result.query ? html`<p class="soet-searched">Searched for ${inlineCodeHtml(result.query)}, tagged ${result.tags.join(', ')}${sent.length > 0 ? html`; then ${sent.slice(1).map((text, index) => html`${index > 0 ? ', ' : ''}${inlineCodeHtml(text)}`)}` : ''}${result.fromCache ? ' (from soet’s cache)' : ''}.</p>` : ''}
${outcome ? html`<p class="soet-outcome">${outcome}</p>` : ''}
${result.questions.map((item) => question(item, sanitize))}
${result.notices.map((notice) => html`<p class="soet-muted">${notice}</p>`)}
${result.questions.length > 0 ? licence(site) : ''}
</section>`;
}
