// The error page's parts on their own: options, who may see it, the answer sanitiser, the code frame, editor links.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { errorPage } from '../src/index.js';
import { resolvePageSettings } from '../src/page/options.js';
import { accessCheck } from '../src/page/access.js';
import { inlineCode, markdownLink } from '../src/page/components/markdown.js';
import { editorLink } from '../src/page/editor.js';
import { html } from '../src/page/markup.js';
import { requestView } from '../src/page/request.js';
import { answerSanitizer } from '../src/page/sanitize.js';
import { codeExcerpt } from '../src/page/source.js';
import { ROOT, cleanEnv, run } from './support/helpers.js';

describe('options', () => {
  const on = { DEBUG: 'soet' };

  test('are soet()’s plus the page’s own, checked the same way', () => {
    assert.throws(() => errorPage({ editr: 'cursor' } as never), (error: Error) => error instanceof TypeError && /unknown option `editr`\. Did you mean `editor`\?/.test(error.message));
    assert.throws(() => errorPage({ results: 0 }), (error: Error) => error instanceof RangeError && /`results` must be an integer from 1 to 10, received 0/.test(error.message));
    assert.throws(() => errorPage('vscode' as never), (error: Error) => error instanceof TypeError && /Call errorPage\(\) or errorPage\(\{ editor: 'cursor' \}\)/.test(error.message));
    // One options object serves both: soet()'s output and repeats are accepted (and unused by the page).
    assert.doesNotThrow(() => errorPage({ enabled: false, output: process.stderr, repeats: 'full' }));
  });

  test('editor: a name, a URL template, or none', () => {
    assert.equal(resolvePageSettings({ editor: 'cursor' }, on).editor, 'cursor://file{file}:{line}:{column}');
    assert.equal(resolvePageSettings({}, on).editor, 'vscode://file{file}:{line}:{column}', 'vscode by default');
    assert.equal(resolvePageSettings({}, { ...on, SOET_EDITOR: 'WebStorm' }).editor, 'webstorm://open?file={file}&line={line}&column={column}');
    assert.equal(resolvePageSettings({}, { ...on, SOET_EDITOR: 'none' }).editor, null);
    assert.equal(resolvePageSettings({ editor: false }, on).editor, null);
    assert.equal(resolvePageSettings({ editor: 'myeditor://open?path={file}&l={line}' }, on).editor, 'myeditor://open?path={file}&l={line}');
    assert.equal(resolvePageSettings({ editor: 'zed://file{file}:{line}:{column}' }, on).editor, 'zed://file{file}:{line}:{column}', 'the README’s example');
    assert.equal(resolvePageSettings({}, { SOET_EDITOR: 'javascript:{file}' }).editor, 'vscode://file{file}:{line}:{column}', 'the environment is not read when off');
    for (const bad of ['javascript:alert({file})', 'data:text/html,{file}', 'notepad', 'vscode://file/no-placeholder']) {
      assert.throws(() => resolvePageSettings({ editor: bad }, on), (error: Error) => error instanceof RangeError && error.message.includes('`editor` must be one of vscode, cursor, webstorm, idea, sublime'), bad);
    }
    assert.throws(() => resolvePageSettings({}, { ...on, SOET_EDITOR: 'javascript:{file}' }), /SOET_EDITOR must be one of/);
    assert.throws(() => resolvePageSettings({ editor: 3 as never }, on), TypeError);
  });

  test('allowedHosts: addresses, ranges and names; anything else is named in the error', () => {
    assert.deepEqual(resolvePageSettings({ allowedHosts: ['192.168.1.20', '10.0.0.0/8', '[FD00::2]', 'MyApp.test', '.dev.test'] }, on).allowedHosts, ['192.168.1.20', '10.0.0.0/8', 'fd00::2', 'myapp.test', '.dev.test']);
    assert.deepEqual(resolvePageSettings({}, { ...on, SOET_ALLOWED_HOSTS: '192.168.1.20, myapp.test' }).allowedHosts, ['192.168.1.20', 'myapp.test']);
    for (const bad of [['10.0.0.0/33'], ['http://myapp.test'], ['my app'], [''], '10.0.0.1/8/2']) {
      assert.throws(() => resolvePageSettings({ allowedHosts: bad }, on), (error: Error) => error instanceof TypeError && /`allowedHosts` must be a list of client addresses/.test(error.message), String(bad));
    }
  });

  test('production turns the page off even when enabled: true (soet() itself may still run)', () => {
    assert.equal(resolvePageSettings({ enabled: true }, { NODE_ENV: 'production' }).enabled, false);
    assert.equal(resolvePageSettings({}, { DEBUG: 'soet', NODE_ENV: ' Production ' }).enabled, false);
    assert.equal(resolvePageSettings({}, { DEBUG: 'soet' }).enabled, true);
    assert.equal(resolvePageSettings({ enabled: false }, { DEBUG: 'soet' }).enabled, false);
    assert.equal(resolvePageSettings({}, {}).enabled, false);
  });

  test('app.use(errorPage) by mistake throws a TypeError that shows app.use(errorPage())', () => {
    const asMiddleware = errorPage as unknown as (req: object, res: object, next: () => void) => void;
    assert.throws(() => asMiddleware({ method: 'GET', headers: {}, url: '/' }, {}, () => undefined), (error: Error) => error instanceof TypeError && error.message.includes('app.use(errorPage())'));
  });

  test('the handler is a named four-parameter function, as Express needs for error handlers', () => {
    for (const handler of [errorPage({ enabled: true }), errorPage({ enabled: false })]) {
      assert.equal(handler.name, 'soetErrorPage');
      assert.equal(handler.length, 4);
    }
  });
});

