// Nothing heavy at import: with soet off, importing it, its crash hook and the CLI's --version and --help load none of
// its dependencies nor its working parts; with soet on, each dependency loads when it is first used. Real processes
// of the built package, resolved by name from a project whose node_modules/soet is this repository.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ROOT, cleanEnv, linkedProject, run } from './support/helpers.js';
import { StandInApi, answer, question, sampleSite } from './support/standin.js';

const DEPENDENCIES = ['axios', 'dotenv', 'entities', 'htmlparser2', 'lru-cache', 'sanitize-html'] as const;
type Dependency = (typeof DEPENDENCIES)[number];
/** Built-in modules that cost start-up time and that only soet's work needs. */
const HEAVY_BUILTINS = ['child_process', 'crypto', 'http', 'https', 'net', 'tls', 'tty', 'zlib'];
const MESSAGE = "TypeError: Cannot read properties of undefined (reading 'map')";

/**
 * Loaded next (`--import ./probe.mjs`, before any other --import): at exit, writes to $PROBE_OUT every module file loaded (CommonJS from
 * require.cache, ES modules as its loader hook saw them) and the built-in modules loaded after it.
 */
const PROBE = `import { createRequire, register } from 'node:module';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
const { port1, port2 } = new MessageChannel();
register('./probe-hooks.mjs', import.meta.url, { data: { port: port2 }, transferList: [port2] });
port1.unref();
const require = createRequire(import.meta.url);
const before = globalThis.probeBefore;
const esm = new Set();
globalThis.probeLoaded = () => {
  for (let received; (received = receiveMessageOnPort(port1)); ) esm.add(received.message);
  return [...Object.keys(require.cache), ...esm].map((file) => file.replaceAll('\\\\', '/'));
};
process.on('exit', () => {
  const builtins = process.moduleLoadList.filter((m) => !before.has(m) && m.startsWith('NativeModule ')).map((m) => m.slice(13));
  require('node:fs').writeFileSync(process.env.PROBE_OUT, JSON.stringify({ files: globalThis.probeLoaded(), builtins }));
});
`;
/** Loaded before anything else (`-r`, which Node runs before any --import): the built-in modules loaded so far. */
const PROBE_FIRST = 'globalThis.probeBefore = new Set(process.moduleLoadList);\n';
const PROBE_HOOKS = `let port;
export function initialize(data) { port = data.port; }
export async function load(url, context, next) { port.postMessage(url); return next(url, context); }
`;

/** An app that uses every export but lookup, render and redact (which load soet's working parts when called). */
const OFF_ESM = "import soet, { errorPage, enabled } from 'soet';\nsoet();\nerrorPage();\nif (enabled()) throw new Error('soet should be off');\n";
const OFF_CJS = "const { soet, errorPage, enabled } = require('soet');\nsoet();\nerrorPage();\nif (enabled()) throw new Error('soet should be off');\n";

/** soet on: what is loaded (as the probe sees it) after soet() and after the middleware's first block is printed. */
const ON_APP = (head: string): string => `${head}
const output = { text: '', write(chunk) { this.text += chunk; return true; } };
const afterImport = probeLoaded();
const middleware = soet({ apiUrl: process.env.API_URL, output, cache: false });
const afterSoet = probeLoaded();
middleware(new TypeError("Cannot read properties of undefined (reading 'map')"), {}, {}, () => undefined);
const started = Date.now();
while (!output.text.includes('Initialise') && Date.now() - started < 10000) await new Promise((resolve) => setTimeout(resolve, 20));
console.log(JSON.stringify({ afterImport, afterSoet, afterError: probeLoaded(), printed: output.text }));
`;

let work: string;
let api: StandInApi;
/** Built-in modules the probe itself loads (its loader hook's worker and port): running it on an empty app. */
let probeOwn: ReadonlySet<string> = new Set();

