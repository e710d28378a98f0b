// The Express middleware: hands every thrown value on at once and untouched, then looks it up in the background.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { soet } from '../src/index.js';
import { Capture, type ExpressVersion, sleep, startApp, waitFor } from './support/helpers.js';
import { StandInApi, answer, question, sampleSite } from './support/standin.js';
import { THROWN } from './support/values.js';

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
process.on('unhandledRejection', onUnhandled);

let api: StandInApi;
before(async () => {
  api = await StandInApi.start(
    sampleSite([
      {
        question: question(101, 'TypeError: Cannot read properties of undefined (reading &#39;map&#39;)', { accepted_answer_id: 1001 }),
        answers: [answer(1001, 101, '<p>Initialise the array before you <code>map</code> it.</p>', { is_accepted: true })],
      },
    ]),
  );
});
after(async () => {
  await api.close();
  process.off('unhandledRejection', onUnhandled);
});

function middleware(output = new Capture(), extra: Record<string, unknown> = {}) {
  return soet({ enabled: true, apiUrl: api.url, output, cache: false, ...extra });
}

/** A response object that records any use, to prove soet never touches it. */
function watchedResponse(touched: string[]): object {
  return new Proxy({}, {
    get: (_target, key) => void touched.push(`get ${String(key)}`),
    set: (_target, key) => { touched.push(`set ${String(key)}`); return true; },
    has: (_target, key) => { touched.push(`has ${String(key)}`); return false; },
  });
}

describe('soet() called directly', () => {
  for (const { label, make } of [...THROWN, { label: 'null', make: () => null }, { label: 'undefined', make: () => undefined }]) {
    test(`${label}: next(err) once, synchronously, with the same value, before any request; res untouched`, async () => {
      const value = make();
      const requestsBefore = api.requests.length;
      const calls: { err: unknown; requestsSoFar: number }[] = [];
      const touched: string[] = [];
      const handler = middleware();
      assert.doesNotThrow(() => handler(value, {}, watchedResponse(touched), (err) => calls.push({ err, requestsSoFar: api.requests.length })));
      assert.equal(calls.length, 1, 'next is called exactly once, before the middleware returns');
      assert.ok(Object.is(calls[0]?.err, value), 'next receives the very same value');
      assert.equal(calls[0]?.requestsSoFar, requestsBefore, 'no request was sent before next');
      await sleep(30);
      assert.equal(calls.length, 1, 'next is not called again later');
      assert.deepEqual(touched, []);
    });
  }

  test('a value soet cannot describe safely sends nothing and prints nothing', async () => {
    const output = new Capture();
    // A stand-in of its own: lookups of the values above may still be running against the shared one.
    const quiet = await StandInApi.start();
    try {
      soet({ enabled: true, apiUrl: quiet.url, output, cache: false })(THROWN.find((c) => c.label.startsWith('a Proxy'))?.make(), {}, {}, () => undefined);
      await sleep(200);
      assert.equal(quiet.requests.length, 0);
      assert.equal(output.text, '');
    } finally {
      await quiet.close();
    }
  });

  test('the middleware is a named four-parameter function, as Express needs for error handlers', () => {
    const handler = middleware();
    assert.equal(handler.name, 'soetMiddleware');
    assert.equal(handler.length, 4);
    assert.equal(soet({ enabled: false }).name, 'soetMiddleware');
  });

  test('when off it only calls next: no request, no output, no timer', async () => {
    const output = new Capture();
    const quiet = await StandInApi.start();
    const handler = soet({ enabled: false, apiUrl: quiet.url, output });
    const error = new Error('off means off');
    const seen: unknown[] = [];
    const scheduled: string[] = [];
    const originals = { setTimeout, setInterval, setImmediate };
    globalThis.setTimeout = ((...args: Parameters<typeof setTimeout>) => (scheduled.push('setTimeout'), originals.setTimeout(...args))) as typeof setTimeout;
    globalThis.setInterval = ((...args: Parameters<typeof setInterval>) => (scheduled.push('setInterval'), originals.setInterval(...args)));
    globalThis.setImmediate = ((...args: Parameters<typeof setImmediate>) => (scheduled.push('setImmediate'), originals.setImmediate(...args))) as typeof setImmediate;
    try {
      handler(error, {}, {}, (err) => seen.push(err));
    } finally {
      Object.assign(globalThis, originals);
    }
    assert.deepEqual(seen, [error]);
    assert.deepEqual(scheduled, []);
    await sleep(100);
    await quiet.close();
    assert.equal(quiet.requests.length, 0);
    assert.equal(output.text, '');
  });
});