describe('who may see the page', () => {
  const request = (remoteAddress: string | undefined, headers: Record<string, string> = { host: 'localhost:3000' }, ip?: string) => ({ headers, socket: { remoteAddress }, ...(ip ? { ip } : {}) });
  const cases: [string, Parameters<typeof accessCheck>[0], ReturnType<typeof request>, boolean][] = [
    ['IPv4 loopback', { allowedHosts: [], trustProxy: false }, request('127.0.0.1'), true],
    ['another 127/8 address', { allowedHosts: [], trustProxy: false }, request('127.20.0.9'), true],
    ['IPv6 loopback', { allowedHosts: [], trustProxy: false }, request('::1', { host: '[::1]:3000' }), true],
    ['IPv4-mapped loopback', { allowedHosts: [], trustProxy: false }, request('::ffff:127.0.0.1', { host: '127.0.0.1:3000' }), true],
    ['a LAN address', { allowedHosts: [], trustProxy: false }, request('192.168.1.20'), false],
    ['an IPv4-mapped LAN address', { allowedHosts: [], trustProxy: false }, request('::ffff:192.168.1.20'), false],
    ['no address (socket gone)', { allowedHosts: [], trustProxy: false }, request(undefined), false],
    ['a LAN address that is allowed', { allowedHosts: ['192.168.1.20'], trustProxy: false }, request('::ffff:192.168.1.20', { host: '192.168.1.5:3000' }), true],
    ['a LAN range that is allowed', { allowedHosts: ['192.168.1.0/24'], trustProxy: false }, request('192.168.1.77', { host: '192.168.1.5:3000' }), true],
    ['outside the allowed range', { allowedHosts: ['192.168.1.0/24'], trustProxy: false }, request('192.168.2.77'), false],
    ['an IPv6 range', { allowedHosts: ['fd00::/64'], trustProxy: false }, request('fd00::2', { host: '[fd00::1]:3000' }), true],
    ['a *.localhost name', { allowedHosts: [], trustProxy: false }, request('127.0.0.1', { host: 'shop.localhost:5173' }), true],
    ['LOCALHOST. (case, trailing dot)', { allowedHosts: [], trustProxy: false }, request('127.0.0.1', { host: 'LOCALHOST.:3000' }), true],
    ['a name rebound to 127.0.0.1', { allowedHosts: [], trustProxy: false }, request('127.0.0.1', { host: 'attacker.example' }), false],
    ['localhost.attacker.example', { allowedHosts: [], trustProxy: false }, request('127.0.0.1', { host: 'localhost.attacker.example' }), false],
    ['an allowed name', { allowedHosts: ['myapp.test'], trustProxy: false }, request('127.0.0.1', { host: 'myapp.test:8080' }), true],
    ['a subdomain of an allowed name without the dot', { allowedHosts: ['myapp.test'], trustProxy: false }, request('127.0.0.1', { host: 'api.myapp.test' }), false],
    ['an allowed suffix', { allowedHosts: ['.myapp.test'], trustProxy: false }, request('127.0.0.1', { host: 'api.myapp.test' }), true],
    ['no Host header (not a browser)', { allowedHosts: [], trustProxy: false }, request('127.0.0.1', {}), true],
    ['X-Forwarded-For from loopback', { allowedHosts: [], trustProxy: false }, request('127.0.0.1', { host: 'localhost', 'x-forwarded-for': '127.0.0.1' }), false],
    ['X-Real-IP from loopback', { allowedHosts: [], trustProxy: false }, request('127.0.0.1', { host: 'localhost', 'x-real-ip': '127.0.0.1' }), false],
    ['trusted proxy, remote client', { allowedHosts: [], trustProxy: true }, request('127.0.0.1', { host: 'localhost', 'x-forwarded-for': '203.0.113.7' }, '203.0.113.7'), false],
    ['trusted proxy, local client', { allowedHosts: [], trustProxy: true }, request('127.0.0.1', { host: 'localhost', 'x-forwarded-for': '127.0.0.1' }, '127.0.0.1'), true],
  ];
  for (const [label, settings, req, expected] of cases) {
    test(`${label}: ${expected ? 'shown' : 'passed on'}`, () => assert.equal(accessCheck(settings)(req), expected));
  }
});

