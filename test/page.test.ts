// The error page over HTTP: negotiation (HTML, JSON, text), status, streaming, one lookup with soet(), masking.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { errorPage, soet } from '../src/index.js';
import { Capture, type ExpressVersion, sleep, standIns, waitFor } from './support/helpers.js';
import { type AppLike, type PageApp, rawRequest, startPageApp } from './support/page.js';
import { type Handler, answer, errorBody, question, sampleSite } from './support/standin.js';
import { THROWN } from './support/values.js';

const startApi = standIns();
const apps: PageApp[] = [];
after(() => Promise.all(apps.map((app) => app.close())));

const SITE = sampleSite([
  {
    question: question(101, 'TypeError: Cannot read properties of undefined (reading &#39;map&#39;)', { accepted_answer_id: 1001 }),
    answers: [answer(1001, 101, '<p>Default the list: <code>items ?? []</code>.</p><p><a href="javascript:alert(1)">unsafe</a></p>', { is_accepted: true })],
  },
  {
    question: question(202, 'Error: connect ECONNREFUSED 127.0.0.1:5432 when connecting to the database', { accepted_answer_id: 2002 }),
    answers: [answer(2002, 202, '<p>Start the database first.</p>', { is_accepted: true })],
  },
]);

function routes(app: AppLike): void {
  app.get('/map', (req: { query: Record<string, unknown> }) => (req.query.items as string[]).map(String));
  app.get('/refused', () => {
    throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
  });
  app.get('/status/:value', (req: { params: { value: string } }) => {
    const value = /^\d+$/.test(req.params.value) ? Number(req.params.value) : req.params.value;
    throw Object.assign(new Error('Not Found here'), { [req.params.value.startsWith('c') ? 'statusCode' : 'status']: value });
  });
  app.get('/code/:status', (req: { params: { status: string } }) => {
    throw Object.assign(new Error('Service offline'), { statusCode: Number(req.params.status) });
  });
  app.get('/headers/:status', (req: { params: { status: string } }) => {
    const headers = { Allow: 'GET, HEAD', 'Retry-After': 120, 'X-Frame-Options': 'ALLOWALL', 'Content-Length': '3', 'Bad Name': 'x', 'X-Evil': 'a\r\nSet-Cookie: x=1' };
    throw Object.assign(new Error('Method not allowed here'), { headers, ...(req.params.status === 'none' ? {} : { status: Number(req.params.status) }) });
  });
  app.get('/thrown/:index', (req: { params: { index: string } }) => {
    throw THROWN[Number(req.params.index)]?.make();
  });
}

async function pageApp(version: ExpressVersion, handler: Handler, extra: Record<string, unknown> = {}, withSoet = false) {
  const api = await startApi(handler);
  const output = new Capture();
  const options = { enabled: true, apiUrl: api.url, cache: false, output, timeoutMs: 1_000, ...extra };
  const app = await startPageApp(version, { routes, handlers: [...(withSoet ? [soet(options)] : []), errorPage(options)] });
  apps.push(app);
  return { app, api, output };
}

const JSON_ACCEPT = { accept: 'application/json' };
const TEXT_ACCEPT = { accept: 'text/plain' };