before(async () => {
  assert.ok(fs.existsSync(path.join(ROOT, 'dist', 'core.cjs')), 'dist/ is missing: run `npm run build` first (npm test does)');
  api = await StandInApi.start(sampleSite([{ question: question(3, 'TypeError: Cannot read properties of undefined (reading &#39;map&#39;)'), answers: [answer(30, 3, '<p>Initialise the array first.</p>')] }]));
  work = linkedProject('soet-light-');
  const files: Record<string, string> = {
    'package.json': JSON.stringify({ name: 'light', private: true }),
    'probe-first.cjs': PROBE_FIRST,
    'probe.mjs': PROBE,
    'probe-hooks.mjs': PROBE_HOOKS,
    'off.mjs': OFF_ESM,
    'off.cjs': OFF_CJS,
    'app.cjs': '',
    'app.mjs': '',
    'crash.cjs': `throw new TypeError("Cannot read properties of undefined (reading 'map')");\n`,
    'on.mjs': ON_APP("import { soet } from 'soet';"),
    'on.cjs': `(async () => {\n${ON_APP("const { soet } = require('soet');")}\n})();\n`,
    'enabled.cjs': "const { enabled } = require('soet');\nconsole.log(JSON.stringify({ enabled: enabled(), files: Object.keys(require.cache) }));\n",
  };
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(work, name), text);
  probeOwn = new Set([...(await probed(['app.cjs'])).builtins, ...(await probed(['app.mjs'])).builtins]);
});
after(async () => {
  await api.close();
  fs.rmSync(work, { recursive: true, force: true });
});

interface Probed {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Loaded files, as paths or file: URLs, with forward slashes. */
  readonly files: readonly string[];
  readonly builtins: readonly string[];
}

/** Runs `node -r ./probe-first.cjs --import ./probe.mjs <args>` in the project and reads what the probe saw. */
async function probed(args: readonly string[], env: Record<string, string> = {}, cwd = work): Promise<Probed> {
  const out = path.join(cwd, `probe-${process.hrtime.bigint()}.json`);
  const result = await run(process.execPath, ['-r', path.join(work, 'probe-first.cjs'), '--import', path.join(work, 'probe.mjs'), ...args], { cwd, env: cleanEnv({ PROBE_OUT: out, SOET_API_URL: api.url, SOET_CACHE: 'off', ...env }) });
  assert.ok(fs.existsSync(out), `the probe wrote nothing (exit ${result.code}): ${result.stderr}`);
  const seen = JSON.parse(fs.readFileSync(out, 'utf8')) as { files: string[]; builtins: string[] };
  fs.rmSync(out);
  return { ...result, files: seen.files.map((file) => file.replaceAll('\\', '/')), builtins: seen.builtins.filter((name) => !probeOwn.has(name)) };
}

