// The page as JSON, for API clients: the error, the hints, and the answers as text, links and authors.
import { palette } from '../render/color.js';
import { renderAnswer } from '../render/html.js';
import { safeLink } from '../render/links.js';
import type { Author, FoundAnswer, FoundQuestion, LookupResult } from '../result.js';
import { oneLine } from '../sanitize.js';
import { INERT_CSP, type PageContext, type PageResponse, closed, startResponse } from './response.js';

interface JsonAuthor {
  readonly name: string;
  readonly link?: string;
}

/** An author as JSON: the name on one line, the profile only when it is an https Stack Exchange address. */
function author(value: Author | undefined): { author?: JsonAuthor } {
  if (!value) return {};
  const link = safeLink(value.link);
  return { author: { name: oneLine(value.name), ...(link ? { link } : {}) } };
}

function answerJson(answer: FoundAnswer, base: string): Record<string, unknown> {
  const text = renderAnswer(answer.html, { width: 100, maxLines: 400, palette: palette(false), base }).lines.join('\n');
  const link = safeLink(answer.link);
  return {
    score: answer.score,
    isAccepted: answer.isAccepted,
    text,
    ...(link ? { link } : {}),
    ...author(answer.author),
    ...(answer.createdAt ? { createdAt: answer.createdAt } : {}),
    ...(answer.editedAt ? { editedAt: answer.editedAt } : {}),
  };
}

function questionJson(question: FoundQuestion): Record<string, unknown> {
  const link = safeLink(question.link);
  return {
    title: oneLine(question.title),
    ...(link ? { link } : {}),
    score: question.score,
    answerCount: question.answerCount,
    hasAcceptedAnswer: question.hasAcceptedAnswer,
    ...author(question.author),
    ...(question.createdAt ? { createdAt: question.createdAt } : {}),
    answer: question.bestAnswer ? answerJson(question.bestAnswer, link ?? 'https://stackoverflow.com/') : null,
  };
}

/** `help`: what soet searched and found, or in one line why there is nothing. */
function help(result: LookupResult): Record<string, unknown> {
  return {
    status: result.status,
    query: result.query,
    site: result.site,
    ...(result.failure ? { message: oneLine(result.failure.message) } : {}),
    questions: result.questions.map(questionJson),
  };
}

/** The JSON body. It waits for the lookup (at most twice the API timeout): JSON cannot arrive in parts. */
export async function sendJson(context: PageContext, res: PageResponse, headOnly: boolean): Promise<void> {
  const { view } = context;
  const description = view.description;
  const result = headOnly ? undefined : await context.lookup();
  if (closed(res)) return;
  startResponse(res, view.status, 'application/json; charset=utf-8', INERT_CSP, context.thrown);
  if (!result) {
    res.end();
    return;
  }
  const body = {
    error: {
      name: description?.name ?? 'Error',
      message: description?.message ?? view.thrown ?? '',
      ...(description?.code ? { code: description.code } : {}),
      status: view.status,
      ...(description?.stack ? { stack: description.stack } : {}),
      ...(view.causes.length > 0 ? { causes: view.causes.map(({ name, message, code }) => ({ name, message, ...(code ? { code } : {}) })) } : {}),
    },
    hints: context.prepared.hints.map((hint) => ({ kind: hint.kind, text: oneLine(hint.text), ...(hint.link ? { link: hint.link } : {}) })),
    help: help(result),
  };
  res.end(`${JSON.stringify(body, null, 2)}\n`);
}
