// DEBUG, NODE_ENV and .env: parsed in unit tests, and proven in real child processes (colour: color.test.ts).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { isEnabled, loadEnv, parseDebug } from '../src/env.js';
import { ROOT, cleanEnv, run } from './support/helpers.js';
import { StandInApi, answer, question, sampleSite } from './support/standin.js';

describe('DEBUG', () => {
  const on = ['1', 'true', 'TRUE', 'yes', 'Yes', 'on', 'ON', ' on ', 'soet', 'soet:*', 'soet:query', 'app:*,soet', 'app:* soet', '*', 'express:*,soet', '*,-express:*'];
  const off = [undefined, '', ' ', '0', 'false', 'False', 'no', 'off', 'OFF', 'express:*', 'app:*,express:router', '-soet', '*,-soet', 'soetx', 'my-soet'];
  for (const value of on) test(`DEBUG=${JSON.stringify(value)} turns soet on`, () => assert.equal(parseDebug(value).soet, true));
  for (const value of off) test(`DEBUG=${JSON.stringify(value)} leaves soet off`, () => assert.equal(parseDebug(value).soet, false));

  test('soet:query (or a list that includes it) turns on the query trace', () => {
    assert.equal(parseDebug('soet:query').query, true);
    assert.equal(parseDebug('soet:*').query, true);
    assert.equal(parseDebug('soet').query, false);
    assert.equal(parseDebug('1').query, false);
  });
});

describe('NODE_ENV and the enabled option', () => {
  const cases: [string, Record<string, string>, boolean | undefined, boolean][] = [
    ['DEBUG=soet', { DEBUG: 'soet' }, undefined, true],
    ['DEBUG=soet in production', { DEBUG: 'soet', NODE_ENV: 'production' }, undefined, false],
    ['DEBUG=1 with NODE_ENV=Production', { DEBUG: '1', NODE_ENV: ' Production ' }, undefined, false],
    ['DEBUG=soet with NODE_ENV=development', { DEBUG: 'soet', NODE_ENV: 'development' }, undefined, true],
    ['enabled: true in production', { NODE_ENV: 'production' }, true, true],
    ['enabled: false with DEBUG=soet', { DEBUG: 'soet' }, false, false],
    ['nothing set', {}, undefined, false],
  ];
  for (const [label, env, enabled, expected] of cases) {
    test(`${label}: ${expected ? 'on' : 'off'}`, () => assert.equal(isEnabled(env, enabled), expected));
  }
});

describe('.env', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'soet-env-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('supplies variables, under those already set, without touching process.env', () => {
    fs.writeFileSync(path.join(dir, '.env'), 'DEBUG=soet\nSOET_RESULTS=2\nSOET_SITE=superuser\n');
    const processEnv = { SOET_SITE: 'serverfault' };
    const env = loadEnv(dir, processEnv);
    assert.equal(env.DEBUG, 'soet');
    assert.equal(env.SOET_RESULTS, '2');
    assert.equal(env.SOET_SITE, 'serverfault', 'the environment wins over .env');
    assert.deepEqual(processEnv, { SOET_SITE: 'serverfault' });
  });

  test('no .env is fine', () => {
    assert.deepEqual(loadEnv(path.join(dir, 'missing'), { A: '1' }), { A: '1' });
  });
});