for (const version of [4, 5] as ExpressVersion[]) {
  describe(`Express ${version}`, () => {
    test('JSON for API clients: the error, the hints, and the answers as text, links and authors', async () => {
      const { app } = await pageApp(version, SITE);
      const response = await rawRequest(app.port, '/map', { headers: JSON_ACCEPT });
      assert.equal(response.status, 500);
      assert.equal(response.headers['content-type'], 'application/json; charset=utf-8');
      const body = JSON.parse(response.body);
      assert.equal(body.error.name, 'TypeError');
      assert.equal(body.error.message, "Cannot read properties of undefined (reading 'map')");
      assert.equal(body.error.status, 500);
      assert.match(body.error.stack, /\n {4}at .*page\.test\.ts:\d+:\d+/);
      assert.deepEqual(body.hints.map((hint: { kind: string }) => hint.kind), ['user-frame']);
      assert.equal(body.help.status, 'found');
      assert.equal(body.help.query, "TypeError Cannot read properties of undefined reading 'map'");
      const [first] = body.help.questions;
      assert.equal(first.title, "TypeError: Cannot read properties of undefined (reading 'map')");
      assert.equal(first.link, 'https://stackoverflow.com/questions/101/typeerror-cannot-read-properties-of-unde');
      assert.deepEqual(first.author, { name: 'Someone', link: 'https://stackoverflow.com/users/1001/someone' });
      assert.equal(first.answer.text, 'Default the list: `items ?? []`.\n\nunsafe');
      assert.equal(first.answer.isAccepted, true);
      assert.equal(first.answer.link, 'https://stackoverflow.com/a/1001');
      assert.deepEqual(first.answer.author, { name: 'An Answerer', link: 'https://stackoverflow.com/users/2002/an-answerer' });
    });

    test('JSON when the API fails: the error still, and help says why in one line', async () => {
      const { app } = await pageApp(version, () => errorBody(502, 'throttle_violation', 'too many requests from this IP, more requests available in 7 seconds'));
      const response = await rawRequest(app.port, '/refused', { headers: JSON_ACCEPT });
      assert.equal(response.status, 500);
      const body = JSON.parse(response.body);
      assert.deepEqual({ name: body.error.name, code: body.error.code }, { name: 'Error', code: 'ECONNREFUSED' });
      assert.equal(body.hints[0].kind, 'system-error');
      assert.equal(body.help.status, 'failed');
      assert.deepEqual(body.help.questions, []);
      assert.match(body.help.message, /throttled/i);
    });

    test('plain text otherwise: the error and stack, then the answers as soet prints them', async () => {
      const { app } = await pageApp(version, SITE);
      const response = await rawRequest(app.port, '/map', { headers: TEXT_ACCEPT });
      assert.equal(response.status, 500);
      assert.equal(response.headers['content-type'], 'text/plain; charset=utf-8');
      assert.match(response.body, /^TypeError: Cannot read properties of undefined \(reading 'map'\)\n {4}at .*page\.test\.ts:\d+:\d+/);
      assert.match(response.body, /\nGET \/map answered 500\n/);
      assert.match(response.body, /\nsoet ▸ TypeError: Cannot read properties of undefined \(reading 'map'\)/);
      assert.match(response.body, / 1\. TypeError: Cannot read properties of undefined \(reading 'map'\)\n.*https:\/\/stackoverflow\.com\/questions\/101\/\S*\n\s+asked by Someone https:\/\/stackoverflow\.com\/users\/1001\/someone · 2020-09-13\n\s+Default the list: `items \?\? \[\]`\.[\s\S]*answered by An Answerer/);
      assert.doesNotMatch(response.body, /\u001b/, 'no colour codes');
    });

    test('plain text when the API fails: one line says so', async () => {
      const { app } = await pageApp(version, () => ({ fault: 'reset' }));
      const response = await rawRequest(app.port, '/map', { headers: { accept: 'image/png' } });
      assert.equal(response.headers['content-type'], 'text/plain; charset=utf-8', 'what is neither HTML nor JSON gets text');
      assert.match(response.body, /^TypeError: Cannot read properties/);
      assert.equal((response.body.match(/no answers for TypeError: Cannot read properties of undefined \(reading 'map'\): /g) ?? []).length, 1);
    });

    test('HTML: a failed or empty lookup is one line on the page', async () => {
      const failing = await pageApp(version, () => ({ status: 503, raw: 'Service Unavailable', encoding: 'identity' }));
      const failed = await rawRequest(failing.app.port, '/map');
      assert.equal(failed.headers['content-type'], 'text/html; charset=utf-8');
      assert.equal((failed.body.match(/<p class="soet-outcome">No answers: [^<]+<\/p>/g) ?? []).length, 1);
      assert.match(failed.body, /<\/html>$/);
      const empty = await pageApp(version, sampleSite([]));
      const none = await rawRequest(empty.app.port, '/map');
      assert.match(none.body, /<p class="soet-outcome">No Stack Overflow results for this error\.<\/p>/);
      assert.doesNotMatch(none.body, /class="soet-question"/);
    });
  });
}

