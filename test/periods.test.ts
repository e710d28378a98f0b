// Periods the API asks soet to wait are obeyed up to a sane maximum: a day of throttle, an hour of backoff.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { lookup } from '../src/index.js';
import { standIns } from './support/helpers.js';
import { answer, errorBody, question, wrapper } from './support/standin.js';

const standIn = standIns();
const DAY_S = 24 * 60 * 60;
const HOUR_S = 60 * 60;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'soet-periods-'));
after(() => fs.rmSync(work, { recursive: true, force: true }));

/** The seconds a failure message says soet waits: "no call for 86400 s", "wait 3601 s". */
function secondsIn(message: string | undefined): number {
  const seconds = /(?:no call for(?: another)?|wait) (\d+) s\b/.exec(message ?? '')?.[1];
  assert.ok(seconds !== undefined, `no period in ${JSON.stringify(message)}`);
  return Number(seconds);
}

test('a throttle of 99999999999999999999 seconds blocks calls for a day, not for ever', async () => {
  const api = await standIn(() => errorBody(502, 'throttle_violation', 'too many requests from this IP, more requests available in 99999999999999999999 seconds'));
  const first = await lookup(new Error('throttled for ever'), { apiUrl: api.url, cache: false });
  assert.equal(first.failure?.kind, 'throttled');
  assert.equal(secondsIn(first.failure?.message), DAY_S);
  const second = await lookup(new Error('throttled for ever, again'), { apiUrl: api.url, cache: false });
  assert.equal(api.requests.length, 1, 'no call during the period');
  const left = secondsIn(second.failure?.message);
  assert.ok(left <= DAY_S && left > DAY_S - 60, `${left} s left`);
});

test('a backoff of 1e9 seconds holds that method for an hour (plus the margin), not for 31 years', async () => {
  const api = await standIn((request) =>
    request.apiMethod === 'questions/answers' ? { json: wrapper([answer(2, 1, '<p>a</p>')]) } : { json: wrapper([question(1, 'Backoff question')], { backoff: 1e9 }) },
  );
  const first = await lookup(new Error('backoff for ever'), { apiUrl: api.url, cache: false });
  assert.equal(first.status, 'found');
  const second = await lookup(new Error('another error after the backoff'), { apiUrl: api.url, cache: false, timeoutMs: 200 });
  assert.equal(second.failure?.kind, 'backoff');
  const wait = secondsIn(second.failure?.message);
  assert.ok(wait <= HOUR_S + 1 && wait > HOUR_S - 60, `${wait} s`);
});

test('a throttle period remembered on disk is clamped to a day when it is restored', async () => {
  const api = await standIn(() => ({ json: wrapper([]) }));
  const dir = fs.mkdtempSync(path.join(work, 'cache-'));
  // The entry a throttled run leaves behind, planted with a period of thirty years.
  const key = `throttle-${createHash('sha256').update(api.url).digest('hex').slice(0, 32)}`;
  const until = Date.now() + 1e12;
  fs.writeFileSync(path.join(dir, `${key}.json`), JSON.stringify({ version: 2, expiresAt: until, value: { until } }), { mode: 0o600 });
  const result = await lookup(new Error('after a restart'), { apiUrl: api.url, cacheDir: dir });
  assert.equal(result.failure?.kind, 'throttled');
  assert.equal(api.requests.length, 0, 'the remembered period holds');
  const left = secondsIn(result.failure?.message);
  assert.ok(left <= DAY_S && left > DAY_S - 60, `${left} s left`);
});
