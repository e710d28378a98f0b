// The Express door of the pipeline: hands the error on at once, then reports it in the background.
import { type SoetOptions, resolveSettings } from './options.js';
import { Reporter } from './reporter.js';

/** The error-handling middleware `soet()` returns (Express tells error handlers by their four parameters). */
export type SoetMiddleware = (err: unknown, req: unknown, res: unknown, next: (err?: unknown) => void) => void;

const MISUSE =
  'soet: soet was passed to app.use() itself. Call it to create the middleware: app.use(soet()), ' +
  'after your routes and before your own error handler.';

/** True when soet is being called as a middleware (req, res, next) rather than as a factory. */
export function calledAsMiddleware(args: readonly unknown[]): boolean {
  if (args.length > 1) return true;
  const first = args[0];
  if (typeof first !== 'object' || first === null) return false;
  return first instanceof Error || ('method' in first && 'headers' in first) || ('url' in first && 'socket' in first);
}

/**
 * Creates soet's Express error-handling middleware. Add it after your routes and before your own
 * error handler: `app.use(soet())`. Options are checked here, once; a wrong one throws a TypeError
 * or RangeError naming it.
 *
 * When soet is off (DEBUG does not name it, or NODE_ENV=production) the middleware only calls
 * `next(err)`. When on, it calls `next(err)` first, synchronously and with the very same value, and
 * only then looks the error up in the background and prints the best answers to `output`.
 */
export function soet(options?: SoetOptions): SoetMiddleware;
export function soet(...args: unknown[]): SoetMiddleware {
  if (calledAsMiddleware(args)) throw new TypeError(MISUSE);
  const settings = resolveSettings(args[0]);
  if (!settings.enabled) {
    return function soetMiddleware(err, _req, _res, next) {
      next(err);
    };
  }
  const reporter = new Reporter(settings);
  return function soetMiddleware(err, _req, _res, next) {
    next(err);
    reporter.report(err);
  };
}
