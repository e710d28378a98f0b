// The published package: `npm pack`, installed into fresh ESM, CommonJS and TypeScript projects, and used from each.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT, cleanEnv, run } from './support/helpers.js';
import { StandInApi, answer, question, sampleSite } from './support/standin.js';

let work: string;
let tarball: string;
let api: StandInApi;
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** A script that builds an Express app with soet from the installed package, fails a route, and prints what soet wrote. */
const APP = (importLines: string): string => `${importLines}
const output = { text: '', write(chunk) { this.text += chunk; return true; } };
const app = express();
app.get('/fail', () => { throw new TypeError("Cannot read properties of undefined (reading 'map')"); });
app.use(soet({ enabled: true, apiUrl: process.env.API_URL, output, cache: false }));
app.use((err, req, res, next) => res.status(500).send(err.message));
const server = app.listen(0, async () => {
  const response = await fetch('http://127.0.0.1:' + server.address().port + '/fail');
  const started = Date.now();
  while (!output.text.includes('Initialise') && Date.now() - started < 5000) await new Promise((r) => setTimeout(r, 20));
  const result = await lookup(new TypeError("Cannot read properties of undefined (reading 'map')"), { apiUrl: process.env.API_URL, cache: false });
  console.log(JSON.stringify({ status: response.status, printed: output.text, sameDefault: defaultExport === soet, lookupStatus: result.status, rendered: render(result, { color: false }).length > 0, register: registerPath }));
  server.close();
});
`;

before(async () => {
  assert.ok(fs.existsSync(path.join(ROOT, 'dist', 'index.js')), 'dist/ is missing: run `npm run build` first (npm test does)');
  api = await StandInApi.start(sampleSite([{ question: question(3, 'TypeError: Cannot read properties of undefined (reading &#39;map&#39;)'), answers: [answer(30, 3, '<p>Initialise the array first.</p>')] }]));
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'soet-pack-'));
  const packed = await run(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: ROOT, env: cleanEnv() });
  assert.equal(packed.code, 0, packed.stderr);
  const [{ filename, files }] = JSON.parse(packed.stdout) as [{ filename: string; files: { path: string }[] }];
  assert.ok(files.every((file) => /^(dist\/|package\.json$|README\.md$|LICENSE$)/.test(file.path)), `only dist, package.json and docs are published: ${files.map((f) => f.path).join(', ')}`);
  tarball = path.join(work, filename);
  fs.writeFileSync(path.join(work, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  const installed = await run(npm, ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball, 'express@5', '@types/express@5', '@types/node@20', 'typescript@~5.9.3'], { cwd: work, env: cleanEnv(), timeoutMs: 180_000 });
  assert.equal(installed.code, 0, installed.stderr);
});
after(async () => {
  await api.close();
  fs.rmSync(work, { recursive: true, force: true });
});

function project(name: string, files: Record<string, string>): string {
  const dir = path.join(work, name);
  fs.mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), text);
  return dir;
}

function assertWorked(stdout: string): void {
  const report = JSON.parse(stdout) as { status: number; printed: string; sameDefault: boolean; lookupStatus: string; rendered: boolean; register: string };
  assert.equal(report.status, 500);
  assert.match(report.printed, /soet ▸ TypeError: Cannot read properties of undefined \(reading 'map'\)/);
  assert.match(report.printed, /Initialise the array first\./);
  assert.equal(report.sameDefault, true, 'the default export is soet');
  assert.equal(report.lookupStatus, 'found');
  assert.equal(report.rendered, true);
  assert.match(report.register, /dist[\\/]register\.c?js$/);
}

test('ESM: import soet, { soet, lookup, render } from "soet"', async () => {
  const dir = project('esm', {
    'package.json': JSON.stringify({ type: 'module' }),
    'index.js': APP(`import defaultExport, { soet, lookup, render } from 'soet';\nimport express from 'express';\nconst registerPath = import.meta.resolve('soet/register');`),
  });
  const result = await run(process.execPath, ['index.js'], { cwd: dir, env: cleanEnv({ API_URL: api.url }) });
  assert.equal(result.code, 0, result.stderr);
  assertWorked(result.stdout);
});

test("CommonJS: const { soet } = require('soet')", async () => {
  const dir = project('cjs', {
    'package.json': JSON.stringify({ type: 'commonjs' }),
    'index.js': APP(`const { soet, lookup, render } = require('soet');\nconst defaultExport = require('soet').default;\nconst express = require('express');\nconst registerPath = require.resolve('soet/register');`),
  });
  const result = await run(process.execPath, ['index.js'], { cwd: dir, env: cleanEnv({ API_URL: api.url }) });
  assert.equal(result.code, 0, result.stderr);
  assertWorked(result.stdout);
});

