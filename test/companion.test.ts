// `app 2>&1 | soet` with real dev servers and the built CLI in real pipelines: pass-through, blocks, restarts, signals, size.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ROOT, cleanEnv, sleep, waitFor } from './support/helpers.js';
import { Pipeline, peakRss, separate } from './support/pipeline.js';
import { type Handler, type StandInApi, answer, question, wrapper } from './support/standin.js';
import { standIns } from './support/helpers.js';

const CLI = path.join(ROOT, 'dist', 'cli.js');
const require = createRequire(import.meta.url);
const resolved = (name: string): string => JSON.stringify(require.resolve(name));

/** A Stack Overflow where every search finds one answered question, titled after the query it answers. */
const echoSite: Handler = (request) => {
  if (request.apiMethod === 'questions/answers') {
    return { json: wrapper(request.ids.map((id) => answer(id * 10, id, '<p>Check the value before you use it.</p>', { is_accepted: true }))) };
  }
  const query = request.params.get('q') ?? request.params.get('title') ?? '';
  const id = 100 + (createHash('sha256').update(query).digest()[0] ?? 0);
  return { json: wrapper([question(id, `About ${query.replace(/&/g, '&amp;').replace(/</g, '&lt;')}`, { accepted_answer_id: id * 10 })]) };
};

const standIn = standIns();
let api: StandInApi;
let work: string;
before(async () => {
  assert.ok(fs.existsSync(CLI), 'dist/cli.js is missing: run `npm run build` first (npm test does)');
  api = await standIn(echoSite);
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'soet-companion-'));
});
after(() => fs.rmSync(work, { recursive: true, force: true }));

const env = (): NodeJS.ProcessEnv => cleanEnv({ SOET_API_URL: api.url, SOET_CACHE: 'off' });

/** Writes an app into its own folder; returns the folder. */
function appFolder(name: string, files: Readonly<Record<string, string>>): string {
  const folder = fs.mkdtempSync(path.join(work, `${name}-`));
  for (const [file, source] of Object.entries(files)) fs.writeFileSync(path.join(folder, file), source);
  return folder;
}

/** The searches soet sent since `from`, by their query. */
const searchesSince = (from: number): string[] => api.requests.slice(from).filter((r) => r.apiMethod === 'search/advanced').map((r) => r.params.get('q') ?? '');