describe('status', () => {
  const cases: [string, number][] = [
    ['/status/404', 404],
    ['/status/418', 418],
    ['/status/c503', 500],
    ['/code/503', 503],
    ['/code/200', 500],
    ['/code/700', 500],
    ['/status/notanumber', 500],
    ['/map', 500],
  ];
  for (const [route, status] of cases) {
    test(`${route} answers ${status}, in HTML and JSON`, async () => {
      const { app } = await pageApp(5, sampleSite([]));
      assert.equal((await rawRequest(app.port, route)).status, status);
      const json = await rawRequest(app.port, route, { headers: JSON_ACCEPT });
      assert.equal(json.status, status);
      assert.equal(JSON.parse(json.body).error.status, status);
    });
  }
});

test("err.headers are set as Express sets them (with the error's own status only); the page's own headers win", async () => {
  const { app } = await pageApp(5, sampleSite([]));
  for (const headers of [{}, JSON_ACCEPT, TEXT_ACCEPT]) {
    const response = await rawRequest(app.port, '/headers/405', { headers });
    assert.equal(response.status, 405);
    assert.equal(response.headers.allow, 'GET, HEAD');
    assert.equal(response.headers['retry-after'], '120');
    assert.equal(response.headers['x-frame-options'], 'DENY', 'the page stays unframeable');
    assert.notEqual(response.headers['content-length'], '3', 'content headers would misdescribe the page');
    assert.equal(response.headers['x-evil'], undefined, 'a value Node refuses is skipped');
    assert.equal(response.headers['set-cookie'], undefined);
    assert.match(response.body, /Method not allowed here/);
  }
  const withoutStatus = await rawRequest(app.port, '/headers/none');
  assert.equal(withoutStatus.status, 500);
  assert.equal(withoutStatus.headers.allow, undefined, "Express applies err.headers only with the error's own status");
});

test('every kind of thrown value gets a page and a JSON answer, and nothing crashes', async () => {
  const { app } = await pageApp(5, sampleSite([]));
  for (const [index, thrown] of THROWN.entries()) {
    const page = await rawRequest(app.port, `/thrown/${index}`);
    assert.equal(page.status, 500, thrown.label);
    assert.match(page.body, /<h1 class="soet-message">[^<]*<\/h1>[\s\S]*<\/html>$/, thrown.label);
    const json = JSON.parse((await rawRequest(app.port, `/thrown/${index}`, { headers: JSON_ACCEPT })).body);
    assert.equal(typeof json.error.message, 'string', thrown.label);
    assert.ok(['found', 'none', 'skipped', 'failed'].includes(json.help.status), thrown.label);
  }
});

test('the first byte does not wait for the lookup (HTML and text)', async () => {
  let release = (): void => undefined;
  const open = new Promise<void>((resolve) => (release = resolve));
  const { app, api } = await pageApp(5, async (request) => (await open, SITE(request)), { timeoutMs: 10_000 });
  const timer = setTimeout(release, 2_000);
  try {
    const [html, text] = await Promise.all([rawRequest(app.port, '/map'), rawRequest(app.port, '/map', { headers: TEXT_ACCEPT })]);
    for (const response of [html, text]) {
      assert.ok(response.firstByteMs < 1_000, `first byte after ${Math.round(response.firstByteMs)} ms, while the API held its answer 2 s`);
      assert.ok(response.headersMs < 1_000);
    }
    assert.ok(html.body.indexOf('<h1') < html.body.indexOf('id="soet-answers"'), 'the error comes before the answers');
    assert.match(html.body, /class="soet-question"/, 'and the answers came in the same response');
    assert.equal(api.calls('search/advanced').length, 1, 'two requests for one error at once share one lookup');
  } finally {
    clearTimeout(timer);
    release();
  }
});

test('HEAD gets the status and headers only, and no lookup', async () => {
  const { app, api } = await pageApp(5, SITE);
  const response = await rawRequest(app.port, '/map', { method: 'HEAD' });
  assert.equal(response.status, 500);
  assert.equal(response.headers['content-type'], 'text/html; charset=utf-8');
  assert.equal(response.body, '');
  await sleep(100);
  assert.equal(api.requests.length, 0);
});

