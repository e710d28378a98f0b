// Whether soet is on here, for apps that call lookup() from their own error handler (Koa, Fastify).
import { isEnabled, loadEnv } from './env.js';

/**
 * True when the middleware would be on: DEBUG names soet (or says 1/true/yes/on), NODE_ENV is not
 * production, and `.env` is read the same way. `force` wins, as the `enabled` option does.
 */
export function enabled(force?: boolean): boolean {
  return isEnabled(loadEnv(), force);
}