describe('dev servers piped through soet', () => {
  test('Express 5: output byte for byte and in order, a block after the logged stack and after the crash', async () => {
    const folder = appFolder('express', {
      'app.js': `const express = require(${resolved('express')});
const app = express();
app.get('/boom', () => { const user = undefined; return user.id; });
app.get('/crash', (req, res) => { res.send('crashing'); setImmediate(() => { throw new RangeError('Invalid time value'); }); });
const server = app.listen(0, '127.0.0.1', () => console.log('listening on http://127.0.0.1:' + server.address().port));
`,
    });
    const from = api.requests.length;
    const run = new Pipeline(`node app.js 2>&1 | tee app.out | node ${CLI}`, { cwd: folder, env: env() });
    const url = (await run.output(/listening on (http:\S+)\n/))[1] ?? '';
    await fetch(`${url}/boom`);
    await run.output(/soet ▸ TypeError: Cannot read properties of undefined \(reading 'id'\)/);
    await fetch(`${url}/boom`);
    await sleep(400);
    await fetch(`${url}/crash`);
    assert.equal(await run.closed, 0, run.stderr);

    const appOutput = fs.readFileSync(path.join(folder, 'app.out'), 'utf8');
    const { app, soet } = separate(run.stdout, appOutput);
    assert.equal(app, appOutput, "the app's output, byte for byte and in order");
    assert.ok(soet.every(({ line }) => /^soet ▸ |^ {1,2}\d+\. |^ {3,}\S/.test(line)), `only soet's lines besides the app's: ${soet.map((s) => s.line).join('\n')}`);
    const headers = soet.filter(({ line }) => line.startsWith('soet ▸ '));
    assert.deepEqual(headers.map(({ line }) => line.replace(/ {2}thrown at .*/, '')), [
      "soet ▸ TypeError: Cannot read properties of undefined (reading 'id')",
      'soet ▸ RangeError: Invalid time value',
      "soet ▸ TypeError: Cannot read properties of undefined (reading 'id') again (x2), answers above",
    ]);
    assert.match(headers[0]?.after ?? '', /^ {4}at /, 'the first block follows the last frame of the logged stack');
    assert.match(headers[1]?.after ?? '', /^Node\.js v\d+/, "the crash's block follows Node's report");
    assert.deepEqual(searchesSince(from), ["TypeError Cannot read properties of undefined reading 'id'", 'RangeError Invalid time value'], 'each error looked up once');
  });

  test('Fastify: its JSON log lines come through, a block after the error line', async () => {
    const folder = appFolder('fastify', {
      'app.js': `const app = require(${resolved('fastify')})({ logger: true });
app.get('/boom', async () => { throw new TypeError("Cannot read properties of null (reading 'email')"); });
app.get('/stop', async () => { setImmediate(() => app.close()); return 'bye'; });
app.listen({ port: 0, host: '127.0.0.1' });
`,
    });
    const from = api.requests.length;
    const run = new Pipeline(`node app.js 2>&1 | tee app.out | node ${CLI}`, { cwd: folder, env: env() });
    const url = (await run.output(/"msg":"Server listening at (http:[^"]+)"/))[1] ?? '';
    await fetch(`${url}/boom`);
    await run.output(/soet ▸ TypeError: Cannot read properties of null \(reading 'email'\)/);
    await fetch(`${url}/stop`);
    assert.equal(await run.closed, 0, run.stderr);

    const appOutput = fs.readFileSync(path.join(folder, 'app.out'), 'utf8');
    const { app, soet } = separate(run.stdout, appOutput);
    assert.equal(app, appOutput);
    const errorLine = app.split('\n').findIndex((line) => line.includes('"level":50'));
    const blockAfter = app.split('\n').indexOf(soet[0]?.after ?? '');
    assert.ok(errorLine >= 0 && blockAfter >= errorLine, 'the block comes after the error line');
    assert.ok(!app.split('\n').slice(blockAfter + 1).some((line) => line.includes('"level":50')));
    assert.deepEqual(searchesSince(from), ["TypeError Cannot read properties of null reading 'email'"]);
  });

  test('node --watch: a crash that comes back after a restart prints one "again" line, not a second block', async () => {
    const folder = appFolder('watch', { 'app.js': "console.log('app starting');\nsetTimeout(() => { null.email; }, 50);\n" });
    const from = api.requests.length;
    const run = new Pipeline(`node --watch app.js 2>&1 | node ${CLI}`, { cwd: folder, env: env() });
    await run.output(/soet ▸ TypeError: Cannot read properties of null \(reading 'email'\)/);
    fs.appendFileSync(path.join(folder, 'app.js'), '// edited\n');
    await run.output(/Restarting 'app\.js'[\s\S]*Failed running 'app\.js'[\s\S]*soet ▸ TypeError: Cannot read properties of null \(reading 'email'\) again \(x2\), answers above\n/);
    run.signal('SIGINT');
    await run.closed;
    assert.equal((run.stdout.match(/^soet ▸ /gm) ?? []).length, 2, run.stdout);
    assert.equal((run.stdout.match(/^app starting$/gm) ?? []).length, 2);
    assert.deepEqual(searchesSince(from), ["TypeError Cannot read properties of null reading 'email'"]);
  });

  test('Ctrl+C reaches the app and soet: the app\'s last lines are shown, then soet exits with 130', async () => {
    const folder = appFolder('sigint', {
      'app.js': `console.log('ready');
process.on('SIGINT', () => { console.log('closing the server'); setTimeout(() => { console.log('bye'); process.exit(0); }, 300); });
setInterval(() => {}, 1000);
`,
    });
    // The shell keeps running after the pipeline (its trap only survives Ctrl+C) to tell soet's exit code.
    const run = new Pipeline(`trap : INT; node app.js 2>&1 | node ${CLI}; echo "soet exited with $?" >&2`, { cwd: folder, env: env() });
    await run.output(/^ready\n/);
    run.signal('SIGINT');
    await run.closed;
    assert.equal(run.stdout, 'ready\nclosing the server\nbye\n');
    assert.match(run.stderr, /soet exited with 130\n$/);
  });

  test('a prompt (a line without a newline) shows at once, and a block never lands inside it', async () => {
    const folder = appFolder('prompt', {
      'app.js': `console.error(new TypeError('the prompt app failed'));
process.stdout.write('Enter your name: ');
setTimeout(() => { process.stdout.write('Ada\\n'); console.log('done'); }, 3000);
`,
    });
    const run = new Pipeline(`node app.js 2>&1 | node ${CLI}`, { cwd: folder, env: env() });
    await run.output(/Enter your name: $/, 2_500);
    assert.equal(await run.closed, 0, run.stderr);
    assert.match(run.stdout, /\n {4}at [^\n]+\nEnter your name: Ada\nsoet ▸ TypeError: the prompt app failed[^\n]*\n[\s\S]*\ndone\n$|\nEnter your name: Ada\ndone\nsoet ▸ TypeError: the prompt app failed/);
  });
});

