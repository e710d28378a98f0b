// The error page's first byte against Express's own error handler: the lookup must never delay it.
// Runs on its own (`npx tsx bench/page.ts`) or as a section of `npm run bench`.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import express from 'express';
import { errorPage } from '../src/index.js';
import { StandInApi } from '../test/support/standin.js';
import { markdownTable, median, oneAnswerSite, sleep } from './support.js';

const WARMUP = 200;
const ROUNDS = 6;
const PER_SLICE = 100;
const PAUSE_MS = 5;

interface Scenario {
  readonly label: string;
  readonly port: number;
  readonly firstByteMs: number[];
  cpuMicros: number;
  requests: number;
}

function startApp(handlers: readonly express.ErrorRequestHandler[]): Promise<http.Server> {
  const app = express();
  // Express's handler renders as in development but does not log each error to stderr in 'test'.
  app.set('env', 'test');
  app.get('/error', () => {
    throw new TypeError("Cannot read properties of undefined (reading 'map')");
  });
  for (const handler of handlers) app.use(handler);
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve(server));
  });
}

/** Milliseconds from sending a request to the first byte of its body; the rest is not waited for. */
function firstByte(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.get({ host: '127.0.0.1', port, path: '/error', headers: { accept: 'text/html' }, agent: false }, (res) => {
      res.once('data', () => {
        resolve(performance.now() - started);
        res.destroy();
      });
    });
    req.on('error', reject);
  });
}

async function slice(scenario: Scenario, count: number, record: boolean): Promise<void> {
  const cpu = process.cpuUsage();
  for (let i = 0; i < count; i += 1) {
    const ms = await firstByte(scenario.port);
    if (record) scenario.firstByteMs.push(ms);
    // A developer's request meets a quiet server: the page's work after its first byte (code frame,
    // stack, request) ends before the next request starts, as Express's whole answer has.
    await sleep(PAUSE_MS);
  }
  if (!record) return;
  const used = process.cpuUsage(cpu);
  scenario.cpuMicros += used.user + used.system;
  scenario.requests += count;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;
}

/**
 * Express 5's default error handler against `errorPage()` whose lookup the stand-in holds for 2 s:
 * time to the first byte, interleaved in slices, and CPU time per request (client and server share
 * this process, alike for both).
 */
export async function pageSection(): Promise<string> {
  const held = await StandInApi.start(async (request) => {
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    return oneAnswerSite()(request);
  });
  const servers = [await startApp([]), await startApp([errorPage({ enabled: true, apiUrl: held.url, cache: false })])];
  const scenarios: Scenario[] = [
    { label: 'Express’s own error handler', port: (servers[0]?.address() as AddressInfo).port, firstByteMs: [], cpuMicros: 0, requests: 0 },
    { label: 'errorPage(), lookup held 2 s', port: (servers[1]?.address() as AddressInfo).port, firstByteMs: [], cpuMicros: 0, requests: 0 },
  ];
  try {
    for (const scenario of scenarios) await slice(scenario, WARMUP, false);
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const scenario of round % 2 === 0 ? scenarios : [...scenarios].reverse()) await slice(scenario, PER_SLICE, true);
    }
  } finally {
    for (const server of servers) {
      server.closeAllConnections();
      server.close();
    }
    await held.close();
  }
  const rows = scenarios.map((scenario) => [
    scenario.label,
    median(scenario.firstByteMs).toFixed(2),
    percentile(scenario.firstByteMs, 99).toFixed(2),
    String(Math.round(scenario.cpuMicros / scenario.requests)),
  ]);
  return [
    '## Error page: time to first byte',
    '',
    `Express 5, a route that throws; ${ROUNDS * PER_SLICE} sequential requests per scenario after ${WARMUP} of warm-up, in interleaved slices of ${PER_SLICE}, a new connection each, ${PAUSE_MS} ms apart.`,
    '',
    markdownTable(['Scenario', 'First byte p50 (ms)', 'p99 (ms)', 'CPU per request (µs)'], rows),
    '',
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(`${await pageSection()}\n`);
}