const dependenciesIn = (files: readonly string[]): Dependency[] => DEPENDENCIES.filter((name) => files.some((file) => file.includes(`/node_modules/${name}/`)));
/** soet's own built files that were loaded, relative to dist/. */
const distFilesIn = (files: readonly string[]): string[] => {
  const dist = `${ROOT.replaceAll('\\', '/')}/dist/`;
  return files.map((file) => file.replace(/^file:\/\//, '')).filter((file) => file.startsWith(dist)).map((file) => file.slice(dist.length)).sort();
};
/** Whether any loaded file of soet's holds the lookup engine (known by one of its messages, which no bundler renames). */
const engineIn = (files: readonly string[]): boolean =>
  distFilesIn(files).some((file) => fs.readFileSync(path.join(ROOT, 'dist', file), 'utf8').includes('more distinct errors at once than soet looks up'));

describe('soet off loads nothing heavy', () => {
  for (const [label, script, entry] of [
    ["import soet from 'soet' (ESM), then soet(), errorPage() and enabled()", 'off.mjs', 'index.js'],
    ["require('soet') (CommonJS), then soet(), errorPage() and enabled()", 'off.cjs', 'index.cjs'],
  ] as const) {
    test(label, async () => {
      const seen = await probed([script]);
      assert.equal(seen.code, 0, seen.stderr);
      assert.deepEqual(distFilesIn(seen.files), [entry], 'only the entry itself, not dist/core.cjs');
      assert.deepEqual(dependenciesIn(seen.files), []);
      assert.deepEqual(HEAVY_BUILTINS.filter((name) => seen.builtins.includes(name)), []);
    });
  }

  for (const [flag, app, entry] of [
    ['-r', 'app.cjs', 'register.cjs'],
    ['--import', 'app.mjs', 'register.js'],
  ] as const) {
    test(`the crash hook: node ${flag} soet/register, off, and on until a crash`, async () => {
      for (const env of [{}, { DEBUG: 'soet' }]) {
        const seen = await probed([flag, 'soet/register', app], env);
        assert.equal(seen.code, 0, seen.stderr);
        assert.deepEqual(distFilesIn(seen.files), [entry], JSON.stringify(env));
        assert.deepEqual(dependenciesIn(seen.files), [], JSON.stringify(env));
        assert.deepEqual(HEAVY_BUILTINS.filter((name) => seen.builtins.includes(name)), [], JSON.stringify(env));
      }
    });
  }

  test('the crash hook loads its working parts at a crash, when on', async () => {
    const seen = await probed(['-r', 'soet/register', 'crash.cjs'], { DEBUG: 'soet' });
    assert.equal(seen.code, 1);
    assert.match(seen.stderr, /soet ▸ TypeError: Cannot read properties of undefined/);
    assert.deepEqual(distFilesIn(seen.files), ['core.cjs', 'register.cjs']);
    assert.ok(seen.builtins.includes('child_process'));
  });

  for (const flag of ['--version', '--help']) {
    test(`soet ${flag}`, async () => {
      const seen = await probed([path.join(ROOT, 'dist', 'cli.js'), flag]);
      assert.equal(seen.code, 0, seen.stderr);
      assert.match(seen.stdout, flag === '--version' ? /^\d+\.\d+\.\d+\n$/ : /^Usage: soet/);
      assert.deepEqual(dependenciesIn(seen.files), []);
      assert.equal(engineIn(seen.files), false, `no file with the lookup engine: ${distFilesIn(seen.files).join(', ')}`);
      assert.deepEqual(['child_process', 'crypto', 'http', 'https', 'zlib'].filter((name) => seen.builtins.includes(name)), []);
    });
  }

  test('the probe sees what a lookup loads (the CLI, its ES modules included)', async () => {
    const seen = await probed([path.join(ROOT, 'dist', 'cli.js'), MESSAGE]);
    assert.equal(seen.code, 0, seen.stderr);
    assert.match(seen.stdout, /Initialise the array first\./);
    assert.ok(engineIn(seen.files));
    assert.deepEqual(dependenciesIn(seen.files), ['axios', 'entities', 'htmlparser2']);
    assert.ok(seen.builtins.includes('http') && seen.builtins.includes('zlib'), seen.builtins.join(' '));
  });
});

describe('soet on loads each dependency at its first use', () => {
  for (const script of ['on.mjs', 'on.cjs']) {
    test(`${script}: soet() loads the working parts; the first error the HTTP client, the entity decoder and the HTML parser (no LRU with the cache off)`, async () => {
      const result = await probed([script], { API_URL: api.url, DEBUG: 'soet' });
      assert.equal(result.code, 0, result.stderr);
      const report = JSON.parse(result.stdout) as { afterImport: string[]; afterSoet: string[]; afterError: string[]; printed: string };
      assert.match(report.printed, /Initialise the array first\./);
      assert.equal(report.afterImport.some((file) => file.endsWith('/dist/core.cjs')), false);
      assert.deepEqual(dependenciesIn(report.afterImport), []);
      assert.ok(report.afterSoet.some((file) => file.endsWith('/dist/core.cjs')));
      assert.deepEqual(dependenciesIn(report.afterSoet), []);
      // sanitize-html is the error page's: the middleware never loads it.
      assert.deepEqual(dependenciesIn(report.afterError), ['axios', 'entities', 'htmlparser2']);
    });
  }

  test('dotenv loads only when there is a .env to read', async () => {
    const withEnv = fs.mkdtempSync(path.join(work, 'with-env-'));
    fs.writeFileSync(path.join(withEnv, '.env'), 'DEBUG=soet\n');
    const read = await run(process.execPath, [path.join(work, 'enabled.cjs')], { cwd: withEnv, env: cleanEnv() });
    const none = await run(process.execPath, [path.join(work, 'enabled.cjs')], { cwd: work, env: cleanEnv() });
    const [withFile, without] = [read, none].map((result) => JSON.parse(result.stdout) as { enabled: boolean; files: string[] });
    assert.equal(withFile?.enabled, true, 'DEBUG from .env turns soet on');
    assert.deepEqual(dependenciesIn(withFile?.files ?? []), ['dotenv']);
    assert.equal(without?.enabled, false);
    assert.deepEqual(dependenciesIn(without?.files ?? []), []);
  });
});
