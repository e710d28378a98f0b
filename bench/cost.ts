// soet's own time per repeated error, in-process: what it adds to a request, free of HTTP and machine drift.
import { soet } from '../src/index.js';
import { engineFor } from '../src/lookup.js';
import { resolveSettings } from '../src/options.js';
import { CountingOutput, median, sleep } from './support.js';

const CALLS = 100_000;
const SAMPLES = 5;
/** Distinct objects with one message, as a route throwing the same bug builds a new Error each time. */
const ERRORS = Array.from({ length: 1_000 }, () => new TypeError("Cannot read properties of undefined (reading 'map')"));

export interface CostReport {
  /** Microseconds per call, median of SAMPLES runs. */
  readonly on: number;
  readonly off: number;
}

type Middleware = ReturnType<typeof soet>;

function timePerCall(middleware: Middleware): number {
  const next = (): void => undefined;
  const times: number[] = [];
  for (let sample = 0; sample < SAMPLES; sample += 1) {
    const started = process.hrtime.bigint();
    for (let i = 0; i < CALLS; i += 1) middleware(ERRORS[i % ERRORS.length], undefined, undefined, next);
    times.push(Number(process.hrtime.bigint() - started) / CALLS / 1_000);
  }
  return median(times);
}

/** The cost on the path the throughput goals are about: soet already knows the error and only counts it. */
export async function measureCost(apiUrl: string): Promise<CostReport> {
  const options = { enabled: true, apiUrl, output: new CountingOutput(), cache: false };
  const on = soet(options);
  const off = soet({ enabled: false });
  on(ERRORS[0], undefined, undefined, () => undefined);
  // Let the first lookup finish, so that what is timed is the repeat path and not a lookup starting.
  const engine = engineFor(resolveSettings(options));
  for (let waited = 0; waited < 5_000 && engine.stats.inFlight > 0; waited += 50) await sleep(50);
  // Warm both paths up to optimised code before timing them.
  timePerCall(on);
  timePerCall(off);
  return { on: timePerCall(on), off: timePerCall(off) };
}
