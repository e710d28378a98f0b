// Colour in real child processes, on a pipe and on a terminal (a pty from `script`): NO_COLOR, then
// FORCE_COLOR, then NODE_DISABLE_COLORS and TERM=dumb, then TTY, then Node's own hasColors().
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { ROOT, cleanEnv, run, standIns } from './support/helpers.js';
import { answer, question, sampleSite } from './support/standin.js';

/** Prints one block to stderr through the built package: soet decides colour from the child's own environment and stream. */
const PROBE = `import { render } from ${JSON.stringify(pathToFileURL(path.join(ROOT, 'dist', 'index.js')).href)};
const result = { status: 'none', error: { name: 'TypeError', message: 'Cannot read properties of undefined' }, query: null, searches: [],
  questions: [], hints: [], site: 'stackoverflow', tags: [], notices: [], fromCache: false, apiCalls: 1, fingerprint: null };
process.stderr.write(render(result, { stream: process.stderr }));
`;
let work: string;
let probe: string;
const ESCAPE = /\u001b\[\d+m/;
/** Variables Node's hasColors() reads besides TERM: unset, so the host running the tests cannot tip a row. */
const TERMINAL_HINTS = ['NO_COLOR', 'FORCE_COLOR', 'NODE_DISABLE_COLORS', 'TERM', 'COLORTERM', 'TERM_PROGRAM', 'TMUX', 'CI', 'TEAMCITY_VERSION', 'GITHUB_ACTIONS', 'GITLAB_CI', 'TRAVIS', 'BUILDKITE', 'CIRCLECI', 'APPVEYOR', 'DRONE'];

function envFor(extra: Record<string, string>): NodeJS.ProcessEnv {
  return cleanEnv({ ...Object.fromEntries(TERMINAL_HINTS.map((name) => [name, undefined])), ...extra });
}

/** Runs `command` with stderr on a pipe, or on a terminal; returns what it wrote there. */
async function output(command: readonly string[], env: Record<string, string>, terminal: boolean): Promise<string> {
  if (!terminal) {
    const result = await run(command[0] ?? '', command.slice(1), { env: envFor(env) });
    assert.equal(result.code, 0, result.stderr);
    return result.stderr;
  }
  // Under `script`, the command's stdout and stderr are the pty, which `script` copies to its stdout.
  const result = await run('script', ['-qec', command.map((part) => `'${part}'`).join(' '), '/dev/null'], { env: envFor(env) });
  assert.equal(result.code, 0, result.stdout + result.stderr);
  return result.stdout;
}

// [what, environment, on a terminal?, coloured?]
const MATRIX: readonly [string, Record<string, string>, boolean, boolean][] = [
  ['a pipe', {}, false, false],
  ['a pipe, FORCE_COLOR=1', { FORCE_COLOR: '1' }, false, true],
  ['a pipe, FORCE_COLOR=2', { FORCE_COLOR: '2' }, false, true],
  ['a pipe, FORCE_COLOR=3', { FORCE_COLOR: '3' }, false, true],
  ['a pipe, FORCE_COLOR=true', { FORCE_COLOR: 'true' }, false, true],
  ['a pipe, FORCE_COLOR= (empty, as Node reads it: on)', { FORCE_COLOR: '' }, false, true],
  ['a pipe, FORCE_COLOR=yes (not a level: off, as in Node)', { FORCE_COLOR: 'yes' }, false, false],
  ['a pipe, FORCE_COLOR=1 with NO_COLOR=1: NO_COLOR wins', { FORCE_COLOR: '1', NO_COLOR: '1' }, false, false],
  ['a pipe, FORCE_COLOR=1 with NO_COLOR= (empty: as if unset)', { FORCE_COLOR: '1', NO_COLOR: '' }, false, true],
  ['a pipe, FORCE_COLOR=1 with TERM=dumb: FORCE_COLOR wins', { FORCE_COLOR: '1', TERM: 'dumb' }, false, true],
  ['a terminal', { TERM: 'xterm-256color' }, true, true],
  ['a terminal, NO_COLOR=1', { TERM: 'xterm-256color', NO_COLOR: '1' }, true, false],
  ['a terminal, NO_COLOR= (empty: as if unset)', { TERM: 'xterm-256color', NO_COLOR: '' }, true, true],
  ['a terminal, FORCE_COLOR=0', { TERM: 'xterm-256color', FORCE_COLOR: '0' }, true, false],
  ['a terminal, FORCE_COLOR=false', { TERM: 'xterm-256color', FORCE_COLOR: 'false' }, true, false],
  ['a terminal, NODE_DISABLE_COLORS=1', { TERM: 'xterm-256color', NODE_DISABLE_COLORS: '1' }, true, false],
  ['a terminal, TERM=dumb', { TERM: 'dumb' }, true, false],
  ['a terminal with no TERM: hasColors() says no', {}, true, false],
  ['a terminal with no TERM but COLORTERM=truecolor: hasColors() says yes', { COLORTERM: 'truecolor' }, true, true],
  ['a terminal on an unknown CI: hasColors() says no', { TERM: 'xterm-256color', CI: 'true' }, true, false],
  ['a terminal on an unknown CI, FORCE_COLOR=1', { TERM: 'xterm-256color', CI: 'true', FORCE_COLOR: '1' }, true, true],
];

describe('the colour matrix (render to stderr, from the built package)', () => {
  before(() => {
    assert.ok(fs.existsSync(path.join(ROOT, 'dist', 'index.js')), 'dist/ is missing: run `npm run build` first (npm test does)');
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'soet-color-'));
    probe = path.join(work, 'probe.mjs');
    fs.writeFileSync(probe, PROBE);
  });
  after(() => fs.rmSync(work, { recursive: true, force: true }));
  for (const [what, env, terminal, coloured] of MATRIX) {
    test(`${what}: ${coloured ? 'colour' : 'plain text'}`, async () => {
      const text = await output([process.execPath, probe], env, terminal);
      assert.match(text, /soet ▸/);
      if (coloured) assert.match(text, ESCAPE);
      else assert.doesNotMatch(text, /\u001b/);
    });
  }
});

describe('the middleware decides for its own output the same way', () => {
  const startStandIn = standIns();
  const fixture = path.join(ROOT, 'test', 'fixtures', 'env-app.ts');
  const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
  for (const [what, env, terminal, coloured] of [
    ['a pipe', {}, false, false],
    ['a pipe, FORCE_COLOR=1', { FORCE_COLOR: '1' }, false, true],
    ['a terminal, NO_COLOR= (empty)', { TERM: 'xterm-256color', NO_COLOR: '' }, true, true],
    ['a terminal, FORCE_COLOR=0', { TERM: 'xterm-256color', FORCE_COLOR: '0' }, true, false],
  ] as const) {
    test(`${what}: ${coloured ? 'colour' : 'plain text'}`, async () => {
      const api = await startStandIn(sampleSite([{ question: question(7, 'Cannot read properties of undefined reading map'), answers: [answer(70, 7, '<p>Guard the <code>map</code> call.</p>')] }]));
      const text = await output([tsx, fixture], { DEBUG: 'soet', SOET_API_URL: api.url, SOET_CACHE: 'off', ...env }, terminal);
      assert.match(text, /Guard the/);
      if (coloured) assert.match(text, ESCAPE);
      else assert.doesNotMatch(text, /\u001b/);
    });
  }
});