for (const version of [4, 5] as ExpressVersion[]) {
  describe(`Express ${version}`, () => {
    before(async () => {
      // A fresh stand-in: the background lookups of earlier tests must not queue ahead of these.
      const previous = api;
      api = await StandInApi.start(previous.handler);
      await previous.close();
    });

    test('every thrown value reaches the app’s own error handler, the same value, once', async () => {
      const output = new Capture();
      const values = THROWN.map((c) => c.make());
      const app = await startApp(
        version,
        (express) => {
          express.get('/throw/:i', (req: { params: { i: string } }) => {
            throw values[Number(req.params.i)];
          });
          express.get('/next/:i', (req: { params: { i: string } }, _res: unknown, next: (err: unknown) => void) => next(values[Number(req.params.i)]));
          if (version === 5) {
            express.get('/async/:i', async (req: { params: { i: string } }) => {
              await sleep(1);
              throw values[Number(req.params.i)];
            });
          }
        },
        middleware(output),
      );
      try {
        const routes = version === 5 ? ['throw', 'next', 'async'] : ['throw', 'next'];
        for (const route of routes) {
          for (let i = 0; i < values.length; i += 1) {
            const before = app.handled.length;
            const response = await app.get(`/${route}/${i}`);
            assert.equal(response.status, 500, `${route} ${THROWN[i]?.label}`);
            assert.equal(app.handled.length, before + 1, `${route} ${THROWN[i]?.label}: handled once`);
            assert.ok(Object.is(app.handled[before], values[i]), `${route} ${THROWN[i]?.label}: the same value`);
          }
        }
      } finally {
        await app.close();
      }
    });

    test('the answers are printed after the response, in the background', async () => {
      const output = new Capture();
      const own = await StandInApi.start(api.handler);
      const app = await startApp(version, (express) => {
        express.get('/map', () => {
          const data: undefined | string[] = undefined;
          return (data as unknown as string[]).map((x) => x);
        });
      }, soet({ enabled: true, apiUrl: own.url, output, cache: false }));
      try {
        const response = await app.get('/map');
        assert.equal(response.body, 'handled by the app');
        await waitFor(() => output.text.includes('Initialise the array'), 5_000, 'the answer');
        assert.match(output.text, /TypeError: Cannot read properties of undefined \(reading 'map'\)/);
        assert.match(output.text, /https:\/\/stackoverflow\.com\/questions\/101\//);
        assert.deepEqual(own.requests.map((request) => request.apiMethod), ['search/advanced', 'questions/answers']);
      } finally {
        await app.close();
        await own.close();
      }
    });
  });
}

test('with an API that answers only after 3 s, an error response still returns in under 100 ms', async () => {
  const slow = await StandInApi.start(() => ({ delayMs: 3_000, json: { items: [] } }));
  const output = new Capture();
  const app = await startApp(5, (express) => {
    express.get('/boom', () => {
      throw new Error(`slow API test ${Date.now()}`);
    });
  }, soet({ enabled: true, apiUrl: slow.url, output, cache: false, timeoutMs: 5_000 }));
  try {
    await app.get('/boom'); // warm up the app's code paths once
    for (let i = 0; i < 5; i += 1) {
      const response = await app.get('/boom');
      assert.equal(response.status, 500);
      assert.ok(response.ms < 100, `response took ${response.ms.toFixed(1)} ms`);
    }
    assert.ok(slow.requests.length > 0, 'soet did call the slow API, in the background');
  } finally {
    await app.close();
    await slow.close();
  }
});

test('no unhandled rejection was left by any of the above', () => {
  assert.deepEqual(unhandled, []);
});
