// The cache: answers survive restarts, expire, are written atomically, and no disk fault is ever fatal.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CACHE_LIMITS, Cache, defaultCacheDir } from '../src/cache.js';
import { lookup } from '../src/index.js';
import { ROOT, cleanEnv, run, sleep } from './support/helpers.js';
import { StandInApi, answer, errorBody, question, sampleSite, wrapper } from './support/standin.js';

let work: string;
before(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'soet-cache-'));
});
after(() => fs.rmSync(work, { recursive: true, force: true }));

const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const fixture = (name: string): string => path.join(ROOT, 'test', 'fixtures', name);
const freshDir = (): string => fs.mkdtempSync(path.join(work, 'dir-'));

function textCache(dir: string | null, problems: string[] = []): Cache<{ text: string }> {
  return new Cache({
    dir,
    validate: (raw) => (typeof (raw as { text?: unknown }).text === 'string' ? (raw as { text: string }) : undefined),
    onProblem: (message) => problems.push(message),
  });
}

describe('across restarts', () => {
  let api: StandInApi;
  before(async () => {
    api = await StandInApi.start(sampleSite([{ question: question(7, 'TypeError: Cannot read properties of undefined (reading &#39;map&#39;)'), answers: [answer(70, 7, '<p>Guard the call with optional chaining.</p>')] }]));
  });
  after(() => api.close());

  test('a known error prints its answers with no API call after a restart', async () => {
    const env = cleanEnv({ DEBUG: 'soet', SOET_API_URL: api.url, SOET_CACHE_DIR: freshDir() });
    const first = await run(tsx, [fixture('env-app.ts')], { cwd: work, env });
    const callsAfterFirst = api.requests.length;
    const second = await run(tsx, [fixture('env-app.ts')], { cwd: work, env });
    assert.equal(callsAfterFirst, 2);
    assert.equal(api.requests.length, callsAfterFirst, 'no call after the restart');
    assert.match(first.stderr, /Guard the call with optional chaining\./);
    assert.match(second.stderr, /Guard the call with optional chaining\./);
  });

  test('a throttle period survives a restart: the next process makes no call', async () => {
    const throttling = await StandInApi.start(() => errorBody(502, 'throttle_violation', 'too many requests from this IP, more requests available in 600 seconds'));
    try {
      const env = cleanEnv({ DEBUG: 'soet', SOET_API_URL: throttling.url, SOET_CACHE_DIR: freshDir() });
      await run(tsx, [fixture('env-app.ts')], { cwd: work, env });
      assert.equal(throttling.requests.length, 1);
      const second = await run(tsx, [fixture('env-app.ts')], { cwd: work, env });
      assert.equal(throttling.requests.length, 1, 'no call during the throttle period');
      assert.match(second.stderr, /makes no call for another \d+ s/);
    } finally {
      await throttling.close();
    }
  });
});

describe('expiry', () => {
  test('an entry expires after its TTL, in memory and on disk', async () => {
    const dir = freshDir();
    const cache = textCache(dir);
    await cache.set('short-lived', { text: 'soon gone' }, 50);
    assert.deepEqual(await cache.get('short-lived'), { text: 'soon gone' });
    await sleep(80);
    assert.equal(await cache.get('short-lived'), undefined);
    assert.equal(await textCache(dir).get('short-lived'), undefined, 'a fresh process does not revive it');
  });

  test('answers are kept for cacheTtl, "no results" for a day at most', async () => {
    const dir = freshDir();
    const api = await StandInApi.start((request) =>
      request.params.get('q')?.includes('found') ? { json: wrapper([question(1, 'Why is this one found?')]) } : request.apiMethod === 'questions/answers' ? { json: wrapper([answer(2, 1, '<p>a</p>')]) } : { json: wrapper([]) },
    );
    try {
      const started = Date.now();
      await lookup(new Error('this one is found'), { apiUrl: api.url, cacheDir: dir, cacheTtl: 7 * 86_400_000 });
      await lookup(new Error('nothing matches this'), { apiUrl: api.url, cacheDir: dir, cacheTtl: 7 * 86_400_000 });
      const lifetimes = fs
        .readdirSync(dir)
        .filter((name) => /^[0-9a-f]+\.json$/.test(name))
        .map((name) => (JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as { expiresAt: number; value: { questions: unknown[] } }))
        .map((entry) => [entry.value.questions.length > 0 ? 'found' : 'none', Math.round((entry.expiresAt - started) / 3_600_000)]);
      assert.deepEqual(new Map(lifetimes as [string, number][]), new Map([['found', 168], ['none', 24]]));
    } finally {
      await api.close();
    }
  });

  test('cache: false asks the API every time and writes nothing', async () => {
    const dir = freshDir();
    const api = await StandInApi.start((request) => (request.apiMethod === 'questions/answers' ? { json: wrapper([]) } : { json: wrapper([question(1, 'An uncached error')]) }));
    try {
      await lookup(new Error('uncached error'), { apiUrl: api.url, cacheDir: dir, cache: false });
      await lookup(new Error('uncached error'), { apiUrl: api.url, cacheDir: dir, cache: false });
      assert.equal(api.requests.length, 4);
      assert.deepEqual(fs.readdirSync(dir), []);
    } finally {
      await api.close();
    }
  });
});

