// soet's own time per error, in-process: what it adds to a request, free of HTTP and machine drift.
import { soet } from '../src/index.js';
import { engineFor } from '../src/lookup.js';
import { resolveSettings } from '../src/options.js';
import { ROUTES } from './routes.js';
import type { BenchPath } from './throughput.js';
import { CountingOutput, median, sleep } from './support.js';

const CALLS = 100_000;
const SAMPLES = 5;

export interface CostReport {
  /** soet on: microseconds per error of each route, beyond building the error; median of SAMPLES runs. */
  readonly on: Readonly<Record<BenchPath, number>>;
  /** soet off, on the constant route. */
  readonly off: number;
}

type Middleware = ReturnType<typeof soet>;

/** Microseconds per call of `make()` followed by `middleware` (or by nothing), over CALLS calls. */
function timePerCall(make: () => Error, middleware: Middleware | undefined): number {
  const next = (): void => undefined;
  const started = process.hrtime.bigint();
  if (middleware) for (let i = 0; i < CALLS; i += 1) middleware(make(), undefined, undefined, next);
  else for (let i = 0; i < CALLS; i += 1) if (make() === undefined) next();
  return Number(process.hrtime.bigint() - started) / CALLS / 1_000;
}

/** What the middleware adds to building and throwing away the route's error: runs with and without it, interleaved. */
function addedPerCall(make: () => Error, middleware: Middleware): number {
  // Warm both loops up to optimised code before timing them.
  timePerCall(make, middleware);
  timePerCall(make, undefined);
  const added: number[] = [];
  for (let sample = 0; sample < SAMPLES; sample += 1) added.push(timePerCall(make, middleware) - timePerCall(make, undefined));
  return Math.max(0, median(added));
}

/**
 * The cost on the paths the throughput goals are about: soet already knows the error (or, for a new
 * kind on every request, its budget of lookups is spent) and only counts it.
 */
export async function measureCost(apiUrl: string): Promise<CostReport> {
  const on = {} as Record<BenchPath, number>;
  for (const [path, make] of Object.entries(ROUTES) as [BenchPath, () => Error][]) {
    const options = { enabled: true, apiUrl, output: new CountingOutput(), cache: false };
    const middleware = soet(options);
    middleware(make(), undefined, undefined, () => undefined);
    // Let the first lookup finish, so that what is timed is the repeat path and not a lookup starting.
    const engine = engineFor(resolveSettings(options));
    await sleep(50);
    for (let waited = 0; waited < 5_000 && engine.stats.inFlight > 0; waited += 50) await sleep(50);
    on[path] = addedPerCall(make, middleware);
  }
  return { on, off: addedPerCall(ROUTES['/error'], soet({ enabled: false })) };
}
