// API calls per distinct error: 20 kinds x 100 occurrences through a real app, counted at the stand-in.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler } from 'express';
import { soet } from '../src/index.js';
import { type LookupEngine, engineFor } from '../src/lookup.js';
import { resolveSettings } from '../src/options.js';
import { StandInApi } from '../test/support/standin.js';
import { KINDS, UNNORMALIZED } from './kinds.js';
import { CountingOutput, oneAnswerSite, progress, sleep } from './support.js';

const OCCURRENCES = 100;
const CONCURRENCY = 20;
/** soet sends at most 5 requests a second: 20 kinds at 2 requests each need about 8 s. */
const SETTLE_LIMIT_MS = 60_000;
/** Idle this long with no new request at the stand-in counts as settled. */
const QUIET_MS = 1_500;

export interface ApiCallsReport {
  readonly kinds: number;
  readonly occurrences: number;
  readonly requests: number;
  readonly byMethod: Readonly<Record<string, number>>;
  /** Per kind: searches whose text carries the kind's marker, and fingerprints among what was thrown. */
  readonly perKind: readonly { readonly marker: string; readonly searches: number; readonly fingerprints: number }[];
  /** ms from the last response to the last lookup done; null when lookups were still running at the limit. */
  readonly settledMs: number | null;
  /** Fingerprints per OCCURRENCES messages of shapes soet does not normalize (nothing sent). */
  readonly unnormalized: readonly { readonly label: string; readonly fingerprints: number }[];
}

function listen(app: express.Express): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(0, '127.0.0.1', (error?: Error) => (error ? reject(error) : resolve(server)));
  });
}

/** GETs every path, CONCURRENCY at a time; returns how many answers were not the app's 500. */
async function sendAll(base: string, paths: readonly string[]): Promise<number> {
  let next = 0;
  let unexpected = 0;
  const worker = async (): Promise<void> => {
    for (let index = next++; index < paths.length; index = next++) {
      const response = await fetch(base + (paths[index] ?? ''));
      await response.arrayBuffer();
      if (response.status !== 500) unexpected += 1;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return unexpected;
}

/** Waits until no lookup runs or waits and the stand-in has been quiet for QUIET_MS. */
async function settle(engine: LookupEngine, api: StandInApi): Promise<number | null> {
  const started = Date.now();
  let seen = -1;
  let quietSince = Date.now();
  while (Date.now() - started < SETTLE_LIMIT_MS) {
    const { running, queued, inFlight } = engine.stats;
    if (api.requests.length !== seen || running + queued + inFlight > 0) {
      seen = api.requests.length;
      quietSince = Date.now();
    } else if (Date.now() - quietSince >= QUIET_MS) {
      return quietSince - started;
    }
    await sleep(100);
  }
  return null;
}

function fingerprintsOf(engine: LookupEngine, errors: readonly Error[]): number {
  return new Set(errors.map((error) => engine.prepare(error).plan?.fingerprint ?? 'none')).size;
}

export async function measureApiCalls(): Promise<ApiCallsReport> {
  const api = await StandInApi.start(oneAnswerSite());
  // 20 new errors at once: a budget of 60 new lookups a minute (30 at once) lets each be looked up; the default is 10.
  const options = { enabled: true, apiUrl: api.url, output: new CountingOutput(), cache: false, lookupsPerMinute: 60 };
  // soet shares one engine per settings: resolving the same options reaches the middleware's own engine.
  const engine = engineFor(resolveSettings(options));
  const thrown = KINDS.map((): Error[] => []);
  const app = express();
  app.get('/kind/:index', (req) => {
    const index = Number(req.params.index);
    const error = KINDS[index]?.make() ?? new Error('no such kind');
    thrown[index]?.push(error);
    throw error;
  });
  app.use(soet(options));
  const answer500: ErrorRequestHandler = (_err, _req, res, _next) => {
    res.status(500).send('Internal Server Error');
  };
  app.use(answer500);
  const server = await listen(app);
  try {
    // Occurrence after occurrence of every kind: all 20 are new at once, as when a deploy breaks many routes.
    const paths = Array.from({ length: OCCURRENCES * KINDS.length }, (_, i) => `/kind/${i % KINDS.length}`);
    progress(`sending ${paths.length} errors of ${KINDS.length} kinds`);
    const unexpected = await sendAll(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, paths);
    if (unexpected > 0) throw new Error(`${unexpected} of ${paths.length} answers were not the app's 500`);
    progress('waiting for soet to finish its lookups (5 requests/s at most)');
    const settledMs = await settle(engine, api);

    const byMethod: Record<string, number> = {};
    for (const request of api.requests) byMethod[request.apiMethod] = (byMethod[request.apiMethod] ?? 0) + 1;
    const searchTexts = api.requests.map((request) => request.params.get('q') ?? request.params.get('title')).filter((text) => text !== null);
    return {
      kinds: KINDS.length,
      occurrences: OCCURRENCES,
      requests: api.requests.length,
      byMethod,
      perKind: KINDS.map((kind, index) => ({
        marker: kind.marker,
        searches: searchTexts.filter((text) => text.includes(kind.marker)).length,
        fingerprints: fingerprintsOf(engine, thrown[index] ?? []),
      })),
      settledMs,
      unnormalized: UNNORMALIZED.map(({ label, make }) => ({ label, fingerprints: fingerprintsOf(engine, Array.from({ length: OCCURRENCES }, make)) })),
    };
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await api.close();
  }
}
