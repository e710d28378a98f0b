// The dev error page door: an Express final error handler that shows the error and its Stack Overflow answers.
import { engineFor } from '../lookup.js';
import { calledAsMiddleware } from '../middleware.js';
import { type ErrorPageOptions, resolvePageSettings } from './options.js';
import { type ClientRequest, accessCheck } from './access.js';
import { sendHtml } from './html.js';
import { sendJson } from './json.js';
import { errorView } from './model.js';
import { type PageRequestLike, requestLine, requestView } from './request.js';
import type { PageContext, PageResponse } from './response.js';
import { sendText } from './text.js';

/** The error handler `errorPage()` returns (four parameters, so Express calls it for errors). */
export type ErrorPageHandler = (err: unknown, req: unknown, res: unknown, next: (err?: unknown) => void) => void;

type PageRequest = ClientRequest &
  PageRequestLike & {
    accepts?: (types: string[]) => string | false;
    resume?: () => unknown;
    readonly complete?: boolean;
  };

const MISUSE =
  'soet: errorPage was passed to app.use() itself. Call it to create the handler: app.use(errorPage()), ' +
  'after your routes and soet(), as the last error handler.';

function isRequest(value: unknown): value is PageRequest {
  return typeof value === 'object' && value !== null && typeof (value as { headers?: unknown }).headers === 'object' && (value as { headers?: unknown }).headers !== null;
}

function isResponse(value: unknown): value is PageResponse {
  if (typeof value !== 'object' || value === null) return false;
  const res = value as Partial<Record<keyof PageResponse, unknown>>;
  return typeof res.setHeader === 'function' && typeof res.write === 'function' && typeof res.end === 'function' && typeof res.removeHeader === 'function';
}

/** HTML for browsers, JSON for API clients, plain text otherwise: the negotiation errorhandler does. */
function mediumFor(req: PageRequest): 'html' | 'json' | 'text' {
  if (typeof req.accepts === 'function') {
    const type = req.accepts(['html', 'json', 'text']);
    return type === 'html' || type === 'json' ? type : 'text';
  }
  const accept = String(req.headers.accept ?? '*/*');
  if (/text\/html|\*\/\*/.test(accept)) return 'html';
  return /application\/json/.test(accept) ? 'json' : 'text';
}

/**
 * Creates soet's development error page: `app.use(errorPage())`, after your routes and `soet()`, as
 * the last error handler. For a failed request from this machine it answers with the error, its
 * stack, the code around it, the request (secrets masked) and, as soon as the lookup ends, the best
 * Stack Overflow answers, in the same page. JSON and plain text for clients that ask for them.
 *
 * It only calls `next(err)` when soet is off (DEBUG, `enabled`), always in production, when the
 * response has started, and for requests from other machines (see `allowedHosts`, `trustProxy`).
 * Options are checked here, once, as `soet()`'s are; pass it the same options as `soet()` so both
 * share one lookup per error.
 */
export function errorPage(options?: ErrorPageOptions): ErrorPageHandler;
export function errorPage(...args: unknown[]): ErrorPageHandler {
  if (calledAsMiddleware(args)) throw new TypeError(MISUSE);
  const settings = resolvePageSettings(args[0]);
  if (!settings.enabled) {
    return function soetErrorPage(err, _req, _res, next) {
      next(err);
    };
  }
  const engine = engineFor(settings);
  const mayShow = accessCheck(settings);
  const maxWaitMs = settings.timeoutMs * 2;

  return function soetErrorPage(err, req, res, next) {
    if (!isRequest(req) || !isResponse(res) || res.headersSent || !mayShow(req)) {
      next(err);
      return;
    }
    let context: PageContext;
    let medium: 'html' | 'json' | 'text';
    try {
      const prepared = engine.prepare(err);
      let lookup: ReturnType<PageContext['lookup']> | undefined;
      context = {
        thrown: err,
        prepared,
        view: errorView(err, prepared),
        requestLine: requestLine(req, settings.redact),
        request: () => requestView(req, settings.redact),
        settings,
        cwd: process.cwd(),
        lookup: () => (lookup ??= engine.run(prepared, maxWaitMs)),
      };
      medium = mediumFor(req);
    } catch {
      // soet could not read this error or request: the app's own handling takes over, untouched.
      next(err);
      return;
    }
    // A request body the route did not read is drained, so the client is not left sending it.
    if (typeof req.resume === 'function' && req.complete === false) req.resume();
    const headOnly = req.method === 'HEAD';
    const send = medium === 'html' ? sendHtml : medium === 'json' ? sendJson : sendText;
    send(context, res, headOnly).catch(() => {
      // A fault mid-page: end what was sent rather than leave the browser waiting.
      try {
        if (!res.headersSent) next(err);
        else if (!res.writableEnded) res.end();
      } catch {
        // The response is gone; nothing more to do.
      }
    });
  };
}