describe('the answer sanitiser', () => {
  const base = 'https://stackoverflow.com/questions/1/x';
  const cases: [string, string, string][] = [
    ['keeps structure and code', '<h2>Fix</h2><p>Use <code>a &lt; b</code>:</p><pre><code>x();</code></pre><ul><li>one</li></ul><blockquote>q</blockquote>', '<h2>Fix</h2><p>Use <code>a &lt; b</code>:</p><pre><code>x();</code></pre><ul><li>one</li></ul><blockquote>q</blockquote>'],
    ['drops scripts whole', '<p>a</p><script>alert(1)</script><p>b</p>', '<p>a</p><p>b</p>'],
    ['drops event handlers, styles, classes and ids', '<p onclick="x()" style="color:red" class="soet-card" id="soet-copy">t</p>', '<p>t</p>'],
    ['turns images into their description', '<img src="https://evil.example/x.png" alt="a diagram" onerror="x()">', '<em>[image: a diagram]</em>'],
    ['keeps network links, with rel and a new tab', '<a href="https://superuser.com/q/2" title="t">s</a>', '<a href="https://superuser.com/q/2" rel="noopener noreferrer" target="_blank">s</a>'],
    ['resolves relative links against the question', '<a href="/a/5">answer</a>', '<a href="https://stackoverflow.com/a/5" rel="noopener noreferrer" target="_blank">answer</a>'],
    ['keeps only the text of other links', '<a href="javascript:alert(1)">j</a><a href="https://evil.example/">e</a><a href="http://stackoverflow.com/q/1">h</a><a href="//evil.example">p</a>', '<span>j</span><span>e</span><span>h</span><span>p</span>'],
    ['drops iframes, forms, SVG, MathML, objects and media', '<iframe src="x">i</iframe><form action="x"><input></form><svg><script>a</script></svg><math><mi>x</mi></math><object data="x"></object><video src="x"></video>', ''],
    ['drops meta, link, base and style', '<meta http-equiv="refresh" content="0;url=https://evil.example/"><link rel="stylesheet" href="x"><base href="x"><style>*{}</style>', ''],
    ['drops bidirectional overrides and control characters', '<p>if (isAdmin\u202e) {\u0007}</p>', '<p>if (isAdmin) {}</p>'],
  ];
  for (const [label, input, expected] of cases) {
    test(label, async () => assert.equal((await answerSanitizer())(input, base).value, expected));
  }

  test('cuts a huge answer and says so', async () => {
    const out = (await answerSanitizer())(`<p>${'word '.repeat(40_000)}</p>`, base).value;
    assert.ok(out.length < 110_000);
    assert.match(out, /the rest of this answer is on Stack Overflow\.<\/em><\/p>$/);
  });
});

describe('the code frame', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'soet-frame-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const here = path.join(ROOT, 'test', 'page-parts.test.ts');

  test('shows the lines around a frame in a file under the working directory', async () => {
    const excerpt = await codeExcerpt({ file: here, line: 10, column: 3 }, ROOT);
    assert.equal(excerpt?.file, path.join('test', 'page-parts.test.ts'));
    assert.deepEqual(excerpt?.lines.map((line) => line.number), [6, 7, 8, 9, 10, 11, 12, 13, 14]);
    assert.equal(excerpt?.lines[4]?.text, fs.readFileSync(here, 'utf8').split('\n')[9]);
  });

  test('shows nothing outside the working directory, through a link, too large, or past the end', async () => {
    const outside = path.join(dir, 'secret.js');
    fs.writeFileSync(outside, 'const key = "outside";\n');
    assert.equal(await codeExcerpt({ file: outside, line: 1, column: 1 }, ROOT), undefined);
    const link = path.join(ROOT, 'test-results', `link-${process.pid}.js`);
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(outside, link);
    try {
      assert.equal(await codeExcerpt({ file: link, line: 1, column: 1 }, ROOT), undefined);
    } finally {
      fs.unlinkSync(link);
    }
    assert.equal(await codeExcerpt({ file: path.join(ROOT, '..', 'elsewhere.js'), line: 1, column: 1 }, ROOT), undefined);
    assert.equal(await codeExcerpt({ file: 'node:internal/process', line: 1, column: 1 }, ROOT), undefined);
    assert.equal(await codeExcerpt({ file: here, line: 100_000, column: 1 }, ROOT), undefined);
    const big = path.join(dir, 'bundle.js');
    fs.writeFileSync(big, 'x'.repeat(3 * 1024 * 1024));
    assert.equal(await codeExcerpt({ file: big, line: 1, column: 1 }, dir), undefined);
  });
});