test('the HTML page is inert by its headers: CSP with a nonce, no caching, no framing, no referrer', async () => {
  const { app } = await pageApp(5, SITE);
  const response = await rawRequest(app.port, '/map');
  const csp = String(response.headers['content-security-policy']);
  const nonce = /script-src 'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
  assert.ok(nonce && nonce.length >= 24, csp);
  assert.match(csp, /^default-src 'none'; /);
  assert.match(csp, /style-src 'nonce-[^']+'; img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'$/);
  assert.equal((response.body.match(new RegExp(`nonce="${nonce.replace(/[+/=]/g, '\\$&')}"`, 'g')) ?? []).length, 2, 'the one style and the one script carry it');
  assert.equal((response.body.match(/<script\b/g) ?? []).length, 1);
  assert.doesNotMatch(response.body, /\b(?:src|href)="(?:https?:)?\/\/(?!stackoverflow\.com|nodejs\.org)/, 'nothing from elsewhere');
  assert.equal(response.headers['cache-control'], 'no-store');
  assert.equal(response.headers['x-content-type-options'], 'nosniff');
  assert.equal(response.headers['x-frame-options'], 'DENY');
  assert.equal(response.headers['referrer-policy'], 'no-referrer');
  const again = await rawRequest(app.port, '/map');
  assert.notEqual(/nonce-([^']+)/.exec(String(again.headers['content-security-policy']))?.[1], nonce, 'a fresh nonce each time');
});

describe('one lookup for soet() and errorPage() together', () => {
  test('the terminal block and the page come from the same two API calls', async () => {
    const { app, api, output } = await pageApp(5, SITE, {}, true);
    const page = await rawRequest(app.port, '/map');
    assert.match(page.body, /class="soet-question"/);
    await waitFor(() => output.text.includes('soet ▸ TypeError'), 5_000, 'the terminal block');
    assert.deepEqual(api.requests.map((request) => request.apiMethod), ['search/advanced', 'questions/answers']);
  });

  test('also when DEBUG=soet:query traces the queries', async () => {
    const previous = process.env.DEBUG;
    process.env.DEBUG = 'soet:query';
    let setup: Awaited<ReturnType<typeof pageApp>>;
    try {
      setup = await pageApp(5, SITE, { enabled: undefined }, true);
    } finally {
      if (previous === undefined) delete process.env.DEBUG;
      else process.env.DEBUG = previous;
    }
    const page = await rawRequest(setup.app.port, '/refused');
    assert.match(page.body, /Start the database first\./);
    await waitFor(() => setup.output.text.includes('soet ▸ Error'), 5_000, 'the terminal block');
    assert.match(setup.output.text, /soet:query GET \/search\/advanced q="connect ECONNREFUSED 127\.0\.0\.1:5432"/);
    assert.deepEqual(setup.api.requests.map((request) => request.apiMethod), ['search/advanced', 'questions/answers']);
  });

  test('with the cache on, the same error again costs no call for either', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'soet-page-'));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const { app, api } = await pageApp(5, SITE, { cache: true, cacheDir: dir }, true);
    for (let i = 0; i < 3; i += 1) assert.match((await rawRequest(app.port, '/map')).body, /class="soet-question"/);
    assert.equal(api.requests.length, 2);
  });
});

test('the request is shown with cookies, credentials and secret-looking values masked', async () => {
  const { app } = await pageApp(5, SITE, { redact: [/ACME-\d+/] });
  const secrets = ['s%3AabcSESSION123', 'ghp_0123456789abcdefghijABCDEFGHIJ0123', 'k_live_83hf7sdf9', 'reset-token-9f8e7d', 'jane.doe@example.com', 'ACME-4417', 'hunter2'];
  const response = await rawRequest(app.port, `/map?token=${secrets[3]}&email=${encodeURIComponent(secrets[4] ?? '')}&page=2&sort=name`, {
    headers: {
      cookie: `connect.sid=${secrets[0]}; theme=dark`,
      authorization: 'Basic YWxhZGRpbjpvcGVuc2VzYW1l',
      'x-github-token': secrets[1] ?? '',
      'x-api-key': secrets[2] ?? '',
      'x-tenant': secrets[5] ?? '',
      'x-db-password': secrets[6] ?? '',
      'x-trace': 'plain words',
    },
  });
  const request = /<section class="soet-card soet-request"[\s\S]*?<\/section>/.exec(response.body)?.[0] ?? '';
  for (const secret of [...secrets, 'YWxhZGRpbjpvcGVuc2VzYW1l']) assert.ok(!response.body.includes(secret), `${secret} never reaches the page`);
  const shown = (name: string): string | undefined => new RegExp(`<dt>${name}</dt><dd>(.*?)</dd>`).exec(request)?.[1];
  for (const name of ['cookie', 'authorization', 'x-github-token', 'x-api-key', 'x-tenant', 'x-db-password', 'token', 'email']) {
    assert.equal(shown(name), '<span class="soet-masked">masked</span>', name);
  }
  assert.equal(shown('page'), '2');
  assert.equal(shown('sort'), 'name');
  assert.equal(shown('x-trace'), 'plain words');
  assert.equal(shown('accept'), 'text/html');
  assert.match(request, /<code>GET \/map\?token=•••&amp;email=•••&amp;page=2&amp;sort=name<\/code>/);
});

