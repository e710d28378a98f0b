// Heap after a storm of 100,000 distinct errors through soet's middleware, in a fresh process with --expose-gc.
// Usage: node --expose-gc --import tsx bench/storm.ts <stand-in API url>; prints one line of JSON.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { soet } from '../src/index.js';
import { engineFor } from '../src/lookup.js';
import { resolveSettings } from '../src/options.js';
import { CountingOutput, type StormReport, sleep } from './support.js';

const TOTAL = 100_000;
/** Errors per event-loop turn: requests reach a real app spread over turns, not in one synchronous loop. */
const BATCH = 1_000;
const CHECKPOINTS = new Set([10_000, 25_000, 50_000, 75_000, 100_000]);

const apiUrl = process.argv[2];
const gc = globalThis.gc;
if (apiUrl === undefined || gc === undefined) {
  process.stderr.write('usage: node --expose-gc --import tsx bench/storm.ts <stand-in API url>\n');
  process.exit(2);
}

const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ru', 'ta', 'vo', 'shi', 'pel', 'dor', 'fin', 'gra', 'zu', 'bex', 'quo', 'wen'];

/** Letters only: soet takes long numbers out of messages, which would merge numbered ones into one fingerprint. */
function word(seed: number): string {
  let text = '';
  for (let rest = seed; text.length === 0 || rest > 0; rest = Math.floor(rest / SYLLABLES.length)) {
    text += SYLLABLES[rest % SYLLABLES.length] ?? '';
  }
  return text;
}

const randomWord = (): string => word(Math.floor(Math.random() * 1_000_000));

/** The i-th error: its own word makes every message, hence every fingerprint, distinct. */
function stormError(i: number): Error {
  return new Error(`Failure ${word(i)} while ${randomWord()} the ${randomWord()} ${randomWord()}`);
}

/** Heap in use after full collections; twice, since one pass can leave work that frees more. */
function heapUsed(collect: () => void): number {
  collect();
  collect();
  return process.memoryUsage().heapUsed;
}

async function main(collect: () => void, url: string): Promise<StormReport> {
  const output = new CountingOutput();
  const options = { enabled: true, apiUrl: url, output, cache: false };
  const middleware = soet(options);
  // soet shares one engine per settings: resolving the same options reaches the middleware's own engine.
  const engine = engineFor(resolveSettings(options));
  const next = (): void => undefined;

  // One error first, so that lazily loaded code and first-use tables count as the baseline, not the storm.
  middleware(new Error('Failure before the storm begins'), {}, {}, next);
  await sleep(1_000);
  const checkpoints: StormReport['checkpoints'][number][] = [{ errors: 0, heapUsed: heapUsed(collect), rss: process.memoryUsage().rss }];
  let busyMs = 0;
  for (let done = 0; done < TOTAL; ) {
    const errors = Array.from({ length: BATCH }, (_, i) => stormError(done + i));
    const started = performance.now();
    for (const error of errors) middleware(error, {}, {}, next);
    // The turn ends once soet's promise continuations (queueing, dropping) have run: part of its cost.
    await nextTurn();
    busyMs += performance.now() - started;
    done += BATCH;
    if (CHECKPOINTS.has(done)) checkpoints.push({ errors: done, heapUsed: heapUsed(collect), rss: process.memoryUsage().rss });
  }
  return {
    errors: TOTAL,
    checkpoints,
    microsecondsPerError: (busyMs * 1_000) / TOTAL,
    engine: engine.stats,
    outputWrites: output.writes,
  };
}

main(() => gc(), apiUrl).then(
  (report) => {
    process.stdout.write(`${JSON.stringify(report)}\n`);
    // Lookups still queued would keep the process alive for up to a minute; the numbers are taken.
    process.exit(0);
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
