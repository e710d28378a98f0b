// Renders a lookup result as the block soet prints: header, hints, questions with their best answers, attributed.
import type { Env } from '../env.js';
import type { FoundQuestion, LookupResult } from '../lookup.js';
import type { Author } from '../result.js';
import type { OutputStream } from '../options.js';
import { oneLine, truncate } from '../sanitize.js';
import { colorEnabled, palette as makePalette, type Palette } from './color.js';
import { renderAnswer } from './html.js';
import { questionLink, safeLink } from './links.js';

export interface RenderOptions {
  /** Force colour on or off; default: decided from `stream` and the environment (NO_COLOR, FORCE_COLOR, TERM, TTY). */
  readonly color?: boolean;
  /** Columns to wrap to; default: the stream's width, else 80 (kept between 40 and 120). */
  readonly width?: number;
  /** The stream the text is for, to decide colour and width. Default: none (no colour, 80 columns). */
  readonly stream?: OutputStream;
  /** Lines of each answer shown before it is cut with a pointer to its link. Default: 15; at most 100. */
  readonly answerLines?: number;
  /** Environment for the colour decision. Default: process.env. */
  readonly env?: Env;
}

const ANSWER_INDENT = '     ';

function siteLabel(site: string): string {
  return site === 'stackoverflow' ? 'Stack Overflow' : site;
}

/** The error as the header shows it: name, code, first line of the message, all made inert. */
function errorLabel(result: LookupResult): string {
  if (!result.error) return 'an error';
  const { name, message, code } = result.error;
  const firstLine = oneLine(message.split('\n')[0] ?? '');
  const label = code && !firstLine.includes(code) ? `${name} [${oneLine(code)}]` : oneLine(name);
  return truncate(firstLine ? `${label}: ${firstLine}` : label, 200);
}

/** The error's nearest cause, as the header's second line: `cause Error: connect ECONNREFUSED ...`. */
function causeLine(result: LookupResult, paint: Palette): string[] {
  const cause = result.error?.cause;
  if (!cause) return [];
  const firstLine = oneLine(cause.message.split('\n')[0] ?? '');
  return [`   ${paint.dim('cause')} ${truncate(firstLine ? `${oneLine(cause.name)}: ${firstLine}` : oneLine(cause.name), 200)}`];
}

/**
 * Who wrote a question or an answer, and when, as CC BY-SA asks: `answered by Ann <profile> · 2021-03-04,
 * edited 2023-01-02`. The profile is shown only when it is a link on the network. Undefined when the API
 * sent neither an author nor a date.
 */
function attribution(verb: 'asked' | 'answered', author: Author | undefined, createdAt: string | undefined, editedAt: string | undefined, paint: Palette): string | undefined {
  const name = author ? truncate(oneLine(author.name), 40) : '';
  if (!name && !createdAt) return undefined;
  const profile = safeLink(author?.link);
  const when = [createdAt?.slice(0, 10), editedAt ? `edited ${editedAt.slice(0, 10)}` : undefined].filter(Boolean).join(', ');
  return `${ANSWER_INDENT}${paint.dim(`${verb}${name ? ` by ${name}` : ''}`)}${profile ? ` ${paint.link(profile)}` : ''}${when ? paint.dim(` · ${when}`) : ''}`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function questionLines(question: FoundQuestion, rank: number, width: number, answerLines: number, paint: Palette): string[] {
  // The question's own address, as the API gives it: a direct link, not the redirecting /q/ID form.
  const link = questionLink(question.link, question.id);
  const lines = [`${String(rank).padStart(2)}. ${paint.title(truncate(oneLine(question.title), 300))}`];
  const meta = [
    `▲ ${question.score}`,
    plural(question.answerCount, 'answer'),
    ...(question.hasAcceptedAnswer ? [paint.accepted('✓ accepted')] : []),
  ].join(' · ');
  lines.push(`${ANSWER_INDENT}${paint.meta(meta)}${link ? `  ${paint.link(link)}` : paint.warning('  (link withheld: not a Stack Exchange address)')}`);
  const asked = attribution('asked', question.author, question.createdAt, undefined, paint);
  if (asked) lines.push(asked);
  const answer = question.bestAnswer;
  if (!answer) return lines;
  const rendered = renderAnswer(answer.html, { width: width - ANSWER_INDENT.length, maxLines: answerLines, palette: paint, base: link ?? 'https://stackoverflow.com/' });
  lines.push(...rendered.lines.map((line) => (line ? ANSWER_INDENT + line : '')));
  if (rendered.omitted > 0 || rendered.cut) {
    const answerLink = safeLink(answer.link) ?? link;
    const more = rendered.omitted > 0 ? `${plural(rendered.omitted, 'more line')}${rendered.cut ? ' and more' : ''}` : 'the rest';
    lines.push(`${ANSWER_INDENT}${paint.dim(`… ${more}${answerLink ? ` at ${answerLink}` : ''}`)}`);
  }
  const answered = attribution('answered', answer.author, answer.createdAt, answer.editedAt, paint);
  if (answered) lines.push(answered);
  return lines;
}

function columns(options: RenderOptions): number {
  const width = options.width ?? options.stream?.columns ?? 80;
  return Math.min(120, Math.max(40, Math.floor(width)));
}

/**
 * Renders `result` as text for a terminal, ending in a newline; '' when there is nothing to say.
 * Everything taken from the error or the API is stripped of control sequences; only soet's own
 * colour codes remain. Does not throw for any API content, and takes bounded time: answers are
 * read up to 64 KB of HTML and 32 levels of nesting, and shown up to `answerLines` lines (100 at
 * most); a cut is marked and followed by the answer's link.
 */
export function render(result: LookupResult, options: RenderOptions = {}): string {
  const color = options.color ?? colorEnabled(options.stream, options.env ?? process.env);
  const paint = makePalette(color);
  const width = columns(options);
  const answerLines = options.answerLines ?? 15;
  const brand = paint.brand('soet ▸');
  const label = errorLabel(result);
  const lines: string[] = [];
  // Where it was thrown fits on the header; the other hints take a line each.
  const frame = result.hints.find((hint) => hint.kind === 'user-frame');
  const where = frame ? `  ${paint.dim(oneLine(frame.text))}` : '';
  const hints = result.hints
    .filter((hint) => hint !== frame)
    .map((hint) => `   ${paint.dim('hint')} ${oneLine(hint.text)}${hint.link ? ` ${paint.link(hint.link)}` : ''}`);

  switch (result.status) {
    case 'found':
      lines.push(`${brand} ${paint.heading(label)}${where}`, ...causeLine(result, paint), ...hints);
      result.questions.forEach((question, index) => lines.push(...questionLines(question, index + 1, width, answerLines, paint)));
      if (result.failure) lines.push(`   ${paint.warning(`answers not shown: ${oneLine(result.failure.message)}`)}`);
      break;
    case 'none':
      lines.push(`${brand} No ${siteLabel(result.site)} results for ${paint.heading(label)}${where}`, ...causeLine(result, paint), ...hints);
      break;
    case 'failed':
      lines.push(`${brand} ${paint.warning(`no answers for ${label}: ${oneLine(result.failure?.message ?? 'the lookup failed')}`)}`, ...causeLine(result, paint), ...hints, ...(frame ? [`   ${paint.dim(oneLine(frame.text))}`] : []));
      break;
    case 'skipped':
      if (result.failure) lines.push(`${brand} ${paint.warning(oneLine(result.failure.message))}`);
      break;
  }
  lines.push(...result.notices.map((notice) => `${brand} ${paint.warning(oneLine(notice))}`));
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
