// The demo, as `npm run demo` and `npm run demo:offline` run it, through the whole tour of its routes.
import assert from 'node:assert/strict';
import net from 'node:net';
import path from 'node:path';
import { test } from 'node:test';
import { ROOT, cleanEnv, run } from './support/helpers.js';

const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const demo = path.join(ROOT, 'demo', 'run.ts');

test('demo:offline requests each failing route and prints sample answers for each', async () => {
  const result = await run(tsx, [demo, '--offline', '--exit'], { env: cleanEnv({ PORT: '0' }) });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /^Offline demo: answers come from a local stand-in API serving \[sample\] questions/);
  for (const header of [
    /soet ▸ TypeError: Cannot read properties of undefined \(reading 'name'\)/,
    /soet ▸ SyntaxError: Unexpected token '<', "<!DOCTYPE "\.\.\. is not valid JSON/,
    /soet ▸ Error \[ERR_HTTP_HEADERS_SENT\]: Cannot set headers after they are sent to the client/,
    /soet ▸ Error \[MODULE_NOT_FOUND\]: Cannot find module 'pdf-report-builder'/,
    /soet ▸ Error: connect ECONNREFUSED 127\.0\.0\.1:5432/,
  ]) {
    assert.match(result.stderr, header);
  }
  assert.equal((result.stderr.match(/^ 1\. \[sample\] /gm) ?? []).length, 5, 'each block shows a sample, labelled');
  assert.doesNotMatch(result.stderr, /no answers for/);
});

test('demo says in one line when the API cannot be reached, and points to demo:offline', async () => {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  const result = await run(tsx, [demo, '--exit'], { env: cleanEnv({ PORT: '0', SOET_API_URL: `http://127.0.0.1:${port}/2.3`, SOET_CACHE: 'off' }) });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, new RegExp(`^127\\.0\\.0\\.1:${port} cannot be reached from this machine: run \`npm run demo:offline\``));
  assert.equal((result.stderr.match(/connection refused/g) ?? []).length, 1, 'the failure is said once');
});
