// The README's Koa and Fastify snippets, taken from README.md and run as they stand against the real
// frameworks in child processes: each framework answers and logs exactly as it does with soet off, and
// soet adds its block when on.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ROOT, cleanEnv, linkedProject, sleep, waitFor } from './support/helpers.js';
import { StandInApi, answer, question, sampleSite } from './support/standin.js';

const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const THROWN = `new TypeError("Cannot read properties of undefined (reading 'map')")`;

/** The code block the README marks with `<!-- snippet: name -->`. */
function snippet(name: string): string {
  const block = new RegExp(`<!-- snippet: ${name} -->\\n\`\`\`js\\n([\\s\\S]*?)\`\`\``).exec(README)?.[1];
  assert.ok(block, `README.md has no block marked <!-- snippet: ${name} -->`);
  return block;
}

/** Routes and a listener after each snippet: one that works, one that throws, one client error. */
const APPS: Record<string, string> = {
  koa: `${snippet('koa')}
app.use(async (ctx) => {
  if (ctx.path === '/boom') throw ${THROWN};
  if (ctx.path === '/teapot') ctx.throw(418, 'not a coffee machine');
  ctx.body = 'ok';
});
const server = app.listen(0, '127.0.0.1', () => process.stdout.write('PORT=' + server.address().port + '\\n'));
`,
  fastify: `${snippet('fastify')}
fastify.get('/ok', async () => 'ok');
fastify.get('/boom', async () => {
  throw ${THROWN};
});
fastify.get('/teapot', async () => {
  throw Object.assign(new Error('not a coffee machine'), { statusCode: 418 });
});
await fastify.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write('PORT=' + fastify.server.address().port + '\\n');
`,
};

let api: StandInApi;
let work: string;
before(async () => {
  assert.ok(fs.existsSync(path.join(ROOT, 'dist', 'index.js')), 'dist/ is missing: run `npm run build` first (npm test does)');
  api = await StandInApi.start(sampleSite([{ question: question(5, 'Cannot read properties of undefined reading map'), answers: [answer(50, 5, '<p>Guard the <code>map</code> call.</p>')] }]));
  // An app folder whose node_modules links soet (this package, built), koa and fastify, as `npm link` would.
  work = linkedProject('soet-snippets-');
  for (const framework of ['koa', 'fastify']) fs.symlinkSync(path.join(ROOT, 'node_modules', framework), path.join(work, 'node_modules', framework), 'dir');
  for (const [name, source] of Object.entries(APPS)) fs.writeFileSync(path.join(work, `${name}.mjs`), source);
});
after(async () => {
  await api.close();
  fs.rmSync(work, { recursive: true, force: true });
});

interface Run {
  readonly responses: readonly { readonly route: string; readonly status: number; readonly body: string }[];
  readonly stdout: string;
  readonly stderr: string;
  readonly searches: readonly string[];
}

/** Starts the app, requests each route, waits until `settled` holds for what it printed, then stops it. */
async function runApp(name: string, on: boolean, settled: (output: { stdout: string; stderr: string }) => boolean): Promise<Run> {
  const requestsBefore = api.requests.length;
  const child: ChildProcess = spawn(process.execPath, [path.join(work, `${name}.mjs`)], {
    cwd: work,
    env: cleanEnv({ SOET_API_URL: api.url, SOET_CACHE: 'off', DEBUG: on ? 'soet' : undefined }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output.stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output.stderr += chunk));
  try {
    await waitFor(() => /^PORT=\d+$/m.test(output.stdout), 10_000, `${name} to listen`);
    const port = /^PORT=(\d+)$/m.exec(output.stdout)?.[1];
    const responses = [];
    for (const route of ['/ok', '/boom', '/teapot']) {
      const response = await fetch(`http://127.0.0.1:${port}${route}`);
      responses.push({ route, status: response.status, body: await response.text() });
    }
    await waitFor(() => settled(output), 5_000, `${name}'s output`);
    // Anything else it would print comes now.
    await sleep(300);
    const searches = api.requests.slice(requestsBefore).filter((request) => request.apiMethod !== 'questions/answers').map((request) => request.params.get('q') ?? request.params.get('title') ?? '');
    return { responses, ...output, searches };
  } finally {
    child.kill('SIGKILL');
  }
}

const SOET_BLOCK = /soet ▸ TypeError: Cannot read properties of undefined \(reading 'map'\)[\s\S]*Guard the `map` call\./;

describe('Koa', () => {
  /** Koa's own log of an error: the stack, indented, between blank lines. */
  const koaLog = (stderr: string): string | undefined => /\n {2}TypeError: [\s\S]*?\n\n/.exec(stderr)?.[0];

  test('soet off: the snippet adds no listener, so Koa logs as ever, and nothing is looked up', async () => {
    const run = await runApp('koa', false, ({ stderr }) => koaLog(stderr) !== undefined);
    assert.deepEqual(run.responses, [
      { route: '/ok', status: 200, body: 'ok' },
      { route: '/boom', status: 500, body: 'Internal Server Error' },
      { route: '/teapot', status: 418, body: 'not a coffee machine' },
    ]);
    assert.equal(run.stderr, koaLog(run.stderr), 'Koa’s log is all there is');
    assert.deepEqual(run.searches, []);
  });

  test('soet on: the same responses, Koa’s own log unchanged, and soet’s block; the client error is not looked up', async () => {
    const off = await runApp('koa', false, ({ stderr }) => koaLog(stderr) !== undefined);
    const on = await runApp('koa', true, ({ stderr }) => koaLog(stderr) !== undefined && SOET_BLOCK.test(stderr));
    assert.deepEqual(on.responses, off.responses);
    assert.equal(koaLog(on.stderr), koaLog(off.stderr));
    assert.match(on.stderr, SOET_BLOCK);
    assert.doesNotMatch(on.stderr, /coffee/);
    assert.ok(on.searches.length > 0 && on.searches.every((q) => !q.includes('coffee')), on.searches.join('\n'));
  });
});

describe('Fastify', () => {
  /** What Fastify's logger says about errors (time, pid, host and request ids left out). */
  const errorLog = (stdout: string): unknown[] =>
    stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { level: number; msg: string; err?: { type: string; message: string; statusCode?: number } })
      .filter((entry) => entry.err !== undefined)
      .map(({ level, msg, err }) => ({ level, msg, type: err?.type, message: err?.message, statusCode: err?.statusCode }));
  const logged = ({ stdout }: { stdout: string }): boolean => errorLog(stdout).length >= 2;

  test('soet on: the same replies and the same error log as with soet off, plus soet’s block', async () => {
    const off = await runApp('fastify', false, logged);
    const on = await runApp('fastify', true, (output) => logged(output) && SOET_BLOCK.test(output.stderr));
    assert.deepEqual(on.responses, off.responses);
    assert.deepEqual(
      off.responses.map(({ status }) => status),
      [200, 500, 418],
    );
    assert.deepEqual(JSON.parse(off.responses[1]?.body ?? ''), { statusCode: 500, error: 'Internal Server Error', message: "Cannot read properties of undefined (reading 'map')" });
    assert.deepEqual(errorLog(on.stdout), errorLog(off.stdout));
    assert.deepEqual(
      errorLog(off.stdout).map((entry) => (entry as { level: number }).level),
      [50, 30],
      'Fastify logs the 500 as an error and the 418 as info, as it does by default',
    );
    assert.equal(off.stderr, '');
    assert.deepEqual(off.searches, []);
    assert.match(on.stderr, SOET_BLOCK);
    assert.ok(on.searches.length > 0 && on.searches.every((q) => !q.includes('coffee')), on.searches.join('\n'));
  });
});
