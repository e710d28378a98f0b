// Proxies as axios honours them (HTTPS_PROXY, HTTP_PROXY, ALL_PROXY, NO_PROXY, lower case first), with
// real loopback proxies in real child processes: a failure at the proxy names the proxy, not the API.
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ROOT, cleanEnv, closedPort, run, standIns } from './support/helpers.js';
import { answer, question, sampleSite } from './support/standin.js';

const script = path.join(ROOT, 'test', 'fixtures', 'lookup-script.ts');
const startStandIn = standIns();

/** A proxy on loopback that refuses every CONNECT with `status`, and every forwarded request with 502. */
class RefusingProxy {
  readonly seen: string[] = [];
  readonly #server: http.Server;
  constructor(status: number) {
    this.#server = http.createServer((req, res) => {
      this.seen.push(`${req.method} ${req.url}`);
      res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>502 Bad Gateway</h1>');
    });
    this.#server.on('connect', (req: http.IncomingMessage, socket: net.Socket) => {
      this.seen.push(`CONNECT ${req.url}`);
      socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Type: text/html\r\nContent-Length: 9\r\n\r\nrefused!\n`);
    });
  }
  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    return `127.0.0.1:${(this.#server.address() as net.AddressInfo).port}`;
  }
  close(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}

interface Outcome {
  readonly status: string;
  readonly failure: { readonly kind: string; readonly message: string } | null;
}

/** One lookup() in a child process whose environment is `env` (every proxy variable unset otherwise). */
async function lookupWith(env: Record<string, string>): Promise<Outcome> {
  const proxyVariables = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy', 'NO_PROXY', 'no_proxy'];
  const unset = Object.fromEntries(proxyVariables.map((name) => [name, undefined]));
  const result = await run(process.execPath, ['--import', 'tsx', script], { env: cleanEnv({ ...unset, SOET_TIMEOUT_MS: '3000', ...env }) });
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout) as Outcome;
}

const proxies = new Map<number, RefusingProxy>();
const addresses = new Map<number, string>();
let dead: string;
before(async () => {
  for (const status of [502, 403, 407]) {
    const proxy = new RefusingProxy(status);
    proxies.set(status, proxy);
    addresses.set(status, await proxy.start());
  }
  dead = `127.0.0.1:${await closedPort()}`;
});
after(async () => {
  await Promise.all([...proxies.values()].map((proxy) => proxy.close()));
});

const at = (status: number): string => addresses.get(status) ?? '';

describe('the default API (https) through HTTPS_PROXY: a CONNECT tunnel', () => {
  test('a proxy that refuses the CONNECT (502) is named, with the variable that set it; the API is not blamed', async () => {
    const { status, failure } = await lookupWith({ HTTPS_PROXY: `http://${at(502)}` });
    assert.equal(status, 'failed');
    assert.equal(failure?.kind, 'proxy');
    assert.equal(failure?.message, `the proxy ${at(502)} (HTTPS_PROXY) refused to connect to api.stackexchange.com (HTTP 502); check the proxy, or add api.stackexchange.com to NO_PROXY if it can be reached directly`);
    assert.ok(proxies.get(502)?.seen.includes('CONNECT api.stackexchange.com:443'), 'the proxy was asked for a tunnel');
  });

  test('403: the proxy does not allow the API', async () => {
    const { failure } = await lookupWith({ HTTPS_PROXY: `http://${at(403)}` });
    assert.match(failure?.message ?? '', new RegExp(`^the proxy ${at(403)} \\(HTTPS_PROXY\\) refused to connect to api\\.stackexchange\\.com \\(HTTP 403\\); ask for api\\.stackexchange\\.com to be allowed through it`));
  });

  test('407: the proxy wants credentials, and those in the proxy URL are never printed', async () => {
    const { failure } = await lookupWith({ HTTPS_PROXY: `http://someone:hunter2@${at(407)}` });
    assert.match(failure?.message ?? '', /\(HTTP 407\); it asks for credentials: put them in the proxy URL/);
    assert.doesNotMatch(failure?.message ?? '', /hunter2|someone/);
  });

  test('a dead proxy (nothing listens) is named, not the API', async () => {
    const { status, failure } = await lookupWith({ HTTPS_PROXY: `http://${dead}` });
    assert.equal(status, 'failed');
    assert.equal(failure?.kind, 'proxy');
    assert.equal(failure?.message, `could not connect to the proxy ${dead} (HTTPS_PROXY) (connection refused) on the way to api.stackexchange.com; check HTTPS_PROXY, or add api.stackexchange.com to NO_PROXY if it can be reached directly`);
  });

  test('lower case wins: https_proxy over HTTPS_PROXY', async () => {
    const { failure } = await lookupWith({ https_proxy: `http://${at(502)}`, HTTPS_PROXY: `http://${dead}` });
    assert.match(failure?.message ?? '', new RegExp(`^the proxy ${at(502)} \\(https_proxy\\) refused`));
  });

  test('ALL_PROXY is used when no HTTPS_PROXY is set; HTTP_PROXY is for http API URLs only', async () => {
    const { failure } = await lookupWith({ ALL_PROXY: `http://${at(502)}` });
    assert.match(failure?.message ?? '', new RegExp(`^the proxy ${at(502)} \\(ALL_PROXY\\) refused`));
    const { failure: notUsed } = await lookupWith({ HTTP_PROXY: `http://${dead}`, ALL_PROXY: `http://${at(403)}` });
    assert.match(notUsed?.message ?? '', new RegExp(`^the proxy ${at(403)} \\(ALL_PROXY\\)`), 'HTTP_PROXY is for http URLs only');
  });
});

describe('an http API (SOET_API_URL) through HTTP_PROXY: forwarding', () => {
  test('the proxy answers 502 itself: named as the way the API could not be reached', async () => {
    const api = await startStandIn(sampleSite([{ question: question(1, 'Cannot read properties of undefined reading map'), answers: [answer(10, 1, '<p>Guard it.</p>')] }]));
    const { failure } = await lookupWith({ SOET_API_URL: api.url, HTTP_PROXY: `http://${at(502)}` });
    const host = new URL(api.url).host;
    assert.equal(failure?.message, `${host} could not be reached through the proxy ${at(502)} (HTTP_PROXY) (HTTP 502); check the proxy, or add ${host} to NO_PROXY if it can be reached directly`);
    assert.equal(api.requests.length, 0);
  });

  test('NO_PROXY lets the API be reached directly: a host, a list, loopback names as one, a range, everything', async () => {
    const api = await startStandIn(sampleSite([{ question: question(1, 'Cannot read properties of undefined reading map'), answers: [answer(10, 1, '<p>Guard it.</p>')] }]));
    for (const noProxy of [{ NO_PROXY: '127.0.0.1' }, { no_proxy: 'example.com, 127.0.0.1' }, { NO_PROXY: 'localhost' }, { NO_PROXY: '127.0.0.0/8' }, { NO_PROXY: '*' }]) {
      const { status } = await lookupWith({ SOET_API_URL: api.url, HTTP_PROXY: `http://${dead}`, ...noProxy });
      assert.equal(status, 'found', JSON.stringify(noProxy));
    }
  });
});
