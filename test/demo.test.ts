// The demo, as `npm run demo` and `npm run demo:offline` run it, through the whole tour of its routes:
// offline, with the API unreachable, and with its port taken.
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import express5 from 'express';
import express4 from 'express4';
import { listenOrMove } from '../demo/listen.js';
import { ROOT, cleanEnv, run } from './support/helpers.js';

const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const demo = path.join(ROOT, 'demo', 'run.ts');

const HEADERS = [
  /soet ▸ TypeError: Cannot read properties of undefined \(reading 'name'\)/,
  /soet ▸ SyntaxError: Unexpected token '<', "<!DOCTYPE "\.\.\. is not valid JSON/,
  /soet ▸ Error \[ERR_HTTP_HEADERS_SENT\]: Cannot set headers after they are sent to the client/,
  /soet ▸ Error \[MODULE_NOT_FOUND\]: Cannot find module 'pdf-report-builder'/,
  /soet ▸ Error: connect ECONNREFUSED 127\.0\.0\.1:5432/,
];

/** Every route's block is there, each with three sample questions, labelled as samples. */
function assertEveryBlock(stderr: string): void {
  for (const header of HEADERS) assert.match(stderr, header);
  const blocks = stderr.split(/^soet ▸ /m).slice(1);
  assert.equal(blocks.length, HEADERS.length, stderr);
  for (const block of blocks) {
    const numbered = block.match(/^ \d\. \S+/gm) ?? [];
    assert.deepEqual(numbered, [' 1. [sample]', ' 2. [sample]', ' 3. [sample]'], block);
  }
  assert.doesNotMatch(stderr, /no answers for|No Stack Overflow results/);
}

/** A loopback port, held by a server of this test, or closed again when `hold` is false. */
async function loopbackPort(hold: boolean): Promise<{ port: number; server: net.Server }> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, resolve));
  const { port } = server.address() as net.AddressInfo;
  if (!hold) await new Promise((resolve) => server.close(resolve));
  return { port, server };
}

test('demo:offline requests each failing route and prints three sample questions for each', async () => {
  const result = await run(tsx, [demo, '--offline', '--exit'], { env: cleanEnv({ PORT: '0' }) });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /^Offline demo: answers come from a local stand-in API serving \[sample\] questions/);
  assert.match(result.stdout, /requesting each failing route once; sample answers follow each error/);
  assertEveryBlock(result.stderr);
});

test('demo with the API unreachable: says so in one line, then runs on the samples, every route with its block', async () => {
  const { port } = await loopbackPort(false);
  const result = await run(tsx, [demo, '--exit'], { env: cleanEnv({ PORT: '0', SOET_API_URL: `http://127.0.0.1:${port}/2.3` }) });
  assert.equal(result.code, 0, result.stderr);
  const [first, ...rest] = result.stdout.split('\n');
  assert.equal(first, `127.0.0.1:${port} cannot be reached from this machine: the demo runs on local [sample] answers instead (the same as \`npm run demo:offline\`).`);
  assert.doesNotMatch(rest.join('\n'), /cannot be reached/);
  assertEveryBlock(result.stderr);
});

test('demo:offline with its port taken moves to a free port, says so, and still tours every route', async () => {
  const { port, server } = await loopbackPort(true);
  try {
    const result = await run(tsx, [demo, '--offline', '--exit'], { env: cleanEnv({ PORT: String(port) }), timeoutMs: 60_000 });
    assert.equal(result.code, 0, result.stderr);
    const moved = new RegExp(`^Port ${port} is in use \\(another server\\?\\), so the demo runs on http://localhost:(\\d+) instead\\.$`, 'm').exec(result.stdout);
    assert.ok(moved, result.stdout);
    assert.notEqual(moved[1], String(port));
    assert.match(result.stdout, new RegExp(`Demo app on http://localhost:${moved[1]}:`));
    assertEveryBlock(result.stderr);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});

describe('listenOrMove, with the port taken, under both Express versions', () => {
  const servers: Server[] = [];
  after(() => {
    for (const server of servers) server.close();
  });
  for (const [version, express] of [['4', express4], ['5', express5]] as const) {
    test(`Express ${version}: listens on a free port instead and says which port it left`, async () => {
      const { port, server: holder } = await loopbackPort(true);
      try {
        const app = express();
        app.get('/', (_req, res) => void res.send(`express ${version}`));
        const { server, movedFrom } = await listenOrMove(app, port);
        servers.push(server);
        assert.equal(movedFrom, port);
        const { port: moved } = server.address() as net.AddressInfo;
        assert.notEqual(moved, port);
        assert.equal(await (await fetch(`http://127.0.0.1:${moved}/`)).text(), `express ${version}`);
      } finally {
        await new Promise((resolve) => holder.close(resolve));
      }
    });
  }
});