describe('faults are survived and said once', () => {
  test('a corrupt entry is ignored, reported once, and rebuilt', async () => {
    const dir = freshDir();
    const problems: string[] = [];
    const cache = textCache(dir, problems);
    for (const key of ['broken-one', 'broken-two']) fs.writeFileSync(path.join(dir, `${key}.json`), '{"version":1,"expiresAt":');
    assert.equal(await cache.get('broken-one'), undefined);
    assert.equal(await cache.get('broken-two'), undefined);
    assert.equal(problems.length, 1);
    assert.match(problems[0] ?? '', /corrupt cache entry .* ignored and will be rebuilt/);
    await cache.set('broken-one', { text: 'rebuilt' }, 60_000);
    assert.deepEqual(await textCache(dir).get('broken-one'), { text: 'rebuilt' });
  });

  test('an entry of the wrong shape counts as corrupt', async () => {
    const dir = freshDir();
    fs.writeFileSync(path.join(dir, 'shape.json'), JSON.stringify({ version: 1, expiresAt: Date.now() + 60_000, value: { text: 42 } }));
    assert.equal(await textCache(dir).get('shape'), undefined);
  });

  test('an unwritable folder keeps answers in memory and says so once', async () => {
    const blocker = path.join(freshDir(), 'a-file');
    fs.writeFileSync(blocker, 'not a folder');
    const problems: string[] = [];
    const cache = textCache(path.join(blocker, 'cache'), problems);
    await cache.set('first', { text: 'one' }, 60_000);
    await cache.set('second', { text: 'two' }, 60_000);
    assert.deepEqual(await cache.get('second'), { text: 'two' });
    assert.equal(problems.length, 1);
    assert.match(problems[0] ?? '', /cannot be written \(ENOTDIR\); answers are kept in memory only; set SOET_CACHE_DIR/);
  });

  test('a folder in place of an entry is skipped and said once', async () => {
    const dir = freshDir();
    fs.mkdirSync(path.join(dir, 'not-a-file.json'));
    const problems: string[] = [];
    const cache = textCache(dir, problems);
    assert.equal(await cache.get('not-a-file'), undefined);
    assert.equal(await cache.get('not-a-file'), undefined);
    assert.equal(problems.length, 1);
    assert.match(problems[0] ?? '', /a cache entry in .* is a folder, not a file; soet skips it and asks the API/);
  });

  test('a lookup with a broken cache folder still finds its answers', async () => {
    const blocker = path.join(freshDir(), 'a-file');
    fs.writeFileSync(blocker, 'not a folder');
    const api = await StandInApi.start((request) => (request.apiMethod === 'questions/answers' ? { json: wrapper([answer(2, 1, '<p>a</p>')]) } : { json: wrapper([question(1, 'A broken cache folder')]) }));
    try {
      const result = await lookup(new Error('broken cache folder'), { apiUrl: api.url, cacheDir: path.join(blocker, 'cache') });
      assert.equal(result.status, 'found');
      assert.match(result.notices.join('\n'), /cannot be written/);
    } finally {
      await api.close();
    }
  });
});

test('two processes writing one entry while a third reads it: every read is whole', async () => {
  const dir = freshDir();
  const writers = ['a', 'b'].map((label) => run(tsx, [fixture('cache-writer.ts'), dir, label], { env: cleanEnv() }));
  const file = path.join(dir, 'shared-entry.json');
  let reads = 0;
  let done = false;
  void Promise.all(writers).then(() => (done = true));
  while (!done) {
    if (fs.existsSync(file)) {
      const entry = JSON.parse(fs.readFileSync(file, 'utf8')) as { value: { writer: string; filler: string } };
      assert.match(entry.value.writer, /^[ab]-\d+$/);
      assert.equal(entry.value.filler.length, 20_000);
      reads += 1;
    }
    await sleep(1);
  }
  const results = await Promise.all(writers);
  assert.deepEqual(results.map((result) => [result.code, result.stderr]), [[0, ''], [0, '']]);
  assert.ok(reads > 10, `${reads} reads`);
  assert.deepEqual(fs.readdirSync(dir).filter((name) => name.endsWith('.tmp')), [], 'no temporary file is left behind');
});

