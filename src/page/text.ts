// The page as plain text: the error and its stack at once, then soet's block (uncoloured) when the lookup ends.
import { render } from '../render/block.js';
import { INERT_CSP, type PageContext, type PageResponse, closed, startResponse } from './response.js';

function errorText(context: PageContext): string {
  const { view, requestLine: request } = context;
  const description = view.description;
  const lines = [
    description ? `${description.name}${description.code ? ` [${description.code}]` : ''}: ${description.message}` : `Thrown: ${view.thrown ?? ''}`,
    ...view.frames.map((frame) => `    ${frame.text}`),
    ...view.causes.map((cause) => `Caused by: ${cause.name}${cause.code ? ` [${cause.code}]` : ''}: ${cause.message}`),
    '',
    `${request.method} ${request.url} answered ${view.status}`,
  ];
  return `${lines.join('\n')}\n`;
}

/** Sends the error at once and the answers, as soet prints them without colour, when the lookup ends. */
export async function sendText(context: PageContext, res: PageResponse, headOnly: boolean): Promise<void> {
  startResponse(res, context.view.status, 'text/plain; charset=utf-8', INERT_CSP, context.thrown);
  if (headOnly) {
    res.end();
    return;
  }
  res.write(errorText(context));
  res.flush?.();
  const result = await context.lookup();
  if (closed(res)) return;
  const block = render(result, { color: false, width: 100 });
  res.end(block ? `\n${block}` : '');
}
