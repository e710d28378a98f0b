// Faults of the API: each one leaves the app serving, the error passed through, one line at most, no rejection.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { type LookupFailureKind, lookup, soet } from '../src/index.js';
import { Capture, closedPort, sleep, startApp, waitFor } from './support/helpers.js';
import { type Handler, StandInApi, errorBody, question, wrapper } from './support/standin.js';

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
process.on('unhandledRejection', onUnhandled);
after(() => process.off('unhandledRejection', onUnhandled));

const TIMEOUT_MS = 300;
const HUGE = Buffer.alloc(30 * 1024 * 1024, 'a');
const NESTED_3MB = '['.repeat(3_000_000);
const NESTED_900KB = `${'['.repeat(450_000)}${']'.repeat(450_000)}`;

interface Fault {
  readonly label: string;
  readonly kind: LookupFailureKind;
  /** How the stand-in answers; or, for faults below HTTP, a base URL that fails by itself. */
  readonly api: { readonly handler: Handler } | { readonly url: () => Promise<string> };
  /** Words the printed line must contain: what happened and what to do. */
  readonly says: RegExp;
}

const FAULTS: readonly Fault[] = [
  { label: 'connection refused', kind: 'refused', api: { url: async () => `http://127.0.0.1:${await closedPort()}/2.3` }, says: /connection refused.*check/ },
  { label: 'DNS failure', kind: 'dns', api: { url: () => Promise.resolve('http://soet-test.invalid/2.3') }, says: /could not resolve soet-test\.invalid.*check your network/ },
  { label: 'socket reset', kind: 'reset', api: { handler: () => ({ fault: 'reset' }) }, says: /cut off/ },
  { label: 'no response', kind: 'timeout', api: { handler: () => ({ fault: 'hang' }) }, says: /did not answer within 300 ms.*SOET_TIMEOUT_MS/ },
  { label: 'a slow trickle that outlasts the timeout', kind: 'timeout', api: { handler: () => ({ json: wrapper([question(1, 'slow')]), trickle: { bytes: 4, everyMs: 50 } }) }, says: /did not answer within/ },
  { label: 'HTTP 503 with an HTML page', kind: 'http', api: { handler: () => ({ status: 503, raw: '<html><body>Service Unavailable</body></html>', encoding: 'identity' }) }, says: /HTTP 503/ },
  { label: 'HTTP 500 with JSON but no error body', kind: 'http', api: { handler: () => ({ status: 500, json: { oops: true } }) }, says: /HTTP 500/ },
  { label: 'throttle_violation', kind: 'throttled', api: { handler: () => errorBody(502, 'throttle_violation', 'too many requests from this IP, more requests available in 17524 seconds') }, says: /throttled.*17524 s.*STACKEXCHANGE_KEY/ },
  { label: 'throttle_violation that states no period', kind: 'throttled', api: { handler: () => errorBody(502, 'throttle_violation', 'too many requests from this IP') }, says: /no call for 60 s/ },
  { label: 'a body that is not JSON', kind: 'bad-response', api: { handler: () => ({ raw: 'this is not json {' }) }, says: /not JSON/ },
  { label: 'truncated JSON', kind: 'bad-response', api: { handler: () => ({ raw: '{"items": [{"question_id": 1, "ti', encoding: 'identity' }) }, says: /not JSON/ },
  { label: 'a gzip stream cut in half', kind: 'reset', api: { handler: () => ({ json: wrapper([question(1, 'x'.repeat(5000))]), fault: 'truncate' }) }, says: /cut off/ },
  { label: 'a 30 MB body', kind: 'too-large', api: { handler: () => ({ raw: HUGE, encoding: 'identity' }) }, says: /too large/ },
  { label: 'a 3 MB body of nested [, over the 1 MB cap', kind: 'too-large', api: { handler: () => ({ raw: NESTED_3MB }) }, says: /too large/ },
  { label: 'a 900 KB array nested 450,000 deep, under the cap', kind: 'bad-response', api: { handler: () => ({ raw: NESTED_900KB }) }, says: /items/ },
  { label: 'JSON without an items list', kind: 'bad-response', api: { handler: () => ({ json: { quota_max: 300 } }) }, says: /items/ },
  ...(['br', 'gzip', 'deflate'] as const).map((encoding): Fault => ({
    label: `a corrupt body under Content-Encoding: ${encoding}`,
    kind: 'decoding',
    api: { handler: () => ({ json: wrapper([question(1, 'never decoded')]), encoding, corrupt: true }) },
    says: /sent a compressed response that could not be decoded \((?:ERR_|Z_)\w+\); soet tries again/,
  })),
  { label: 'a Brotli body, decoded', kind: 'api-error', api: { handler: () => ({ ...errorBody(400, 'bad_parameter', 'brotli works'), encoding: 'br' }) }, says: /brotli works/ },
  ...(
    [
      [400, 'bad_parameter', 'SOET_SITE'],
      [401, 'access_token_required', 'next error'],
      [402, 'invalid_access_token', 'next error'],
      [403, 'access_denied', 'STACKEXCHANGE_KEY'],
      [404, 'no_method', 'SOET_API_URL'],
      [405, 'key_required', 'STACKEXCHANGE_KEY'],
      [406, 'access_token_compromised', 'next error'],
      [407, 'write_failed', 'next error'],
      [409, 'duplicate_request', 'next error'],
      [500, 'internal_error', 'having trouble'],
      [503, 'temporarily_unavailable', 'having trouble'],
    ] as const
  ).map(([id, name, advice]): Fault => ({
    label: `error body ${id} ${name}`,
    kind: 'api-error',
    api: { handler: () => errorBody(id, name, `the API says ${name}`) },
    says: new RegExp(`${name} \\(${id}\\).*${advice}`),
  })),
];

