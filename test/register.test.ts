// The crash hook in child processes: Node's own crash output and exit code stay exactly as without soet.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ROOT, cleanEnv, run } from './support/helpers.js';
import { StandInApi, answer, question, sampleSite } from './support/standin.js';

const HOOK_CJS = path.join(ROOT, 'dist', 'register.cjs');
const HOOK_ESM = path.join(ROOT, 'dist', 'register.js');

const SCRIPTS: Record<string, string> = {
  'throws.cjs': "const e = new TypeError(\"Cannot read properties of undefined (reading 'map')\");\nthrow e;\n",
  'rejects.mjs': "await Promise.resolve();\nPromise.reject(new TypeError(\"Cannot read properties of undefined (reading 'map')\"));\n",
  'rejects-a-string.cjs': "Promise.reject('a plain string reason');\n",
  'exits-with-2.cjs': "process.on('exit', () => console.error('own exit handler ran'));\nsetTimeout(() => { process.exitCode = 2; throw new RangeError('Invalid array length'); }, 5);\n",
  'is-fine.cjs': "console.log('listeners', process.listenerCount('exit'), process.listenerCount('uncaughtExceptionMonitor'));\n",
  'handles-its-own.cjs': "process.on('uncaughtException', (e) => console.error('handled:', e.message));\nsetTimeout(() => { throw new Error('caught by the app'); }, 1);\nsetTimeout(() => console.log('still running'), 20);\n",
  'empty.cjs': '',
  'empty.mjs': '',
};

let api: StandInApi;
let work: string;
before(async () => {
  for (const hook of [HOOK_CJS, HOOK_ESM]) assert.ok(fs.existsSync(hook), `${hook} is missing: run \`npm run build\` first (npm test does)`);
  api = await StandInApi.start(
    sampleSite([{ question: question(9, 'TypeError: Cannot read properties of undefined (reading &#39;map&#39;)'), answers: [answer(90, 9, '<p>Initialise the list before mapping it.</p>')] }]),
  );
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'soet-hook-'));
  for (const [name, source] of Object.entries(SCRIPTS)) fs.writeFileSync(path.join(work, name), source);
});
after(async () => {
  await api.close();
  fs.rmSync(work, { recursive: true, force: true });
});

function nodeIn(args: readonly string[], env: Record<string, string | undefined> = {}) {
  return run(process.execPath, args, { cwd: work, env: cleanEnv({ SOET_API_URL: api.url, SOET_CACHE: 'off', ...env }) });
}