describe('editor links', () => {
  const frame = { file: '/home/ana/my app/src/routes#1.ts', line: 12, column: 5 };
  test('fill the template with the encoded path, line and column', () => {
    assert.equal(editorLink('vscode://file{file}:{line}:{column}', frame), 'vscode://file/home/ana/my%20app/src/routes%231.ts:12:5');
    assert.equal(editorLink('webstorm://open?file={file}&line={line}', frame), 'webstorm://open?file=/home/ana/my%20app/src/routes%231.ts&line=12');
    assert.equal(editorLink('vscode://file{file}:{line}:{column}', { file: 'C:\\app\\src\\a.ts', line: 1, column: 2 }), 'vscode://file/C:/app/src/a.ts:1:2');
  });
  test('none for no template and for Node’s own frames', () => {
    assert.equal(editorLink(null, frame), undefined);
    assert.equal(editorLink('vscode://file{file}', { file: 'node:internal/timers', line: 1, column: 1 }), undefined);
  });
});

describe('the HTML and Markdown borders', () => {
  test('html`` escapes every value, drops controls and bidirectional overrides, keeps markup it built', () => {
    const inner = html`<b>${'<i>'}</b>`;
    assert.equal(html`<p title="${'"><script>'}">${'a & b\u202e\u0000'}${inner}${['x', 1, null, false, undefined]}</p>`.value, '<p title="&quot;&gt;&lt;script&gt;">a &amp; b<b>&lt;i&gt;</b>x1</p>');
  });
  test('Markdown code and links cannot be broken out of', () => {
    assert.equal(inlineCode('a `b` c'), '``a `b` c``');
    assert.equal(inlineCode('`edge`'), '`` `edge` ``');
    assert.equal(markdownLink('see [this] (or that)', 'https://stackoverflow.com/q/1 (x)'), '[see \\[this\\] (or that)](https://stackoverflow.com/q/1%20%28x%29)');
  });
});

describe('the request view', () => {
  test('masks by name and by value, with the app’s own rules, and keeps the rest', () => {
    const view = requestView(
      { method: 'post', originalUrl: '/api/orders/eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig?api_key=k1&page=3', headers: { cookie: 'a=b', 'x-client': 'ACME-7', 'content-type': 'application/json', 'set-cookie': ['a=1', 'b=2'] } },
      [/ACME-\d+/],
    );
    assert.equal(view.method, 'POST');
    assert.equal(view.url, '/api/orders/•••?api_key=•••&page=3');
    assert.deepEqual(view.query, [{ name: 'api_key', value: '', masked: true }, { name: 'page', value: '3', masked: false }]);
    assert.deepEqual(view.headers.map((field) => [field.name, field.masked]), [['cookie', true], ['x-client', true], ['content-type', false], ['set-cookie', true]]);
  });

  test('an app rule that throws masks rather than shows', () => {
    const view = requestView({ url: '/x?q=1', headers: { 'x-a': 'b' } }, [() => { throw new Error('rule broke'); }]);
    assert.ok(view.headers.every((field) => field.masked) && view.query.every((field) => field.masked));
  });
});

describe('both builds (npm test builds dist/ first)', () => {
  for (const build of ['index.js', 'index.cjs']) {
    test(`dist/${build}: importing soet loads no sanitiser; the page loads it and sanitises with it`, async () => {
      const file = path.join(ROOT, 'dist', build);
      assert.ok(fs.existsSync(file), 'dist/ is missing: run `npm run build` first (npm test does)');
      const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
      const result = await run(tsx, [path.join(ROOT, 'test', 'fixtures', 'page-build.ts'), file], { env: cleanEnv() });
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(JSON.parse(result.stdout), { loadedOnImport: false, answerBody: '<p>Answer <b>text</b></p>', loadedAfterPage: true });
    });
  }
});
