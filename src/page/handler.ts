// The error page's handler when it is on: negotiates the medium, prepares the lookup, and streams the page.
import { engineFor } from '../lookup.js';
import type { PageSettings } from './options.js';
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

/** The page's handler for settings that turn it on: `errorPage()` builds it once soet's working parts are loaded. */
export function pageHandler(settings: PageSettings): ErrorPageHandler {
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