async function baseUrl(fault: Fault, started: StandInApi[]): Promise<string> {
  if ('url' in fault.api) return fault.api.url();
  const api = await StandInApi.start(fault.api.handler);
  started.push(api);
  return api.url;
}

for (const fault of FAULTS) {
  describe(fault.label, () => {
    const started: StandInApi[] = [];
    after(async () => Promise.all(started.map((api) => api.close())));

    test(`lookup() reports it as ${fault.kind}`, async () => {
      const result = await lookup(new Error(`lookup fault check ${fault.label}`), { apiUrl: await baseUrl(fault, started), cache: false, timeoutMs: TIMEOUT_MS });
      assert.equal(result.status, 'failed');
      assert.equal(result.failure?.kind, fault.kind);
      assert.match(result.failure?.message ?? '', fault.says);
    });

    test('an Express app keeps serving, every error reaches its handler, and one line is printed', async () => {
      const output = new Capture();
      const app = await startApp(5, (express) => {
        express.get('/fail/:kind', (req: { params: { kind: string } }) => {
          throw new RangeError(`distinct failure number ${req.params.kind} words ${'abc'.repeat(Number(req.params.kind.length))}`);
        });
        express.get('/ok', (_req: unknown, res: { send: (body: string) => void }) => res.send('fine'));
      }, soet({ enabled: true, apiUrl: await baseUrl(fault, started), output, cache: false, timeoutMs: TIMEOUT_MS }));
      try {
        for (const kind of ['first', 'second', 'third-one']) assert.equal((await app.get(`/fail/${kind}`)).status, 500);
        assert.equal(app.handled.length, 3);
        await waitFor(() => output.lines.length > 0, 10_000, 'the failure line');
        await sleep(fault.kind === 'timeout' ? 4 * TIMEOUT_MS : 400);
        const response = await app.get('/ok');
        assert.deepEqual([response.status, response.body], [200, 'fine']);
        const aboutTheCause = output.lines.filter((line) => !/^\s+(hint|thrown at) /.test(line));
        assert.equal(aboutTheCause.length, 1, `one line per cause (offline hints aside), got:\n${output.text}`);
        assert.match(output.text, fault.says);
        assert.doesNotMatch(output.text, /\n\s+at /, 'no stack trace of soet’s own');
      } finally {
        await app.close();
      }
    });
  });
}

test('no unhandled rejection was left by any fault', () => {
  assert.deepEqual(unhandled, []);
});
