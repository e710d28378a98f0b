// Storms and the API's rules: one lookup per distinct error, few lines, backoff, throttle, rate, bounded memory.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { lookup, soet } from '../src/index.js';
import { resolveSettings } from '../src/options.js';
import { Reporter } from '../src/reporter.js';
import { Capture, sleep, standIns, startApp, waitFor } from './support/helpers.js';
import { type Reply, type StandInRequest, type WrapperExtras, answer, errorBody, question, wrapper } from './support/standin.js';

/** A fresh stand-in per test, so each test counts only its own requests. */
const standIn = standIns();

/** Finds one question for any search (its id from the query) with a one-line answer. */
function answersEverything(request: StandInRequest, extras: WrapperExtras = {}): Reply {
  if (request.apiMethod === 'questions/answers') return { json: wrapper(request.ids.map((id) => answer(id * 10, id, '<p>Short answer.</p>')), extras) };
  const text = request.params.get('q') ?? request.params.get('title') ?? '';
  const id = [...text].reduce((sum, char) => (sum * 31 + char.charCodeAt(0)) % 1_000_000, 7) + 1;
  return { json: wrapper([question(id, `About ${text.slice(0, 30)}`)], extras) };
}

const KINDS = [
  'User not found in accounts table', 'Order could not be shipped to warehouse', 'Invoice total does not match line items',
  'Session expired before checkout finished', 'Payment provider rejected card', 'Cart item has no product reference',
  'Inventory count went below zero', 'Coupon code was already redeemed', 'Address validation failed for postcode',
  'Email template variable is missing', 'Report export exceeded row limit', 'Image resize worker crashed',
  'Search index is out of date', 'Webhook signature did not verify', 'Queue consumer lost its lock',
  'Cache entry had an unexpected shape', 'Feature flag service returned nothing', 'Audit log write was rejected',
  'Tenant configuration is incomplete', 'Scheduled job overlapped the previous run',
];

describe('a storm of 2,000 errors of 20 kinds, with changing numbers and ids', () => {
  test('makes at most 40 API calls and prints fewer than 140 lines', async () => {
    const api = await standIn(answersEverything);
    const output = new Capture();
    // One question per block, so the count measures the printing policy rather than the size of answers.
    const app = await startApp(5, (express) => {
      express.get('/fail/:kind/:n', (req: { params: { kind: string; n: string } }) => {
        const n = Number(req.params.n);
        throw new Error(`${KINDS[Number(req.params.kind)]} (id ${100_000 + n * 7919}, request ${n.toString(16).padStart(8, '0')}-${(n * 31).toString(16).padStart(4, '0')}-4abc-8def-${String(n).padStart(12, '0')})`);
      });
    }, soet({ enabled: true, apiUrl: api.url, output, cache: false, results: 1, lookupsPerMinute: 60 }));
    try {
      for (let n = 0; n < 2_000; n += 1) await app.get(`/fail/${n % 20}/${n}`);
      assert.equal(app.handled.length, 2_000);
      await waitFor(() => (output.text.match(/Short answer\./g) ?? []).length === 20, 20_000, '20 blocks');
      await waitFor(() => /again \(x100\)/.test(output.text), 10_000, `the repeat summary:\n${output.text.split("\n").filter((line) => !line.startsWith("   ")).join("\n")}`);
      assert.ok(api.requests.length <= 40, `${api.requests.length} API calls`);
      // Six lines a block (error, title, score and link, who asked, the answer, who answered) for 20 kinds, and a few of repeats.
      assert.ok(output.lines.length < 140, `${output.lines.length} lines:\n${output.text}`);
      assert.match(output.text, /and 15 other known errors again \(1900 times\)|again \(x100\), answers above/);
    } finally {
      await app.close();
    }
  });
});

test('concurrent errors with one fingerprint share one lookup', async () => {
  const api = await standIn(answersEverything);
  const results = await Promise.all(
    Array.from({ length: 10 }, (_, i) => lookup(new Error(`Widget ${1000 + i} failed to render`), { apiUrl: api.url, cache: false })),
  );
  assert.ok(results.every((result) => result.status === 'found'));
  assert.equal(api.requests.length, 2);
});

