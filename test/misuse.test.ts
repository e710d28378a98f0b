// `app.use(soet)` (the factory itself, not called): real Express 4 and 5 apps in child processes answer
// exactly as without soet, and soet says once, when it is on, how to fix it.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { soet } from '../src/index.js';
import { ROOT, cleanEnv, run } from './support/helpers.js';

const fixture = path.join(ROOT, 'test', 'fixtures', 'misuse-app.ts');
const FIX = /^soet ▸ app\.use\(soet\) gives Express the soet factory itself, .* Call it to create the middleware: app\.use\(soet\(\)\), after your routes and before your own error handler\.$/;

async function app(version: 4 | 5, mode: 'misuse' | 'without-soet', env: Record<string, string> = {}) {
  const result = await run(process.execPath, ['--import', 'tsx', fixture, String(version), mode], { env: cleanEnv(env) });
  assert.equal(result.code, 0, result.stderr);
  return { responses: JSON.parse(result.stdout) as unknown[], stderr: result.stderr };
}

for (const version of [4, 5] as const) {
  describe(`Express ${version}`, () => {
    test('app.use(soet) changes no response: a 404 stays a 404, routes after it run, errors reach the app untouched', async () => {
      const without = await app(version, 'without-soet', { DEBUG: 'soet' });
      const misused = await app(version, 'misuse', { DEBUG: 'soet' });
      assert.deepEqual(misused.responses, without.responses);
      assert.deepEqual(
        (misused.responses as { status: number }[]).map((response) => response.status),
        [404, 200, 200, 500, 500, 404],
      );
      assert.match(JSON.stringify(misused.responses), /handled by the app: the very error thrown/);
    });

    test('with soet on, it says once, on stderr, what to write instead', async () => {
      const { stderr } = await app(version, 'misuse', { DEBUG: 'soet' });
      const lines = stderr.split('\n').filter(Boolean);
      assert.equal(lines.length, 1, stderr);
      assert.match(lines[0] ?? '', FIX);
    });

    test('with soet off, it says nothing', async () => {
      for (const env of [{}, { DEBUG: 'soet', NODE_ENV: 'production' }]) {
        assert.equal((await app(version, 'misuse', env)).stderr, '', JSON.stringify(env));
      }
    });
  });
}

test('called with (err, req, res, next) by a wrapper, the factory hands the very error on', () => {
  const error = new Error('passed through');
  const received: unknown[] = [];
  const asErrorHandler = soet as unknown as (err: unknown, req: object, res: object, next: (err?: unknown) => void) => unknown;
  assert.equal(asErrorHandler(error, { method: 'GET', headers: {} }, {}, (err) => received.push(err)), undefined);
  assert.deepEqual(received, [error]);
});

test('called with a request and no next (not by Express), it throws a TypeError that shows app.use(soet())', () => {
  const asMiddleware = soet as unknown as (req: object) => unknown;
  assert.throws(() => asMiddleware({ method: 'GET', headers: {}, url: '/' }), (error: Error) => error instanceof TypeError && error.message.includes('app.use(soet())'));
});