const TS_APP = (lookupLine: string): string => `import express from 'express';
import soetDefault, { soet, lookup, render, type SoetOptions, type LookupResult } from 'soet';
// The crash hook's types resolve too (under node10 resolution through typesVersions).
import * as crashHook from 'soet/register';
void crashHook;

const options: SoetOptions = { results: 2, tags: ['express'], timeoutMs: 2000, beforeSearch: (q) => q.replace('ACME', '') };
const app = express();
app.get('/', () => {
  throw new Error('boom');
});
app.use(soet(options));
app.use(soetDefault());
// @ts-expect-error unknown option names are type errors too
soet({ timeout: 5 });
const show = (result: LookupResult): string => render(result, { color: false, width: 80 }) + result.status satisfies string;
${lookupLine}
`;

// app.use(soet) type-checks (Express types the error argument as any), so that misuse is caught at run time.
test('TypeScript: the declarations type-check an app, its options and results, and reject unknown options', async () => {
  const compilerOptions = { strict: true, target: 'es2022', noEmit: true, skipLibCheck: false, exactOptionalPropertyTypes: true, types: ['node'] };
  const projects = [
    project('ts-esm', {
      'package.json': JSON.stringify({ type: 'module' }),
      'tsconfig.json': JSON.stringify({ compilerOptions: { ...compilerOptions, module: 'nodenext', moduleResolution: 'nodenext' } }),
      'index.ts': TS_APP("console.log(show(await lookup(new Error('x'), { results: 1 })));"),
    }),
    project('ts-cjs', {
      'package.json': JSON.stringify({ type: 'commonjs' }),
      'tsconfig.json': JSON.stringify({ compilerOptions: { ...compilerOptions, module: 'commonjs', moduleResolution: 'node10', esModuleInterop: true } }),
      'index.ts': TS_APP("void lookup(new Error('x'), { results: 1 }).then((result) => console.log(show(result)));"),
    }),
  ];
  const tsc = path.join(work, 'node_modules', '.bin', 'tsc');
  for (const dir of projects) {
    const checked = await run(tsc, ['-p', dir], { cwd: dir, env: cleanEnv() });
    assert.equal(checked.code, 0, `${path.basename(dir)}: ${checked.stdout}${checked.stderr}`);
  }
});

test('the bin and the crash hook resolve from the installed package', async () => {
  const version = await run(path.join(work, 'node_modules', '.bin', 'soet'), ['--version'], { cwd: work, env: cleanEnv() });
  assert.equal(version.stdout.trim(), (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version);
  fs.writeFileSync(path.join(work, 'ok.cjs'), "console.log('fine')");
  for (const flag of ['-r', '--import']) {
    const hooked = await run(process.execPath, [flag, 'soet/register', 'ok.cjs'], { cwd: work, env: cleanEnv({ DEBUG: 'soet' }) });
    assert.deepEqual([hooked.code, hooked.stdout, hooked.stderr], [0, 'fine\n', ''], flag);
  }
});

test('Are the Types Wrong and publint find no problem in the packed tarball, without the network', async () => {
  // Both read the tarball itself; a registry that cannot be reached shows that neither needs the network.
  const offline = cleanEnv({ npm_config_offline: 'true', npm_config_registry: 'http://127.0.0.1:9/' });
  const bin = (name: string): string => path.join(ROOT, 'node_modules', '.bin', name);
  // soet ships its own types, so DefinitelyTyped (which attw would ask the registry about) is left out.
  const attw = await run(bin('attw'), [tarball, '--format', 'json', '--no-definitely-typed'], { env: offline });
  assert.equal(attw.code, 0, attw.stdout.slice(0, 2000) + attw.stderr);
  const { analysis, problems } = JSON.parse(attw.stdout) as { analysis: { entrypoints: Record<string, unknown> }; problems: Record<string, unknown> };
  assert.deepEqual(Object.keys(analysis.entrypoints), ['.', './register', './package.json']);
  assert.deepEqual(problems, {}, 'every entry point resolves under node10, node16 (CJS and ESM) and bundler');
  const publint = await run(bin('publint'), ['run', tarball, '--strict'], { env: offline });
  assert.equal(publint.code, 0, publint.stdout + publint.stderr);
  assert.match(publint.stdout, /All good!/);
});