/** Runs the built CLI with stdin from the test; resolves with its exit code and output. */
function soetProcess(extraEnv: Record<string, string> = {}) {
  const child = spawn(process.execPath, [CLI], { cwd: work, env: { ...env(), ...extraEnv }, stdio: ['pipe', 'pipe', 'pipe'] });
  const result = { stdout: '', stderr: '' };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (result.stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (result.stderr += chunk));
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  return { child, result, closed };
}

describe('ordinary output', () => {
  test('a 10,000-line ordinary log sends nothing and prints nothing of soet\'s; at its end, one line and exit 1', async () => {
    const ordinary = ['> shop@1.0.0 dev', 'Server listening on :3000', 'GET /api/users/42 200 3.1 ms - 512', 'GET /missing 404 0.9 ms - Internal Server Error', 'ValidationError: email is required', 'Warning: a deprecated option was used', '[nodemon] restarting due to changes...', 'npm ERR! code ELIFECYCLE', '{"level":30,"msg":"request completed"}', '{"level":"error","message":"just an error level message"}'];
    const log = Array.from({ length: 10_000 }, (_, i) => `${ordinary[i % ordinary.length]} #${i}`).join('\n') + '\n';
    const from = api.requests.length;
    const soet = soetProcess();
    soet.child.stdin.write(log);
    await waitFor(() => soet.result.stdout.length === log.length, 10_000, 'the whole log through');
    await sleep(600);
    assert.equal(soet.result.stdout, log, 'while the app runs: its output, and nothing of soet');
    assert.equal(soet.result.stderr, '');
    soet.child.stdin.end();
    assert.equal(await soet.closed, 1);
    assert.equal(soet.result.stdout, log);
    assert.match(soet.result.stderr, /^soet: no error found in the input \(.*\); nothing was sent\.\n$/);
    assert.equal(api.requests.length, from, 'nothing sent');
  });
});

describe('the same printer as the middleware', () => {
  const LOGGED = [
    'Error: connect ECONNREFUSED 10.0.0.12:5432 for user "alice" with password=hunter2',
    '    at Connection.connect (/srv/app/node_modules/pg/lib/connection.js:44:17)',
    '    at Client._connect (/srv/app/db.js:12:9)',
    '',
  ].join('\n');

  test('redaction: what leaves for the API has the words of the error, not its secrets', async () => {
    const from = api.requests.length;
    const soet = soetProcess();
    soet.child.stdin.write(`Server listening on :3000\n${LOGGED}`);
    await waitFor(() => soet.result.stdout.includes('soet ▸ Error: connect ECONNREFUSED'), 10_000, 'the block');
    soet.child.stdin.end();
    assert.equal(await soet.closed, 0);
    const sent = api.requests.slice(from).map((request) => request.params.toString()).join('\n');
    assert.match(sent, /ECONNREFUSED/);
    assert.doesNotMatch(sent, /10\.0\.0\.12|alice|hunter2/);
  });

  test('the cache: the same error in a later run is answered without the API', async () => {
    const cacheEnv = { SOET_CACHE: 'on', SOET_CACHE_DIR: fs.mkdtempSync(path.join(work, 'cache-')) };
    const runs: number[] = [];
    for (let run = 0; run < 2; run += 1) {
      const from = api.requests.length;
      const soet = soetProcess(cacheEnv);
      soet.child.stdin.end(LOGGED);
      assert.equal(await soet.closed, 0, soet.result.stderr);
      assert.match(soet.result.stdout, /soet ▸ Error: connect ECONNREFUSED/);
      runs.push(api.requests.length - from);
    }
    assert.deepEqual(runs, [2, 0]);
  });
});

