// When the page must not show, the app behaves exactly as without errorPage(): off, production, headers sent, other machines.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { errorPage } from '../src/index.js';
import { type ExpressVersion, ROOT, cleanEnv, run, sleep, standIns } from './support/helpers.js';
import { type AppLike, type RawRequest, type RawResponse, networkAddress, rawRequest, startPageApp } from './support/page.js';
import { answer, question, sampleSite } from './support/standin.js';

const startApi = standIns();
const SITE = sampleSite([{ question: question(1, 'Error: the route failed on purpose'), answers: [answer(11, 1, '<p>Fix it.</p>')] }]);

interface Setup {
  readonly version: ExpressVersion;
  readonly pageOptions: Record<string, unknown>;
  /** With the app's own error handler after errorPage(), or with Express's default one. */
  readonly ownHandler: boolean;
  readonly request?: RawRequest;
  readonly host?: string;
  readonly setup?: (app: AppLike) => void;
  readonly routes?: (app: AppLike, thrown: unknown[]) => void;
}

interface Outcome {
  readonly response: RawResponse;
  readonly thrown: unknown[];
  readonly handled: unknown[];
}

function failingRoute(app: AppLike, thrown: unknown[]): void {
  app.get('/fail', () => {
    const error = new Error('the route failed on purpose');
    thrown.push(error);
    throw error;
  });
}

/** One app (with errorPage() or without it), one request; what the client and the app's handler saw. */
async function outcome(setup: Setup, withPage: boolean, apiUrl: string): Promise<Outcome> {
  const thrown: unknown[] = [];
  const app = await startPageApp(setup.version, {
    routes: (express) => (setup.routes ?? failingRoute)(express, thrown),
    handlers: withPage ? [errorPage({ enabled: true, apiUrl, cache: false, ...setup.pageOptions })] : [],
    ownHandler: setup.ownHandler,
    ...(setup.host ? { host: setup.host } : {}),
    ...(setup.setup ? { setup: setup.setup } : {}),
  });
  try {
    const response = await rawRequest(app.port, '/fail', setup.request);
    return { response, thrown, handled: app.handled };
  } finally {
    await app.close();
  }
}

/** What a response looks like to the client, without what differs between any two apps (date, port). */
function seen(response: RawResponse): unknown {
  const { date: _date, ...headers } = response.headers;
  return { status: response.status, headers, body: response.body, aborted: response.aborted };
}

/** Asserts that errorPage() changes nothing for this setup: same response, same error to the app, no lookup. */
async function assertPassThrough(setup: Setup): Promise<void> {
  const api = await startApi(SITE);
  const without = await outcome(setup, false, api.url);
  const withPage = await outcome(setup, true, api.url);
  assert.deepEqual(seen(withPage.response), seen(without.response));
  assert.equal(withPage.handled.length, without.handled.length);
  if (setup.ownHandler) assert.ok(Object.is(withPage.handled[0], withPage.thrown[0]), 'the app’s handler got the very error thrown');
  await sleep(50);
  assert.equal(api.requests.length, 0, 'no lookup');
}

/** The page answers this setup (the positive control of a pass-through test). */
async function assertPage(setup: Setup): Promise<void> {
  const api = await startApi(SITE);
  const withPage = await outcome(setup, true, api.url);
  assert.equal(withPage.response.headers['content-type'], 'text/html; charset=utf-8');
  assert.match(withPage.response.body, /<h1 class="soet-message">the route failed on purpose<\/h1>/);
  assert.equal(withPage.handled.length, 0);
}