test('no call to a method during its backoff (plus a margin); other methods go on', async () => {
  const api = await standIn((request) => answersEverything(request, request.apiMethod === 'search/advanced' ? { backoff: 1 } : {}));
  await lookup(new Error('First error of the backoff test'), { apiUrl: api.url, cache: false });
  await lookup(new Error('Second error of the backoff test'), { apiUrl: api.url, cache: false });
  const searches = api.calls('search/advanced');
  const answers = api.calls('questions/answers');
  assert.equal(searches.length, 2);
  assert.ok((searches[1]?.at ?? 0) - (searches[0]?.at ?? 0) >= 2_000 - 100, 'backoff of 1 s plus a 1 s margin');
  assert.ok((answers[0]?.at ?? 0) - (searches[0]?.at ?? 0) < 500, 'the answers call is not held back');
});

test('after throttle_violation, no call at all for the period its message states, and one line with the key hint', async () => {
  let throttledAt = 0;
  const api = await standIn((request) => {
    if (throttledAt === 0) {
      throttledAt = Date.now();
      return errorBody(502, 'throttle_violation', 'too many requests from this IP, more requests available in 2 seconds');
    }
    // Others answer late, so soet has read the throttle answer before any of them comes back.
    return { ...(answersEverything(request)), delayMs: 300 };
  });
  const output = new Capture();
  const handler = soet({ enabled: true, apiUrl: api.url, output, cache: false, lookupsPerMinute: 60 });
  for (let i = 0; i < 5; i += 1) handler(new Error(`Throttled storm error kind ${'xyz'.repeat(i + 1)}`), {}, {}, () => undefined);
  await sleep(1_500);
  // Calls already on the wire when the answer came back cannot be recalled; none may start after it.
  const startedAfter = api.requests.filter((request) => request.at > throttledAt + 100);
  assert.deepEqual(startedAfter, []);
  const throttleLines = output.lines.filter((line) => /throttled this IP/.test(line));
  assert.equal(throttleLines.length, 1, output.text);
  assert.match(throttleLines[0] ?? '', /STACKEXCHANGE_KEY/);
  await sleep(700);
  const result = await lookup(new Error('After the throttle period'), { apiUrl: api.url, cache: false, lookupsPerMinute: 60 });
  assert.equal(result.status, 'found', 'calls resume once the period is over');
  assert.ok((api.requests.at(-1)?.at ?? 0) >= throttledAt + 2_000);
});

test('quota below its 10% reserve: new lookups pause until the UTC day ends, said once with the key hint', async () => {
  const api = await standIn((request) => answersEverything(request, { quota_remaining: 12, quota_max: 300 }));
  const output = new Capture();
  const handler = soet({ enabled: true, apiUrl: api.url, output, cache: false });
  handler(new Error('Quota error one'), {}, {}, () => undefined);
  await waitFor(() => output.text.includes('Short answer.'), 10_000, 'the first block');
  for (const words of ['two different words', 'three other words', 'four more words']) handler(new Error(`Quota error ${words}`), {}, {}, () => undefined);
  await waitFor(() => /lookups paused/.test(output.text), 5_000, 'the pause line');
  await sleep(200);
  const lines = output.lines.filter((line) => /lookups paused/.test(line));
  assert.equal(lines.length, 1, output.text);
  assert.match(lines[0] ?? '', /until 00:00 UTC \(in .+\): 12 of 300 Stack Exchange requests left today for this IP, and soet leaves 30 in reserve/);
  assert.match(lines[0] ?? '', /STACKEXCHANGE_KEY/);
  assert.equal(api.requests.length, 2, 'only the first error was looked up');
});

test('at most 5 requests start in any second, and at most 3 lookups run at once', async () => {
  let inFlight = 0;
  let maxInFlight = 0;
  const api = await standIn(async (request) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await sleep(50);
    inFlight -= 1;
    return answersEverything(request);
  });
  await Promise.all(Array.from({ length: 8 }, (_, i) => lookup(new Error(`Rate test error ${'abcdefgh'[i]}${'qrstuvwx'[i]} word${'klmnopqr'[i]}`), { apiUrl: api.url, cache: false, lookupsPerMinute: 60 })));
  // Times are taken when requests arrive, a little after soet let them go: allow 100 ms for that.
  const starts = api.requests.map((request) => request.at);
  assert.equal(starts.length, 16);
  for (let i = 5; i < starts.length; i += 1) {
    assert.ok((starts[i] ?? 0) - (starts[i - 5] ?? 0) >= 1_000 - 100, `request ${i} started too soon after request ${i - 5}`);
  }
  assert.ok(maxInFlight <= 3, `${maxInFlight} requests at once`);
});