describe('the stack, the cause chain and the editor links', () => {
  test('the app’s frames are marked and linked; runs of package and Node frames are folded', async () => {
    for (const version of [4, 5] as ExpressVersion[]) {
      const { app } = await pageApp(version, sampleSite([]));
      const { body } = await rawRequest(app.port, '/map');
      const stack = /<section class="soet-card soet-stack"[\s\S]*?<\/section>/.exec(body)?.[0] ?? '';
      assert.match(stack, /^<section[^>]*><h2>Stack<\/h2><ol class="soet-frames"><li class="soet-frame soet-frame-app"><span class="soet-frame-fn">[^<]*<\/span><span class="soet-frame-at"><a href="vscode:\/\/file\/[^"]*\/test\/page\.test\.ts:\d+:\d+">test\/page\.test\.ts:\d+:\d+<\/a><\/span><\/li><li><details class="soet-fold"><summary>\d+ frames in [^<]+<\/summary>/);
      assert.match(stack, new RegExp(`<summary>\\d+ frames in ${version === 4 ? 'express' : 'router'}`));
      assert.doesNotMatch(stack.replace(/<details[\s\S]*?<\/details>/g, ''), /node_modules/, 'every package frame is inside a fold');
    }
  });

  test('the cause chain, each with where it was thrown; JSON has it too', async () => {
    const api = await startApi(sampleSite([]));
    const options = { enabled: true, apiUrl: api.url, cache: false, editor: 'cursor' } as const;
    const app = await startPageApp(5, {
      routes: (express) =>
        express.get('/wrapped', () => {
          const root = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
          const middle = new Error('Database unavailable', { cause: root });
          throw new Error('Could not load orders', { cause: middle });
        }),
      handlers: [errorPage(options)],
    });
    apps.push(app);
    const { body } = await rawRequest(app.port, '/wrapped');
    const causes = /<section class="soet-card soet-causes"[\s\S]*?<\/section>/.exec(body)?.[0] ?? '';
    assert.match(causes, /<li><p><span class="soet-cause-name">Error<\/span>: Database unavailable<\/p><p class="soet-muted">at <a href="cursor:\/\/file\/[^"]+\/test\/page\.test\.ts:\d+:\d+">test\/page\.test\.ts:\d+:\d+<\/a><\/p><\/li>/);
    assert.match(causes, /<span class="soet-cause-name">Error<\/span> <code>ECONNREFUSED<\/code>: connect ECONNREFUSED 127\.0\.0\.1:5432<\/p>/);
    assert.match(body, /<p class="soet-name">Error<code>ECONNREFUSED<\/code><\/p>/, 'the code of a cause names the error, as soet reads it');
    const json = JSON.parse((await rawRequest(app.port, '/wrapped', { headers: JSON_ACCEPT })).body);
    assert.deepEqual(json.error.causes, [
      { name: 'Error', message: 'Database unavailable' },
      { name: 'Error', message: 'connect ECONNREFUSED 127.0.0.1:5432', code: 'ECONNREFUSED' },
    ]);
  });

  test('editor: false shows places as text, with no links', async () => {
    const { app } = await pageApp(5, sampleSite([]), { editor: false });
    const { body } = await rawRequest(app.port, '/map');
    assert.doesNotMatch(body, /href="vscode:/);
    assert.match(body, /<p class="soet-where">thrown at <code>test\/page\.test\.ts:\d+:\d+<\/code><\/p>/);
  });
});