describe('the default folder', () => {
  test('node_modules/.cache/soet of the nearest package', () => {
    const project = freshDir();
    fs.writeFileSync(path.join(project, 'package.json'), '{}');
    fs.mkdirSync(path.join(project, 'src', 'deep'), { recursive: true });
    assert.equal(defaultCacheDir(path.join(project, 'src', 'deep')), path.join(project, 'node_modules', '.cache', 'soet'));
  });

  test('the OS cache folder outside any package', () => {
    const loose = fs.mkdtempSync(path.join(os.tmpdir(), 'soet-loose-'));
    try {
      const expected = process.platform === 'linux' ? path.join('/xdg-cache', 'soet') : undefined;
      const dir = defaultCacheDir(loose, { XDG_CACHE_HOME: '/xdg-cache' });
      if (expected) assert.equal(dir, expected);
      assert.ok(!dir.includes('node_modules'));
    } finally {
      fs.rmSync(loose, { recursive: true, force: true });
    }
  });
});

describe('the disk is not trusted', () => {
  const entry = (dir: string, key: string): string => path.join(dir, `${key}.json`);
  const live = (value: unknown): string => JSON.stringify({ version: 2, expiresAt: Date.now() + 60_000, value });

  test('an entry that is a symbolic link to /dev/zero is not followed: no read, no growth, said once', async () => {
    const dir = freshDir();
    fs.symlinkSync('/dev/zero', entry(dir, 'zero'));
    const problems: string[] = [];
    const cache = textCache(dir, problems);
    const heapBefore = process.memoryUsage().rss;
    const started = Date.now();
    assert.equal(await cache.get('zero'), undefined);
    assert.equal(await cache.get('zero'), undefined);
    assert.ok(Date.now() - started < 1_000, 'skipped at once');
    assert.ok(process.memoryUsage().rss - heapBefore < 50 * 1024 * 1024, 'nothing was read from /dev/zero');
    assert.deepEqual(problems.length, 1);
    assert.match(problems[0] ?? '', /is a symbolic link; soet does not follow it/);
    assert.ok(fs.lstatSync(entry(dir, 'zero')).isSymbolicLink(), 'the link is left alone (it may not be soet’s)');
  });

  test('a symbolic link to a valid entry is not followed either', async () => {
    const dir = freshDir();
    const elsewhere = path.join(freshDir(), 'planted.json');
    fs.writeFileSync(elsewhere, live({ text: 'planted answer' }));
    fs.symlinkSync(elsewhere, entry(dir, 'linked'));
    assert.equal(await textCache(dir).get('linked'), undefined);
  });

  test('a FIFO in place of an entry does not hold a lookup: skipped at once, said once, and the lookup asks the API', async () => {
    const dir = freshDir();
    execFileSync('mkfifo', [entry(dir, 'fifo')]);
    const problems: string[] = [];
    const cache = textCache(dir, problems);
    const started = Date.now();
    assert.equal(await cache.get('fifo'), undefined);
    assert.equal(await cache.get('fifo'), undefined);
    assert.ok(Date.now() - started < 1_000, `${Date.now() - started} ms`);
    assert.deepEqual(problems.length, 1);
    assert.match(problems[0] ?? '', /is a FIFO, not a file/);

    const api = await StandInApi.start((request) => (request.apiMethod === 'questions/answers' ? { json: wrapper([answer(2, 1, '<p>a</p>')]) } : { json: wrapper([question(1, 'An entry that becomes a FIFO')]) }));
    try {
      await lookup(new Error('an entry that becomes a FIFO'), { apiUrl: api.url, cacheDir: dir });
      const [name] = fs.readdirSync(dir).filter((file) => /^[0-9a-f]+\.json$/.test(file));
      assert.ok(name);
      fs.rmSync(path.join(dir, name));
      execFileSync('mkfifo', [path.join(dir, name)]);
      const lookupStarted = Date.now();
      const result = await lookup(new Error('an entry that becomes a FIFO'), { apiUrl: api.url, cacheDir: dir, cacheTtl: 86_400_000 - 7 });
      assert.deepEqual([result.status, result.fromCache], ['found', false]);
      assert.ok(Date.now() - lookupStarted < 2_000, 'the FIFO held nothing');
      assert.match(result.notices.join('\n'), /is a FIFO, not a file/);
    } finally {
      await api.close();
    }
  });

  test('an oversized but valid entry is not read, and is removed to be rebuilt', async () => {
    const dir = freshDir();
    const huge = live({ text: 'x'.repeat(CACHE_LIMITS.entryBytes) });
    fs.writeFileSync(entry(dir, 'huge'), huge);
    assert.doesNotThrow(() => JSON.parse(huge), 'the planted entry is valid JSON of the right shape');
    const problems: string[] = [];
    assert.equal(await textCache(dir, problems).get('huge'), undefined);
    assert.match(problems[0] ?? '', /corrupt cache entry/);
    assert.equal(fs.existsSync(entry(dir, 'huge')), false);
  });

  test('an entry of a lookup with 60,000 questions, or with one field of the wrong type, is refused; a whole one is read', async () => {
    const dir = freshDir();
    const api = await StandInApi.start((request) => (request.apiMethod === 'questions/answers' ? { json: wrapper([answer(2, 1, '<p>a real answer</p>')]) } : { json: wrapper([question(1, 'An entry to tamper with')]) }));
    try {
      const first = await lookup(new Error('an entry to tamper with'), { apiUrl: api.url, cacheDir: dir });
      assert.equal(first.status, 'found');
      const [name] = fs.readdirSync(dir).filter((file) => /^[0-9a-f]+\.json$/.test(file));
      assert.ok(name, 'the lookup wrote its entry');
      const file = path.join(dir, name);
      const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as { value: { questions: Record<string, unknown>[] } };
      const good = stored.value.questions[0] ?? {};
      const tampered: [string, unknown][] = [
        ['60,000 questions', Array.from({ length: 60_000 }, () => good)],
        ['a string score', [{ ...good, score: '10' }]],
        ['a negative id', [{ ...good, id: -1 }]],
        ['tags that are not strings', [{ ...good, tags: [1] }]],
        ['an author without a name', [{ ...good, author: { link: 'https://stackoverflow.com/users/1' } }]],
        ['a date that is not a date', [{ ...good, createdAt: 'yesterday' }]],
        ['an answer without its HTML', [{ ...good, bestAnswer: { ...(good.bestAnswer as object), html: 7 } }]],
        ['an answer edited on no date', [{ ...good, bestAnswer: { ...(good.bestAnswer as object), editedAt: 12 } }]],
      ];
      for (const [index, [what, questions]] of tampered.entries()) {
        fs.writeFileSync(file, JSON.stringify({ ...stored, value: { questions } }));
        const calls = api.requests.length;
        // Another cacheTtl is another engine, with nothing in memory: the entry is read from disk.
        const again = await lookup(new Error('an entry to tamper with'), { apiUrl: api.url, cacheDir: dir, cacheTtl: 86_400_001 + index });
        assert.equal(again.fromCache, false, `${what}: refused`);
        assert.ok(api.requests.length > calls, `${what}: asked the API again`);
      }
      fs.writeFileSync(file, JSON.stringify({ ...stored, value: { questions: [{ ...good, unknownField: 'dropped' }] } }));
      const cached = await lookup(new Error('an entry to tamper with'), { apiUrl: api.url, cacheDir: dir, cacheTtl: 86_400_000 - 1 });
      assert.equal(cached.fromCache, true);
      assert.deepEqual(cached.questions, first.questions, 'every field read back; unknown ones dropped');
    } finally {
      await api.close();
    }
  });

  test('the folder is created readable by its owner alone (mode 700), entries mode 600', async () => {
    const dir = path.join(freshDir(), 'parent', 'cache');
    await textCache(dir).set('entry', { text: 'x' }, 60_000);
    assert.equal(fs.statSync(dir).mode & 0o777, 0o700);
    assert.equal(fs.statSync(entry(dir, 'entry')).mode & 0o777, 0o600);
  });

  test('a folder named soet made with a wider mode (as 0.1.0 did) is narrowed to 700; a folder of another name is left as it is', async () => {
    const ours = path.join(freshDir(), 'soet');
    const theirs = path.join(freshDir(), 'shared-cache');
    for (const dir of [ours, theirs]) {
      fs.mkdirSync(dir, { mode: 0o755 });
      fs.chmodSync(dir, 0o755);
      await textCache(dir).set('entry', { text: 'x' }, 60_000);
    }
    assert.equal(fs.statSync(ours).mode & 0o777, 0o700);
    assert.equal(fs.statSync(theirs).mode & 0o777, 0o755);
  });
});
