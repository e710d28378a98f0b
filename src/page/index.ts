// The dev error page door: an Express final error handler that shows the error and its Stack Overflow answers.
import { loadCore } from '../load-core.js';
import { calledAsMiddleware } from '../middleware.js';
import type { ErrorPageHandler } from './handler.js';
import { type ErrorPageOptions, resolvePageSettings } from './options.js';

export type { ErrorPageHandler } from './handler.js';

const MISUSE =
  'soet: errorPage was passed to app.use() itself. Call it to create the handler: app.use(errorPage()), ' +
  'after your routes and soet(), as the last error handler.';

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
  // Only a page that is on loads the page's handler and the lookup behind it.
  return loadCore().pageHandler(settings);
}
