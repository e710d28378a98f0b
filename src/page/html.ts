// The page as HTML, streamed: the error at once, the code frame and stack next, the answers when the lookup ends.
import { randomBytes } from 'node:crypto';
import { oneLine, truncate } from '../sanitize.js';
import * as answers from './components/answers.js';
import * as causes from './components/causes.js';
import * as codeframe from './components/codeframe.js';
import * as header from './components/header.js';
import * as hints from './components/hints.js';
import * as layout from './components/layout.js';
import * as request from './components/request.js';
import * as stack from './components/stack.js';
import * as attribution from './components/attribution.js';
import { type AnswerSanitizer, answerSanitizer } from './sanitize.js';
import { codeExcerpt } from './source.js';
import { type PageContext, type PageResponse, closed, startResponse } from './response.js';

/** Each component's style, collected once into the page's one <style>. */
const STYLES = [layout, header, hints, answers, codeframe, stack, causes, request, attribution].map((component) => component.style);
const SCRIPTS = [layout.script];

/** Only what the page itself carries may run or style it: its one script and style, by nonce. Nothing loads. */
function contentSecurityPolicy(nonce: string): string {
  return `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
}

function title(context: PageContext): string {
  const description = context.view.description;
  return truncate(description ? oneLine(`${description.name}: ${description.message}`) : 'Error', 120);
}

/**
 * Sends the page. The first chunk (the error, the hints and where the answers will go) is written
 * before anything is awaited; the lookup starts after it, so it never delays the first byte.
 */
export async function sendHtml(context: PageContext, res: PageResponse, headOnly: boolean): Promise<void> {
  const { view, settings, cwd } = context;
  const nonce = randomBytes(18).toString('base64');
  startResponse(res, view.status, 'text/html; charset=utf-8', contentSecurityPolicy(nonce), context.thrown);
  if (headOnly) {
    res.end();
    return;
  }
  res.write(
    layout.documentStart(title(context), nonce, STYLES).value +
      header.header(view, context.requestLine, settings.editor, cwd).value +
      hints.hints(context.prepared.hints).value +
      answers.answersSlot(context.prepared.plan?.text ?? null, context.prepared.plan?.site ?? settings.site).value,
  );
  res.flush?.();

  const lookup = context.lookup();
  const sanitizer = answerSanitizer().catch((): AnswerSanitizer | undefined => undefined);
  const excerpt = view.appFrame ? await codeExcerpt(view.appFrame, cwd) : undefined;
  if (closed(res)) return;
  res.write(
    codeframe.codeFrame(excerpt, view.appFrame?.file, settings.editor).value +
      stack.stack(view.frames, settings.editor, cwd).value +
      causes.causes(view.causes, settings.editor, cwd).value +
      request.request(context.request()).value +
      layout.mainEnd(nonce, SCRIPTS).value,
  );
  res.flush?.();

  const [result, sanitize] = await Promise.all([lookup, sanitizer]);
  if (closed(res)) return;
  res.end(answers.answersSection(result, sanitize).value + layout.documentEnd().value);
}