describe('in real child processes', () => {
  let api: StandInApi;
  let work: string;
  before(async () => {
    api = await StandInApi.start(
      sampleSite([{ question: question(7, 'TypeError: Cannot read properties of undefined (reading &#39;map&#39;)'), answers: [answer(70, 7, '<p>Guard the <code>map</code> call.</p>')] }]),
    );
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'soet-child-'));
  });
  after(async () => {
    await api.close();
    fs.rmSync(work, { recursive: true, force: true });
  });

  const fixture = path.join(ROOT, 'test', 'fixtures', 'env-app.ts');
  const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');

  /** Runs the fixture with `env` and returns its output and the requests it made. */
  async function child(env: Record<string, string | undefined>, options: { cwd?: string; force?: boolean } = {}) {
    const before = api.requests.length;
    const result = await run(tsx, [fixture, ...(options.force ? ['force'] : [])], { cwd: options.cwd ?? work, env: cleanEnv({ SOET_API_URL: api.url, SOET_CACHE: 'off', ...env }) });
    return { ...result, requests: api.requests.length - before };
  }

  const cases: [string, Record<string, string>, boolean][] = [
    ['DEBUG unset', {}, false],
    ['DEBUG=express:*', { DEBUG: 'express:*' }, false],
    ['DEBUG=0', { DEBUG: '0' }, false],
    ['DEBUG=soet', { DEBUG: 'soet' }, true],
    ['DEBUG=app:*,soet', { DEBUG: 'app:*,soet' }, true],
    ['DEBUG=True', { DEBUG: 'True' }, true],
    ['DEBUG=soet with NODE_ENV=production', { DEBUG: 'soet', NODE_ENV: 'production' }, false],
  ];
  for (const [label, env, on] of cases) {
    test(`${label}: ${on ? 'looks the error up and prints to stderr' : 'sends nothing and prints nothing'}`, async () => {
      const result = await child(env);
      assert.equal(result.code, 0);
      assert.equal(result.requests > 0, on);
      if (on) assert.match(result.stderr, /soet ▸ TypeError: Cannot read properties of undefined/);
      else assert.equal(result.stderr, '');
    });
  }

  test('enabled: true in code wins over NODE_ENV=production', async () => {
    const result = await child({ NODE_ENV: 'production' }, { force: true });
    assert.ok(result.requests > 0);
  });

  test('DEBUG=soet:query prints each outgoing query locally', async () => {
    const result = await child({ DEBUG: 'soet:query' });
    assert.match(result.stderr, /soet:query GET \/search\/advanced q="TypeError Cannot read properties of undefined reading 'map'" tagged=node\.js;javascript site=stackoverflow/);
  });

  test('a middleware dropped and collected (an app rebuilt on reload) traces nothing more; the live one traces each query once', async () => {
    const result = await run(process.execPath, ['--expose-gc', '--import', pathToFileURL(path.join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href, path.join(ROOT, 'test', 'fixtures', 'trace-reload.ts')], {
      cwd: work,
      env: cleanEnv({ SOET_API_URL: api.url, SOET_CACHE: 'off', DEBUG: 'soet:query' }),
    });
    assert.equal(result.code, 0, result.stderr);
    const { first, second } = JSON.parse(result.stdout) as { first: string; second: string };
    assert.equal(first, '', 'the collected middleware heard nothing');
    assert.equal((second.match(/soet:query GET \/search\/advanced/g) ?? []).length, 1, second);
  });

  test('a .env in the working directory turns soet on and sets options; process.env is untouched; dotenv prints nothing', async () => {
    const project = fs.mkdtempSync(path.join(work, 'project-'));
    fs.writeFileSync(path.join(project, '.env'), `DEBUG=soet\nSOET_RESULTS=2\nSOET_API_URL=${api.url}\n`);
    const before = api.requests.length;
    const result = await child({ SOET_API_URL: undefined }, { cwd: project });
    assert.equal(api.requests[before]?.params.get('pagesize'), '8', 'SOET_RESULTS=2: four candidates read per question shown');
    assert.deepEqual(JSON.parse(result.stdout), { SOET_RESULTS: null, DEBUG: null });
    assert.doesNotMatch(result.stdout + result.stderr, /dotenv/i);
  });

  test('a variable already set wins over .env', async () => {
    const project = fs.mkdtempSync(path.join(work, 'project-'));
    fs.writeFileSync(path.join(project, '.env'), 'DEBUG=soet\n');
    const result = await child({ DEBUG: 'off' }, { cwd: project });
    assert.equal(result.requests, 0);
  });
});
