// The Express door of the pipeline: hands the error on at once, then reports it in the background.
import { isEnabled, loadEnv } from './env.js';
import { type SoetOptions, resolveSettings } from './options.js';
import { loadCore } from './load-core.js';

/** The error-handling middleware `soet()` returns (Express tells error handlers by their four parameters). */
export type SoetMiddleware = (err: unknown, req: unknown, res: unknown, next: (err?: unknown) => void) => void;

const MISUSE =
  'app.use(soet) gives Express the soet factory itself, which never sees an error: nothing is looked up. ' +
  'Call it to create the middleware: app.use(soet()), after your routes and before your own error handler.';

let misuseTold = false;

/** True when soet is being called as a middleware (req, res, next) rather than as a factory. */
export function calledAsMiddleware(args: readonly unknown[]): boolean {
  if (args.length > 1) return true;
  const first = args[0];
  if (typeof first !== 'object' || first === null) return false;
  return first instanceof Error || ('method' in first && 'headers' in first) || ('url' in first && 'socket' in first);
}

/**
 * `app.use(soet)`: Express calls the factory for every request, with `next` last. The response must not
 * change, so the request (or an error, from a wrapper that passes one first) goes on as if soet were not
 * there; when soet is on, the developer is told once, on stderr, how to fix it.
 */
function handOnMisused(next: (err?: unknown) => void, args: readonly unknown[]): void {
  if (!misuseTold && isEnabled(loadEnv(), undefined)) {
    misuseTold = true;
    try {
      process.stderr.write(`soet ▸ ${MISUSE}\n`);
    } catch {
      // stderr is gone: nothing to tell.
    }
  }
  if (args.length >= 4) next(args[0]);
  else next();
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
export function soet(...args: unknown[]): SoetMiddleware | undefined {
  if (calledAsMiddleware(args)) {
    const next = args[args.length - 1];
    if (args.length < 3 || typeof next !== 'function') throw new TypeError(`soet: ${MISUSE}`);
    handOnMisused(next as (err?: unknown) => void, args);
    return undefined;
  }
  const settings = resolveSettings(args[0]);
  if (!settings.enabled) {
    return function soetMiddleware(err, _req, _res, next) {
      next(err);
    };
  }
  // soet's working parts load only here, when it is on.
  const reporter = new (loadCore().Reporter)(settings);
  return function soetMiddleware(err, _req, _res, next) {
    next(err);
    reporter.report(err);
  };
}
