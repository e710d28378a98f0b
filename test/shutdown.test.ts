// soet never holds a process open: with the API hanging or asking to wait, a dev server that shuts down
// gracefully (server.close() on SIGTERM) exits as fast with soet on as the same app without soet.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { test } from 'node:test';
import { ROOT, cleanEnv, run, sleep, standIns, waitFor } from './support/helpers.js';
import { lookup } from '../src/index.js';
import { type StandInApi, wrapper } from './support/standin.js';

const startStandIn = standIns();
const fixture = path.join(ROOT, 'test', 'fixtures', 'shutdown-app.ts');
/** A lookup that held the process would take this long (or the 30 s backoff) to let it go. */
const TIMEOUT_MS = '20000';
/** Generous: the point is "does not wait for soet", not a timing. */
const SLACK_MS = 1_000;

/** A GET on a connection of its own, closed after the response: nothing for server.close() to wait on. */
function get(port: number, route: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: route, agent: false, headers: { connection: 'close' } }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    }).on('error', reject);
  });
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      text += chunk;
      if (text.includes('\n')) resolve(text.split('\n')[0] ?? '');
    });
    child.once('exit', (code) => reject(new Error(`the app exited early (${code})`)));
  });
}

type Mode = 'with-soet' | 'lookup-in-background' | 'without-soet';

interface Shutdown {
  readonly ms: number;
  readonly code: number | null;
  readonly statuses: readonly number[];
}

/**
 * Starts the app, requests `routes`, waits until `busy` says soet's lookups are under way (with soet),
 * then sends SIGTERM and measures the time until the process has exited.
 */
async function shutdown(mode: Mode, api: StandInApi, routes: readonly string[], busy: () => boolean): Promise<Shutdown> {
  const withSoet = mode !== 'without-soet';
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, mode], {
    cwd: ROOT,
    env: cleanEnv({ DEBUG: 'soet', SOET_API_URL: api.url, SOET_CACHE: 'off', SOET_TIMEOUT_MS: TIMEOUT_MS }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr.resume();
  try {
    const { port } = JSON.parse(await firstLine(child)) as { port: number };
    const statuses: number[] = [];
    for (const route of routes) statuses.push(await get(port, route));
    if (withSoet) await waitFor(busy, 5_000, 'soet to start its lookups');
    // Let waits begin (a queued lookup, the governor's backoff) before the signal.
    await sleep(300);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const signalled = performance.now();
    child.kill('SIGTERM');
    const code = await exited;
    return { ms: performance.now() - signalled, code, statuses };
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

async function compare(api: StandInApi, routes: readonly string[], busy: () => boolean, mode: Mode = 'with-soet'): Promise<void> {
  const without = await shutdown('without-soet', api, routes, busy);
  const withSoet = await shutdown(mode, api, routes, busy);
  assert.deepEqual(withSoet.statuses, routes.map(() => 500), 'each failing route was answered by the app');
  assert.deepEqual([withSoet.code, without.code], [0, 0], 'both exit on their own after server.close()');
  assert.ok(withSoet.ms < without.ms + SLACK_MS, `with soet ${Math.round(withSoet.ms)} ms, without ${Math.round(without.ms)} ms`);
}

test('the API hangs: lookups in flight, lookups queued and a repeat waiting to be batched do not hold the exit', async () => {
  const api = await startStandIn(() => ({ fault: 'hang' }));
  // Six distinct errors: three lookups run (their requests hang), three wait in the queue; one repeat.
  const routes = ['/fail/0', '/fail/1', '/fail/2', '/fail/3', '/fail/4', '/fail/5', '/fail/0'];
  await compare(api, routes, () => api.requests.length >= 3);
});

test('the API asks for a 30 s backoff: lookups waiting for their turn do not hold the exit', async () => {
  // Every search comes back empty with a backoff, so the next call of the same method waits about 31 s.
  const api = await startStandIn(() => ({ json: wrapper([], { backoff: 30 }) }));
  const routes = ['/fail/0', '/fail/1', '/fail/2'];
  await compare(api, routes, () => api.requests.length >= 1);
});

test('lookup(err, { background: true }) in the app’s own error handler does not hold the exit either', async () => {
  const api = await startStandIn(() => ({ fault: 'hang' }));
  await compare(api, ['/fail/0', '/fail/1'], () => api.requests.length >= 2, 'lookup-in-background');
});

test('lookup() says clearly when background is not a boolean', async () => {
  await assert.rejects(lookup(new Error('x'), { background: 'yes' as unknown as boolean }), /^TypeError: soet: `background` must be true or false, received 'yes'/);
});

test('a script that awaits lookup() is kept alive until its result is in', async () => {
  const api = await startStandIn(() => ({ json: wrapper([]), delayMs: 400 }));
  const result = await run(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test', 'fixtures', 'lookup-script.ts')], {
    env: cleanEnv({ SOET_API_URL: api.url }),
  });
  assert.equal(result.code, 0, result.stderr);
  assert.equal((JSON.parse(result.stdout) as { status: string }).status, 'none');
});