test('a full queue drops the oldest waiting lookups, and says so once', async () => {
  const api = await standIn(async (request) => {
    await sleep(200);
    return answersEverything(request);
  });
  const output = new Capture();
  const reporter = new Reporter(resolveSettings({ enabled: true, apiUrl: api.url, output, cache: false, timeoutMs: 1_000, lookupsPerMinute: 1_000 }, {}));
  // Two turns of the event loop: the reporter itself takes 50 new errors a turn.
  for (let i = 0; i < 80; i += 1) {
    reporter.report(new Error(`Queued failure ${['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', 'iota', 'kappa'][i % 10]} in ${['north', 'south', 'east', 'west', 'up', 'down', 'left', 'right'][Math.floor(i / 10)]}`));
    if (i === 39) await new Promise((resolve) => setImmediate(resolve));
  }
  await new Promise((resolve) => setImmediate(resolve));
  assert.ok(reporter.stats.queued <= 50, `${reporter.stats.queued} queued`);
  await waitFor(() => /oldest waiting lookups are dropped/.test(output.text), 5_000, 'the drop notice');
  assert.equal((output.text.match(/oldest waiting lookups are dropped/g) ?? []).length, 1);
});

test('100,000 distinct errors leave every structure within its cap', async () => {
  const api = await standIn(async (request) => {
    await sleep(5);
    return answersEverything(request);
  });
  const output = new Capture();
  const reporter = new Reporter(resolveSettings({ enabled: true, apiUrl: api.url, output, cache: false }, {}));
  const words = ['red', 'green', 'blue', 'cyan', 'pink', 'gold', 'grey', 'teal', 'navy', 'lime'];
  for (let i = 0; i < 100_000; i += 1) {
    const name = i.toString(10).split('').map((digit) => words[Number(digit)]).join(' ');
    reporter.report(new Error(`Distinct failure ${name}`));
  }
  const { known, batched, waiting, queued, inFlight, running, cached } = reporter.stats;
  assert.ok(known <= 1_000, `${known} known errors`);
  assert.ok(batched <= 64, `${batched} errors held for the end of the tick`);
  assert.ok(waiting <= 50, `${waiting} new errors waiting for their turn`);
  assert.ok(queued <= 50, `${queued} queued`);
  assert.ok(inFlight <= 53 && running <= 3, `${inFlight} in flight, ${running} running`);
  assert.ok(cached <= 500, `${cached} cached`);
});

describe('repeats of a known error', () => {
  async function occurrences(repeats: 'full' | 'silent', times: number): Promise<Capture & { calls: number }> {
    const api = await standIn(answersEverything);
    const output = new Capture();
    const handler = soet({ enabled: true, apiUrl: api.url, output, cache: false, results: 1, repeats });
    handler(new Error('Repeated failure in the repeats test (id 1001)'), {}, {}, () => undefined);
    await waitFor(() => output.text.includes('Short answer.'), 5_000, 'the first block');
    for (let i = 2; i <= times; i += 1) handler(new Error(`Repeated failure in the repeats test (id ${1000 + i})`), {}, {}, () => undefined);
    await sleep(300);
    return Object.assign(output, { calls: api.requests.length });
  }

  test("repeats: 'full' prints the whole block every time, without asking the API again", async () => {
    const output = await occurrences('full', 3);
    assert.equal((output.text.match(/Short answer\./g) ?? []).length, 3);
    assert.equal(output.calls, 2);
  });

  test("repeats: 'silent' prints the block once and nothing after", async () => {
    const output = await occurrences('silent', 3);
    assert.equal((output.text.match(/Short answer\./g) ?? []).length, 1);
    assert.doesNotMatch(output.text, /again/);
  });
});