// `--import` changes how Node loads even a CommonJS entry (other frames, another exit listener), soet
// or not; so each hook is compared with the same flag preloading an empty module.
for (const [label, flag, hook, empty] of [
  ['-r soet/register (CommonJS)', '-r', HOOK_CJS, './empty.cjs'],
  ['--import soet/register (ESM)', '--import', HOOK_ESM, './empty.mjs'],
] as const) {
  const hookArgs = [flag, hook];
  const node = (args: readonly string[], env: Record<string, string | undefined> = {}) =>
    nodeIn(args[0] === flag ? args : [flag, empty, ...args], env);
  describe(label, () => {
    for (const script of ['throws.cjs', 'rejects.mjs']) {
      test(`${script}, soet on: its block first, then exactly Node's own output, and the same exit code`, async () => {
        const plain = await node([script]);
        const hooked = await node([...hookArgs, script], { DEBUG: 'soet' });
        assert.equal(plain.code, 1);
        assert.equal(hooked.code, plain.code);
        assert.equal(hooked.stdout, plain.stdout);
        assert.ok(hooked.stderr.endsWith(plain.stderr), `Node's own output is intact:\n${hooked.stderr}`);
        const block = hooked.stderr.slice(0, hooked.stderr.length - plain.stderr.length);
        assert.match(block, /^soet ▸ TypeError: Cannot read properties of undefined \(reading 'map'\)/);
        assert.match(block, /Initialise the list before mapping it\./);
      });
    }

    test('an unhandled rejection with a string reason: looked up, Node’s output intact', async () => {
      const plain = await node(['rejects-a-string.cjs']);
      const started = Date.now();
      const hooked = await node([...hookArgs, 'rejects-a-string.cjs'], { DEBUG: 'soet' });
      assert.equal(hooked.code, plain.code);
      assert.ok(hooked.stderr.endsWith(plain.stderr));
      // Node turns a non-error reason into its own UnhandledPromiseRejection error, and that is what is searched.
      const searched = api.requests.find((request) => request.at >= started)?.params.get('q');
      assert.match(searched ?? '', /^ERR_UNHANDLED_REJECTION This error originated either by throwing inside/);
      assert.doesNotMatch(searched ?? '', /a plain string reason/, 'quoted data stays home');
    });

    test('the exit code the app set, and its own exit handlers, are kept', async () => {
      const plain = await node(['exits-with-2.cjs']);
      const hooked = await node([...hookArgs, 'exits-with-2.cjs'], { DEBUG: 'soet' });
      assert.equal(hooked.code, plain.code);
      assert.ok(hooked.stderr.endsWith(plain.stderr));
      assert.match(hooked.stderr, /own exit handler ran/);
    });

    for (const script of ['throws.cjs', 'rejects.mjs', 'exits-with-2.cjs', 'is-fine.cjs']) {
      test(`${script}, soet off: nothing changes at all`, async () => {
        const plain = await node([script]);
        const requestsBefore = api.requests.length;
        for (const env of [{}, { DEBUG: 'soet', NODE_ENV: 'production' }, { DEBUG: 'express:*' }]) {
          const hooked = await node([...hookArgs, script], env);
          assert.deepEqual([hooked.code, hooked.stdout, hooked.stderr], [plain.code, plain.stdout, plain.stderr], JSON.stringify(env));
        }
        assert.equal(api.requests.length, requestsBefore);
      });
    }

    test('a process that ends normally is untouched, even with soet on', async () => {
      const plain = await node(['is-fine.cjs']);
      const hooked = await node([...hookArgs, 'is-fine.cjs'], { DEBUG: 'soet' });
      assert.deepEqual([hooked.code, hooked.stderr], [0, '']);
      const [exitListeners, monitors] = plain.stdout.split(' ').slice(1).map(Number);
      assert.equal(hooked.stdout, `listeners ${(exitListeners ?? 0) + 1} ${(monitors ?? 0) + 1}\n`, 'on: one exit listener and one monitor more, nothing that handles errors');
    });

    test('an error the app handles itself is left to the app', async () => {
      const plain = await node(['handles-its-own.cjs']);
      const hooked = await node([...hookArgs, 'handles-its-own.cjs'], { DEBUG: 'soet' });
      assert.deepEqual([hooked.code, hooked.stdout, hooked.stderr], [plain.code, plain.stdout, plain.stderr]);
    });
  });
}

test('the lookup waits at most timeoutMs, then the process ends as Node would', async () => {
  const hanging = await StandInApi.start(() => ({ fault: 'hang' }));
  try {
    const plain = await nodeIn(['throws.cjs']);
    const started = Date.now();
    const hooked = await nodeIn(['-r', HOOK_CJS, 'throws.cjs'], { DEBUG: 'soet', SOET_API_URL: hanging.url, SOET_TIMEOUT_MS: '700' });
    const elapsed = Date.now() - started;
    assert.equal(hooked.code, plain.code);
    assert.ok(hooked.stderr.endsWith(plain.stderr));
    assert.ok(elapsed < 700 + 1_500, `took ${elapsed} ms`);
    assert.match(hooked.stderr, /^soet ▸ (no answers for TypeError: .*(did not answer within|did not finish within))/);
  } finally {
    await hanging.close();
  }
});

test('the crash hook states the limit the user set, whichever way the lookup ran out of time', async () => {
  // The API hangs or trickles: whichever way time runs out (the requests' timeout, or the hook stopping its
  // worker), the line names the user's limit, not what was left of it for the requests.
  const hanging = await StandInApi.start(() => ({ fault: 'hang' }));
  const trickling = await StandInApi.start(() => ({ json: { items: [] }, trickle: { bytes: 1, everyMs: 200 } }));
  try {
    for (const apiUrl of [hanging.url, trickling.url]) {
      const hooked = await nodeIn(['-r', HOOK_CJS, 'throws.cjs'], { DEBUG: 'soet', SOET_API_URL: apiUrl, SOET_TIMEOUT_MS: '1000' });
      const block = hooked.stderr.split('\n').filter((line) => line.startsWith('soet ▸')).join('\n');
      assert.match(block, /within the 1000 ms SOET_TIMEOUT_MS allows/);
      assert.doesNotMatch(block, /within (?!the 1000 ms)/, `no other limit is named:\n${block}`);
    }
  } finally {
    await hanging.close();
    await trickling.close();
  }
});
