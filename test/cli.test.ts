// The built CLI as a real process: a message argument, a real crash log on stdin, every flag, every exit code.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ROOT, cleanEnv, run, standIns } from './support/helpers.js';
import { StandInApi, answer, question, sampleSite, wrapper } from './support/standin.js';

const CLI = path.join(ROOT, 'dist', 'cli.js');
const ESC = '\u001b[';

let api: StandInApi;
let work: string;
before(async () => {
  assert.ok(fs.existsSync(CLI), 'dist/cli.js is missing: run `npm run build` first (npm test does)');
  api = await StandInApi.start(
    sampleSite([
      { question: question(1, 'TypeError: Cannot read properties of undefined (reading &#39;map&#39;)', { accepted_answer_id: 10 }), answers: [answer(10, 1, '<p>Give the array a default: <code>items = []</code>.</p>', { is_accepted: true })] },
      { question: question(2, 'Why does map fail on undefined arrays?'), answers: [answer(20, 2, '<p>Because undefined has no map.</p>')], keywords: 'typeerror cannot read properties of undefined reading map' },
      { question: question(3, 'ENOENT: no such file or directory when reading a file'), answers: [answer(30, 3, '<p>Check the working directory.</p>')] },
      { question: question(4, 'ERR_SOCKET_BAD_PORT options.port should be >= 0'), answers: [answer(40, 4, '<p>Pass a valid port.</p>')], keywords: 'rangeerror port received' },
    ]),
  );
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'soet-cli-'));
});
after(async () => {
  await api.close();
  fs.rmSync(work, { recursive: true, force: true });
});

function soetCli(args: readonly string[], options: { input?: string; env?: Record<string, string | undefined>; apiUrl?: string } = {}) {
  return run(process.execPath, [CLI, ...args], { cwd: work, input: options.input ?? '', env: cleanEnv({ SOET_API_URL: options.apiUrl ?? api.url, SOET_CACHE: 'off', ...options.env }) });
}

/** The requests the CLI run made, with the run's result. */
async function counted(args: readonly string[], options: Parameters<typeof soetCli>[1] = {}) {
  const before = api.requests.length;
  const result = await soetCli(args, options);
  return { ...result, requests: api.requests.slice(before) };
}

const MAP_MESSAGE = "TypeError: Cannot read properties of undefined (reading 'map')";
/** What is searched first for MAP_MESSAGE: its words, without search syntax. */
const MAP_QUERY = "TypeError Cannot read properties of undefined reading 'map'";

describe('input', () => {
  test('a message argument prints the same block as the middleware, on stdout, exit 0', async () => {
    const result = await counted([MAP_MESSAGE]);
    assert.equal(result.code, 0);
    assert.equal(result.stderr, '');
    assert.match(result.stdout, /^soet ▸ TypeError: Cannot read properties of undefined \(reading 'map'\)\n 1\. TypeError: Cannot read properties of undefined \(reading 'map'\)\n/);
    assert.match(result.stdout, /Give the array a default: `items = \[\]`\./);
    assert.equal(result.requests[0]?.params.get('q'), MAP_QUERY);
  });

  test('a crash log from a real `node -e` crash, on stdin', async () => {
    const crash = await run(process.execPath, ['-e', 'const items = undefined;\nitems.map((item) => item);'], { cwd: work, env: cleanEnv() });
    assert.equal(crash.code, 1);
    const result = await counted([], { input: crash.stderr });
    assert.equal(result.code, 0);
    assert.equal(result.requests[0]?.params.get('q'), MAP_QUERY);
  });

  test("Node's `Name [CODE]: message` form gives the code, and a link to its documentation", async () => {
    const crash = await run(process.execPath, ['-e', "require('node:net').createServer().listen(-1)"], { cwd: work, env: cleanEnv() });
    assert.match(crash.stderr, /RangeError \[ERR_SOCKET_BAD_PORT\]/);
    const result = await counted(['--json'], { input: crash.stderr });
    const json = JSON.parse(result.stdout) as { error: { code: string }; query: string; hints: { link?: string }[] };
    assert.equal(json.error.code, 'ERR_SOCKET_BAD_PORT');
    assert.equal(json.query, 'ERR_SOCKET_BAD_PORT options.port should be >= 0 and < 65536');
    assert.ok(json.hints.some((hint) => hint.link === 'https://nodejs.org/api/errors.html#err_socket_bad_port'));
  });

  test('`code:` lines and the first user frame of a crash in a script, relative to the working directory', async () => {
    fs.writeFileSync(path.join(work, 'app.js'), "const fs = require('node:fs');\n\nfs.readFileSync('/nonexistent/soet/settings.json');\n");
    const crash = await run(process.execPath, ['app.js'], { cwd: work, env: cleanEnv() });
    assert.match(crash.stderr, /code: 'ENOENT'/);
    const result = await counted([], { input: crash.stderr });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /thrown at app\.js:3:4/);
    assert.match(result.stdout, /hint ENOENT: a file or folder does not exist/);
    assert.doesNotMatch(result.requests.map((r) => r.params.get('q')).join('\n'), /nonexistent|settings\.json/, 'the path never leaves');
  });

  test('DEBUG and NODE_ENV do not matter to the CLI', async () => {
    const result = await counted([MAP_MESSAGE], { env: { NODE_ENV: 'production', DEBUG: undefined } });
    assert.equal(result.code, 0);
    assert.ok(result.requests.length > 0);
  });
});