const GENERATOR = `// Writes process.argv[1] megabytes of an ordinary log, minding back-pressure, then exits 0 (an EPIPE would end it with 1).
const lines = [];
for (let i = 0; i < 1000; i++) lines.push('2026-11-21T10:00:00.000Z GET /api/users/' + i * 7919 + ' 200 ' + (i % 97) + ' ms - ' + (1000 + i) + ' bytes\\n');
const block = Buffer.from(lines.join(''));
let left = Number(process.argv[1]) * 1024 * 1024;
(function pump() {
  while (left > 0) {
    const piece = left >= block.length ? block : block.subarray(0, left);
    left -= piece.length;
    if (!process.stdout.write(piece)) return void process.stdout.once('drain', pump);
  }
})();`;

describe('size and broken pipes', () => {
  test('100 MB passes through unchanged, with memory bounded and no EPIPE in the writer', { timeout: 120_000 }, async () => {
    const writer = spawn(process.execPath, ['-e', GENERATOR, '100'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const soet = spawn(process.execPath, [CLI], { cwd: work, env: env(), stdio: [writer.stdout, 'pipe', 'pipe'] });
    // soet has the pipe's read end now; this process lets go of its own.
    writer.stdout.destroy();
    const expected = createHash('sha256');
    const lines = Buffer.from(Array.from({ length: 1000 }, (_, i) => `2026-11-21T10:00:00.000Z GET /api/users/${i * 7919} 200 ${i % 97} ms - ${1000 + i} bytes\n`).join(''));
    for (let left = 100 * 1024 * 1024; left > 0; left -= lines.length) expected.update(left >= lines.length ? lines : lines.subarray(0, left));
    const received = createHash('sha256');
    let bytes = 0;
    soet.stdout.on('data', (chunk: Buffer) => {
      received.update(chunk);
      bytes += chunk.length;
    });
    let peak = 0;
    const poll = setInterval(() => (peak = Math.max(peak, (soet.pid && peakRss(soet.pid)) || 0)), 25);
    const [writerCode, soetCode] = await Promise.all([new Promise((resolve) => writer.on('close', resolve)), new Promise((resolve) => soet.on('close', resolve))]);
    clearInterval(poll);
    assert.equal(writerCode, 0, 'the writer never got EPIPE');
    assert.equal(soetCode, 1, 'no error found in it');
    assert.equal(bytes, 100 * 1024 * 1024);
    assert.equal(received.digest('hex'), expected.digest('hex'));
    // A Node process with soet loaded holds about 75 MB; holding the log would take well over 200 MB.
    assert.ok(peak > 0 && peak < 160 * 1024 * 1024, `peak RSS ${(peak / 1024 / 1024).toFixed(0)} MB`);
  });

  test('when soet\'s reader goes away, soet keeps draining: the writer finishes without EPIPE, soet without a crash', async () => {
    const run = new Pipeline(`(node -e "$GENERATOR" 20; echo "writer exited with $?" >&2) | (node ${CLI}; echo "soet exited with $?" >&2) | head -c 1000 > /dev/null`, { cwd: work, env: { ...env(), GENERATOR } });
    await run.closed;
    assert.match(run.stderr, /writer exited with 0\n/);
    assert.match(run.stderr, /soet exited with 1\n/);
    assert.doesNotMatch(run.stderr, /EPIPE|Error:|\n\s+at /);
  });
});
