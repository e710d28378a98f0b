// The built CLI as a real process: a message argument, real crash logs (a file, stdin), every flag, every exit code.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { type ProcessResult, ROOT, cleanEnv, run, standIns } from './support/helpers.js';
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
    const [json] = JSON.parse(result.stdout) as { error: { code: string }; query: string; hints: { link?: string }[] }[];
    assert.ok(json);
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

  test('--json --dry-run prints JSON: what would be sent, never the raw message', async () => {
    const result = await counted(['Error: connect ECONNREFUSED 10.0.0.12:5432 for user "alice"', '--json', '--dry-run']);
    assert.equal(result.code, 0);
    assert.deepEqual(result.requests, []);
    const json = JSON.parse(result.stdout) as { dryRun: boolean; site: string; tags: string[]; searches: { method: string; text: string }[] };
    assert.equal(json.dryRun, true);
    assert.equal(json.site, 'stackoverflow');
    assert.deepEqual(json.tags, ['node.js', 'javascript']);
    assert.deepEqual(json.searches[0], { method: 'search/advanced', text: 'connect ECONNREFUSED for user' });
    assert.doesNotMatch(result.stdout, /10\.0\.0\.12|alice/);
  });

  test('--help lists every environment variable soet reads, --dry-run, and the exit codes of both modes; --version', async () => {
    const help = await soetCli(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: soet \[message \| file\] \[options\]/);
    const read = new Set(fs.readFileSync(path.join(ROOT, 'src', 'options.ts'), 'utf8').match(/'(?:SOET|STACKEXCHANGE)_[A-Z_]+'/g)?.map((name) => name.slice(1, -1)));
    assert.ok(read.has('SOET_CACHE_TTL') && read.has('SOET_REPEATS'), 'the list is read from the options');
    for (const name of [...read, 'NO_COLOR', 'FORCE_COLOR', '--dry-run']) assert.match(help.stdout, new RegExp(`\\n  ${name}\\b`), name);
    assert.match(help.stdout, /Exit codes, one-shot: 0 answers shown, 1 no error found or no results, 2 usage error,\s+3 the API could not be reached/);
    assert.match(help.stdout, /Exit codes, companion, when the input ends: .* 130 after Ctrl\+C \(SIGINT\)/s);
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
    ['a file that does not exist', ['./logs/crash.log'], '', /soet: no such file: \.\/logs\/crash\.log \(to look up a message, put it in quotes/],
    ['a folder instead of a log', ['./'], '', /soet: not a file: \.\/ \(/],
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

  test('2 for no message and a terminal on stdin (nothing piped in), run under a real pseudo-terminal', async () => {
    const result = await run('script', ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)}`, '/dev/null'], { cwd: work, env: cleanEnv() });
    assert.equal(result.code, 2);
    assert.match(result.stdout, /^soet: no error message given: pass one as an argument, or pipe a log in\r?\nUsage: soet "<error message>"/);
  });

  test('3 when the API cannot be reached, with one line saying so', async () => {
    const result = await soetCli([MAP_MESSAGE], { apiUrl: 'http://127.0.0.1:9/2.3' });
    assert.equal(result.code, 3);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^soet ▸ no answers for TypeError: .*could not connect to 127\.0\.0\.1:9 \(connection refused\); check your network and SOET_API_URL\n$/);
  });
});

/** Runs `source` as a real script, stdout and stderr together in a file as `node app.js > file 2>&1` would. */
function realLog(name: string, source: string): string {
  const script = path.join(work, `${name}.js`);
  const log = path.join(work, `${name}.log`);
  fs.writeFileSync(script, source);
  const fd = fs.openSync(log, 'w');
  spawnSync(process.execPath, [script], { cwd: work, stdio: ['ignore', fd, fd], env: cleanEnv() });
  fs.closeSync(fd);
  return log;
}

/** The CLI with stdin redirected from a file (`soet < file`): a regular file, not a pipe. */
function soetWithFileStdin(file: string, args: readonly string[] = []): Promise<ProcessResult & { requests: typeof api.requests }> {
  const before = api.requests.length;
  const fd = fs.openSync(file, 'r');
  const child = spawn(process.execPath, [CLI, ...args], { cwd: work, stdio: [fd, 'pipe', 'pipe'], env: cleanEnv({ SOET_API_URL: api.url, SOET_CACHE: 'off' }) });
  fs.closeSync(fd);
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr, requests: api.requests.slice(before) })));
}

const searchedFor = (requests: typeof api.requests): string[] => requests.filter((r) => r.apiMethod === 'search/advanced').map((r) => r.params.get('q') ?? '');

const LOGGED_THEN_FATAL = `console.log('server starting');
console.error(new TypeError("Cannot read properties of undefined (reading 'map')"));
console.log('still serving');
require('node:fs').readFileSync('/nonexistent/soet/settings.json');
`;

describe('one-shot input: a file, or stdin redirected from one', () => {
  test('a crash log with an earlier logged error: only the fatal one is looked up, and only soet prints', async () => {
    const log = realLog('logged-then-fatal', LOGGED_THEN_FATAL);
    assert.match(fs.readFileSync(log, 'utf8'), /TypeError: Cannot read properties[\s\S]*Error: ENOENT[\s\S]*Node\.js v/);
    for (const result of [await counted([log]), await soetWithFileStdin(log)]) {
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(searchedFor(result.requests), ['ENOENT no such file or directory open']);
      assert.match(result.stdout, /^soet ▸ Error: ENOENT: no such file or directory/);
      assert.doesNotMatch(result.stdout, /server starting|still serving/, 'one-shot prints only its blocks');
    }
  });

  test('without a fatal error: each distinct error, the last three at most', async () => {
    const log = realLog('four-logged', ['RangeError', 'TypeError', 'TypeError', 'SyntaxError', 'URIError'].map((name, i) => `console.error(new ${name}('distinct error number ${['one', 'two', 'two', 'three', 'four'][i]}'));`).join('\n'));
    const result = await counted([log, '--json']);
    const results = JSON.parse(result.stdout) as { error: { name: string; message: string } }[];
    assert.deepEqual(results.map((one) => `${one.error.name}: ${one.error.message}`), ['TypeError: distinct error number two', 'SyntaxError: distinct error number three', 'URIError: distinct error number four']);
    assert.ok(!searchedFor(result.requests).some((q) => q.includes('number one')));
  });

  test('--dry-run on a log says what would be sent for each error, and sends nothing', async () => {
    const log = realLog('two-logged', "console.error(new TypeError('the first one'));\nconsole.error(new RangeError('the second one'));\n");
    const text = await counted([log, '--dry-run']);
    assert.deepEqual(text.requests, []);
    assert.match(text.stdout, /^soet would send for error 1 of 2 \(TypeError the first one\), in order[^\n]*\n {2}GET \/search\/advanced q="TypeError the first one"\n/);
    assert.match(text.stdout, /\nsoet would send for error 2 of 2 \(RangeError the second one\)/);
    const json = await counted([log, '--dry-run', '--json']);
    assert.deepEqual((JSON.parse(json.stdout) as { query: string }[]).map((one) => one.query), ['TypeError the first one', 'RangeError the second one']);
  });

  test('no error in it: exit 1 with one line naming it, nothing sent', async () => {
    const log = realLog('clean', "console.log('Server listening on :3000');\nconsole.log('ValidationError: email is required');\n");
    for (const result of [await counted([log]), await soetWithFileStdin(log)]) {
      assert.equal(result.code, 1);
      assert.equal(result.stdout, '');
      assert.match(result.stderr, /^soet: no error found in (.*clean\.log|the input) \(.*\); nothing was sent\.\n$/);
      assert.deepEqual(result.requests, []);
    }
  });
});

describe('stdin from a pipe (the companion) that ends', () => {
  test("`printf 'hello\\nworld\\n' | soet`: the text comes through, no error is invented, exit 1", async () => {
    const result = await counted([], { input: 'hello\nworld\n' });
    assert.equal(result.code, 1);
    assert.equal(result.stdout, 'hello\nworld\n');
    assert.match(result.stderr, /^soet: no error found in the input \(a stack trace, a crash report, a JSON error log line or a line stating an error code\); nothing was sent\.\n$/);
    assert.deepEqual(result.requests, []);
  });

  test('empty and blank input: nothing to pass, no error found', async () => {
    for (const input of ['', '  \n\n  ']) {
      const result = await counted([], { input });
      assert.deepEqual([result.code, result.stdout], [1, input]);
      assert.match(result.stderr, /^soet: no error found in the input/);
    }
  });

  test('a log that ends at once gets the one-shot rule at its end: the fatal error, after the log itself', async () => {
    const log = fs.readFileSync(realLog('piped', LOGGED_THEN_FATAL), 'utf8');
    const result = await counted([], { input: log });
    assert.equal(result.code, 0, result.stderr);
    assert.ok(result.stdout.startsWith(log), 'the log first, unchanged');
    assert.match(result.stdout.slice(log.length), /^soet ▸ Error: ENOENT: no such file/);
    assert.deepEqual(searchedFor(result.requests), ['ENOENT no such file or directory open']);
  });
});

const standIn = standIns();
const emptyApi = (): Promise<StandInApi> => standIn(() => ({ json: wrapper([]) }));