for (const version of [4, 5] as ExpressVersion[]) {
  describe(`Express ${version}`, () => {
    for (const ownHandler of [true, false]) {
      const handler = ownHandler ? 'the app’s own handler' : 'Express’s default handler';
      test(`off (enabled: false), with ${handler}: as without errorPage()`, () => assertPassThrough({ version, ownHandler, pageOptions: { enabled: false } }));

      test(`a client on another address of this machine, with ${handler}: as without errorPage()`, async () => {
        const address = networkAddress();
        const setup = { version, ownHandler, host: '0.0.0.0', request: { host: address, localAddress: address } };
        await assertPassThrough({ ...setup, pageOptions: {} });
        await assertPage({ ...setup, pageOptions: { allowedHosts: [address] } });
        await assertPage({ ...setup, pageOptions: { allowedHosts: `${address.replace(/\.\d+$/, '.0')}/24` } });
      });

      test(`a name that is not this machine's (DNS rebinding), with ${handler}: as without errorPage()`, async () => {
        await assertPassThrough({ version, ownHandler, pageOptions: {}, request: { headers: { host: 'attacker.example:3000' } } });
        await assertPage({ version, ownHandler, pageOptions: {}, request: { headers: { host: 'shop.localhost:3000' } } });
        await assertPage({ version, ownHandler, pageOptions: { allowedHosts: ['.example'] }, request: { headers: { host: 'attacker.example:3000' } } });
      });

      test(`a request through a proxy (X-Forwarded-For, Forwarded), with ${handler}: as without errorPage()`, async () => {
        await assertPassThrough({ version, ownHandler, pageOptions: {}, request: { headers: { 'x-forwarded-for': '127.0.0.1' } } });
        await assertPassThrough({ version, ownHandler, pageOptions: {}, request: { headers: { forwarded: 'for=127.0.0.1' } } });
      });
    }

    test('after the headers were sent: as without errorPage() (Express ends the broken response)', () =>
      assertPassThrough({
        version,
        ownHandler: false,
        pageOptions: {},
        routes: (app, thrown) =>
          app.get('/fail', (_req: unknown, res: { write: (chunk: string) => void }, next: (err: unknown) => void) => {
            res.write('partial answer');
            const error = new Error('failed after the headers were sent');
            thrown.push(error);
            next(error);
          }),
      }));

    test('a trusted proxy: the client is req.ip, as the app’s `trust proxy` setting says', async () => {
      const trusted = { version, ownHandler: true, setup: (app: AppLike) => app.set('trust proxy', 'loopback') };
      await assertPassThrough({ ...trusted, pageOptions: { trustProxy: true }, request: { headers: { 'x-forwarded-for': '203.0.113.7' } } });
      await assertPage({ ...trusted, pageOptions: { trustProxy: true }, request: { headers: { 'x-forwarded-for': '127.0.0.1' } } });
      await assertPage({ ...trusted, pageOptions: { trustProxy: true, allowedHosts: ['203.0.113.0/24'] }, request: { headers: { 'x-forwarded-for': '203.0.113.7' } } });
    });
  });
}

test('off, errorPage() only calls next(err), synchronously, and touches nothing', async () => {
  const api = await startApi(SITE);
  const handler = errorPage({ enabled: false, apiUrl: api.url });
  const touched: string[] = [];
  const watched = (label: string): object =>
    new Proxy({}, {
      get: (_target, key) => void touched.push(`${label}.${String(key)}`),
      set: (_target, key) => (touched.push(`set ${label}.${String(key)}`), true),
    });
  const error = new Error('off means off');
  const calls: unknown[] = [];
  handler(error, watched('req'), watched('res'), (err) => calls.push(err));
  assert.equal(calls.length, 1);
  assert.ok(Object.is(calls[0], error));
  assert.deepEqual(touched, []);
  await sleep(50);
  assert.equal(api.requests.length, 0);
});

describe('NODE_ENV=production (real child processes)', () => {
  const fixture = path.join(ROOT, 'test', 'fixtures', 'page-app.ts');
  const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
  const served = async (mode: string, env: Record<string, string>): Promise<{ status: number; type: string; body: string }> => {
    const result = await run(tsx, [fixture, mode], { env: cleanEnv({ SOET_CACHE: 'off', ...env }) });
    assert.equal(result.code, 0, result.stderr);
    return JSON.parse(result.stdout);
  };

  test('DEBUG=soet in production, even with enabled: true in code: as without errorPage()', async () => {
    const api = await startApi(SITE);
    const env = { DEBUG: 'soet', NODE_ENV: 'production', SOET_API_URL: api.url };
    const without = await served('none', env);
    assert.deepEqual(without, { status: 500, type: 'text/plain; charset=utf-8', body: 'handled by the app: fixture failure' });
    assert.deepEqual(await served('page', env), without);
    assert.deepEqual(await served('force', env), without);
    assert.equal(api.requests.length, 0);
  });

  test('DEBUG unset: as without errorPage(); DEBUG=soet in development: the page', async () => {
    const api = await startApi(SITE);
    assert.deepEqual(await served('page', { SOET_API_URL: api.url }), await served('none', { SOET_API_URL: api.url }));
    const page = await served('page', { DEBUG: 'soet', NODE_ENV: 'development', SOET_API_URL: api.url });
    assert.equal(page.type, 'text/html; charset=utf-8');
    assert.match(page.body, /<h1 class="soet-message">fixture failure<\/h1>/);
  });
});
