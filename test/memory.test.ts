// Memory stays bounded whatever the size of messages: 10,000 errors of 1 MB each through a real Express app.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { ROOT, cleanEnv, run, standIns } from './support/helpers.js';
import { answer, question, wrapper } from './support/standin.js';

const standIn = standIns();
const ERRORS = 10_000;
const MB = 1024 * 1024;

interface StormOutcome {
  readonly handled: number;
  readonly heapUsed: number;
  readonly printed: number;
}

/** Runs the storm fixture in a fresh process, `with` soet on or `without` it, and reads its heap after a full collection. */
async function storm(mode: 'with' | 'without', apiUrl: string): Promise<StormOutcome> {
  const fixture = path.join(ROOT, 'test', 'fixtures', 'storm-app.ts');
  const result = await run(process.execPath, ['--expose-gc', '--import', 'tsx', fixture, mode, String(ERRORS)], {
    env: cleanEnv({ SOET_API_URL: apiUrl }),
    timeoutMs: 240_000,
  });
  assert.equal(result.code, 0, `the ${mode} app failed: ${result.stderr.slice(0, 2_000)}`);
  return JSON.parse(result.stdout) as StormOutcome;
}

test(`${ERRORS.toLocaleString('en')} errors with 1 MB messages: the heap stays within 20 MB of the same app without soet`, async () => {
  const api = await standIn((request) =>
    request.apiMethod === 'questions/answers' ? { json: wrapper([answer(10, 1, '<p>Reserve stock in a transaction.</p>')]) } : { json: wrapper([question(1, 'Order service could not reserve stock')]) },
  );
  // Side by side: the heap is read after a full collection, so the two do not disturb each other.
  const [withSoet, without] = await Promise.all([storm('with', api.url), storm('without', api.url)]);
  assert.equal(withSoet.handled, ERRORS);
  assert.equal(without.handled, ERRORS);
  assert.ok(withSoet.printed > 0, 'soet was on and printed its block');
  const extra = (withSoet.heapUsed - without.heapUsed) / MB;
  assert.ok(extra < 20, `soet added ${extra.toFixed(1)} MB of heap (${(withSoet.heapUsed / MB).toFixed(1)} MB against ${(without.heapUsed / MB).toFixed(1)} MB)`);
});