describe('flags', () => {
  test('--tags, --site and --results shape the search', async () => {
    const result = await counted([MAP_MESSAGE, '--tags', 'express,react', '--site', 'superuser', '--results', '1']);
    const search = result.requests[0];
    assert.equal(search?.params.get('tagged'), 'node.js;javascript;express;react');
    assert.equal(search?.params.get('site'), 'superuser');
    assert.equal(search?.params.get('pagesize'), '4');
    assert.equal((result.stdout.match(/^ {1}\d\. /gm) ?? []).length, 1);
  });

  test('--json prints the result as JSON', async () => {
    const result = await counted([MAP_MESSAGE, '--json']);
    const json = JSON.parse(result.stdout) as { status: string; query: string; questions: { id: number; bestAnswer: { id: number } }[]; apiCalls: number };
    assert.equal(json.status, 'found');
    assert.equal(json.query, MAP_QUERY);
    assert.deepEqual(json.questions.map((q) => [q.id, q.bestAnswer.id]), [[1, 10], [2, 20]]);
    assert.equal(json.apiCalls, 2);
  });

  test('--no-cache asks the API even when the answer is cached', async () => {
    const cacheDir = fs.mkdtempSync(path.join(work, 'cache-'));
    const env = { SOET_CACHE: undefined, SOET_CACHE_DIR: cacheDir };
    assert.equal((await counted([MAP_MESSAGE], { env })).requests.length, 2);
    assert.equal((await counted([MAP_MESSAGE], { env })).requests.length, 0, 'cached');
    assert.equal((await counted([MAP_MESSAGE, '--no-cache'], { env })).requests.length, 2);
  });

  test('--no-color wins over FORCE_COLOR; --color colours a pipe', async () => {
    assert.ok(!(await soetCli([MAP_MESSAGE, '--no-color'], { env: { FORCE_COLOR: '1' } })).stdout.includes(ESC));
    assert.ok((await soetCli([MAP_MESSAGE, '--color'])).stdout.includes(ESC));
    assert.ok(!(await soetCli([MAP_MESSAGE])).stdout.includes(ESC), 'a pipe is plain by default');
  });

  test('--dry-run prints what would be sent and sends nothing', async () => {
    const result = await counted(['Error: connect ECONNREFUSED 10.0.0.12:5432 for user "alice"', '--dry-run']);
    assert.equal(result.code, 0);
    assert.deepEqual(result.requests, []);
    assert.match(result.stdout, /GET \/search\/advanced q="connect ECONNREFUSED for user"/);
    assert.doesNotMatch(result.stdout, /10\.0\.0\.12|alice/);
  });

  test('--help and --version', async () => {
    const help = await soetCli(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: soet \[message\] \[options\]/);
    assert.match(help.stdout, /Exit codes: 0 answers shown, 1 no results, 2 usage error, 3 the API could not be reached/);
    const version = await soetCli(['--version']);
    const packageJson = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    assert.deepEqual([version.code, version.stdout], [0, `${packageJson.version}\n`]);
  });
});

describe('exit codes', () => {
  test('1 when nothing is found', async () => {
    const result = await soetCli(['ZeroMatchError: nothing in the samples matches these words'], { apiUrl: (await emptyApi()).url });
    assert.equal(result.code, 1);
    assert.match(result.stdout, /^soet ▸ No Stack Overflow results for ZeroMatchError/);
  });

  for (const [label, args, input, message] of [
    ['an unknown flag', ['--bogus'], '', /soet: Unknown option '--bogus'\nUsage: soet "<error message>"/],
    ['empty input', [], '', /soet: no error message given: pass one as an argument, or pipe a crash log in\.\nUsage:/],
    ['blank input on stdin', [], '  \n\n  ', /no error message given/],
    ['--results out of range', [MAP_MESSAGE, '--results', '50'], '', /--results must be an integer from 1 to 10, received 50\. Use e\.g\. --results 3\./],
    ['a site that is not a site', [MAP_MESSAGE, '--site', 'Stack Overflow'], '', /--site must be a Stack Exchange site name/],
  ] as const) {
    test(`2 for ${label}, with a short usage on stderr`, async () => {
      const result = await soetCli(args, { input });
      assert.equal(result.code, 2);
      assert.equal(result.stdout, '');
      assert.match(result.stderr, message);
      assert.ok(result.stderr.split('\n').length < 8, 'short');
    });
  }

  test('3 when the API cannot be reached, with one line saying so', async () => {
    const result = await soetCli([MAP_MESSAGE], { apiUrl: 'http://127.0.0.1:9/2.3' });
    assert.equal(result.code, 3);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^soet ▸ no answers for TypeError: .*could not connect to 127\.0\.0\.1:9 \(connection refused\); check your network and SOET_API_URL\n$/);
  });
});

const standIn = standIns();
const emptyApi = (): Promise<StandInApi> => standIn(() => ({ json: wrapper([]) }));
