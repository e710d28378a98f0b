// The error page in a real browser: the error at once, the answers when they come, hostile answers inert, any screen.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { errorPage, soet } from '../src/index.js';
import { Capture, type ExpressVersion, standIns, waitFor } from './support/helpers.js';
import { ARTIFACTS, type AppLike, type PageApp, launchChromium, startPageApp } from './support/page.js';
import { type Handler, answer, question, sampleSite, wrapper } from './support/standin.js';

// The few DOM names the in-page checks use: this project's TypeScript has no DOM library, and adding
// it for one file would change the types of every other one (timers, fetch).
interface DomElement {
  readonly id: string;
  readonly tagName: string;
  readonly className: string;
  readonly classList: ArrayLike<string>;
  readonly textContent: string | null;
  readonly children: ArrayLike<DomElement>;
  readonly attributes: ArrayLike<{ readonly name: string }>;
  getAttribute(name: string): string | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  closest(selector: string): DomElement | null;
  getBoundingClientRect(): { readonly left: number; readonly right: number };
}
declare const document: {
  readonly body: DomElement;
  readonly documentElement: { readonly scrollWidth: number };
  readonly scripts: ArrayLike<DomElement>;
  getElementById(id: string): DomElement | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
};
declare const window: { readonly innerWidth: number };
declare const navigator: { readonly clipboard: { readText(): Promise<string> } };
declare function getComputedStyle(element: DomElement): { readonly display: string; readonly backgroundColor: string; readonly color: string };

const startApi = standIns();
let browser: Browser;
const apps: PageApp[] = [];

before(async () => {
  browser = await launchChromium();
  fs.mkdirSync(ARTIFACTS, { recursive: true });
});
after(async () => {
  await Promise.all(apps.map((app) => app.close()));
  await browser.close();
});

const MAP_SITE = sampleSite([
  {
    question: question(101, 'TypeError: Cannot read properties of undefined (reading &#39;map&#39;)', { accepted_answer_id: 1001, score: 412 }),
    answers: [
      answer(1001, 101, '<p>The array is <code>undefined</code> when the request has no <code>items</code>. Default it:</p><pre><code>const items = req.query.items ?? [];\nres.json(items.map(String));</code></pre><p>See <a href="/questions/2">the related question</a>.</p>', {
        is_accepted: true,
        score: 233,
        last_edit_date: 1_650_000_000,
      }),
    ],
  },
]);

/** A route with a real bug: `items` is undefined when the query has none. */
function mapRoute(app: AppLike): void {
  app.get('/users', (req: { query: Record<string, unknown> }, res: { json: (body: unknown) => void }) => {
    const items = req.query.items as string[];
    res.json(items.map(String));
  });
}

/** Holds every API request until `release()`: what the page shows while the lookup is still running. */
function gated(handler: Handler): { handler: Handler; release: () => void } {
  let release = (): void => undefined;
  const open = new Promise<void>((resolve) => (release = resolve));
  return { handler: async (request) => (await open, handler(request)), release };
}

async function pageApp(version: ExpressVersion, routes: (app: AppLike) => void, handler: Handler, output = new Capture()): Promise<PageApp & { api: Awaited<ReturnType<typeof startApi>> }> {
  const api = await startApi(handler);
  const options = { enabled: true, apiUrl: api.url, cache: false, output } as const;
  const app = await startPageApp(version, { routes, handlers: [soet(options), errorPage(options)] });
  apps.push(app);
  return Object.assign(app, { api });
}

interface Watched {
  readonly dialogs: string[];
  readonly requests: string[];
  readonly console: string[];
  readonly errors: string[];
}

/** Records everything a page does that it should not: dialogs, requests, console messages, script errors. */
function watch(page: Page): Watched {
  const seen: Watched = { dialogs: [], requests: [], console: [], errors: [] };
  page.on('dialog', (dialog) => {
    seen.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('request', (request) => void seen.requests.push(request.url()));
  page.on('console', (message) => {
    // Chromium logs the error page's own status (500) as a failed load of the document: that one is expected.
    const ownStatus = /^Failed to load resource: the server responded with a status of 5\d\d/.test(message.text()) && message.location().url === page.url();
    if (!ownStatus) seen.console.push(`${message.type()}: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => void seen.errors.push(error.message));
  return seen;
}

async function newPage(options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext(options);
  return context.newPage();
}

const shot = (name: string): string => path.join(ARTIFACTS, `page-${name}.png`);

for (const version of [4, 5] as ExpressVersion[]) {
  describe(`Express ${version}`, () => {
    test('the error shows at once; the answers appear in the same page when the stand-in answers', async () => {
      const gate = gated(MAP_SITE);
      const output = new Capture();
      const app = await pageApp(version, mapRoute, gate.handler, output);
      const page = await newPage();
      const seen = watch(page);
      try {
        await page.goto(`${app.url}/users`, { waitUntil: 'commit' });
        await page.locator('h1').waitFor();
        // The lookup has started and is held: everything visible now came before any answer.
        await waitFor(() => app.api.calls('search/advanced').length === 1, 5_000, 'the search to reach the stand-in');
        assert.equal(await page.locator('h1').textContent(), "Cannot read properties of undefined (reading 'map')");
        assert.equal(await page.locator('.soet-name').textContent(), 'TypeError');
        assert.equal(await page.locator('.soet-status').textContent(), '500');
        assert.match((await page.locator('#soet-answers-slot').textContent()) ?? '', /Looking up TypeError Cannot read properties of undefined reading 'map' on Stack Overflow/);
        // The code frame is read from disk and may arrive a moment after the header: wait for it, answers still held.
        await page.locator('.soet-line-error').waitFor({ timeout: 5_000 });
        assert.equal(await page.locator('.soet-line-error').count(), 1, 'the code frame is there before the answers');
        assert.equal(await page.locator('#soet-answers').count(), 0, 'no answers before the API answered');
        assert.match((await page.locator('.soet-where a').getAttribute('href')) ?? '', /^vscode:\/\/file\/.*\/test\/page-browser\.test\.ts:\d+:\d+$/);
        await page.screenshot({ path: shot(`express${version}-waiting`) });

        gate.release();
        await page.locator('#soet-answers .soet-question').waitFor();
        await page.waitForLoadState('load');
        // The answers took the slot's place: right after the header, before the code frame.
        const order = await page.evaluate(() => Array.from(document.querySelector('main')?.children ?? []).map((element) => element.id || element.classList[1] || element.tagName));
        assert.deepEqual(order.slice(0, 3), ['soet-header', 'soet-answers', 'soet-code']);
        const question = page.locator('.soet-question');
        assert.equal(await question.locator('h3 a').getAttribute('href'), 'https://stackoverflow.com/questions/101/typeerror-cannot-read-properties-of-unde');
        assert.equal(await question.locator('h3 a').getAttribute('rel'), 'noopener noreferrer');
        assert.match((await question.locator('.soet-answer-body').textContent()) ?? '', /const items = req\.query\.items \?\? \[\];/);
        assert.equal(await question.locator('.soet-answer-body a').getAttribute('href'), 'https://stackoverflow.com/questions/2', 'a relative link resolves to the question’s site');
        assert.equal(await question.locator('.soet-answer .soet-accepted').textContent(), '✓ Accepted');
        assert.match((await question.locator('.soet-answer .soet-byline').textContent()) ?? '', /^answered by An Answerer on 2020-09-13, edited 2022-04-15$/);
        assert.equal(await question.locator('.soet-answer .soet-byline a').getAttribute('href'), 'https://stackoverflow.com/users/2002/an-answerer');
        assert.match((await page.locator('.soet-licence').textContent()) ?? '', /CC BY-SA/);
        await page.screenshot({ path: shot(`express${version}-answers`), fullPage: true });

        // The terminal block printed too, from the same single lookup.
        await waitFor(() => output.text.includes('soet ▸ TypeError'), 5_000, 'the terminal block');
        assert.equal(app.api.calls('search/advanced').length, 1);
        assert.equal(app.api.calls('questions/answers').length, 1);
        assert.deepEqual(seen.dialogs, []);
        assert.deepEqual(seen.errors, []);
        assert.deepEqual(seen.console, []);
        assert.ok(seen.requests.every((url) => url.startsWith(`${app.url}/`)), seen.requests.join(', '));
      } finally {
        await page.context().close();
      }
    });
  });
}

const EVIL = 'https://evil.example';
const HOSTILE_BODY = [
  '<p>Safe text before.</p>',
  '<script>alert("script")</script>',
  '<img src="x" onerror="alert(\'onerror\')">',
  `<img src="${EVIL}/pixel.png" alt="tracking pixel">`,
  '<a href="javascript:alert(\'js-link\')">javascript link</a>',
  '<a href="JaVaScRiPt:alert(1)">mixed-case javascript link</a>',
  `<a href="${EVIL}/phish">evil link</a>`,
  '<a href="//evil.example/protocol-relative">protocol-relative link</a>',
  '<a href="https://stackoverflow.com/q/1" onclick="alert(\'onclick\')" style="color:red" target="_top">good link</a>',
  '<style>body{display:none}</style>',
  '<p style="position:fixed;inset:0;background:red">styled paragraph</p>',
  `<iframe src="${EVIL}/frame"></iframe>`,
  '<iframe srcdoc="<script>alert(\'srcdoc\')</script>"></iframe>',
  `<form action="${EVIL}/steal"><input name="q" value="x"><button formaction="${EVIL}/button">Send</button></form>`,
  `<svg onload="alert('svg')"><script>alert("svg-script")</script><image href="${EVIL}/svg.png"/><a href="javascript:alert('svg-link')"><text>svg link</text></a></svg>`,
  `<meta http-equiv="refresh" content="0;url=${EVIL}/refresh">`,
  `<link rel="stylesheet" href="${EVIL}/x.css">`,
  `<base href="${EVIL}/">`,
  `<object data="${EVIL}/x.swf"></object><embed src="${EVIL}/x.swf">`,
  `<video src="${EVIL}/v.mp4" autoplay></video><audio src="${EVIL}/a.mp3" autoplay></audio>`,
  '<math><mtext><table><mglyph><style><img src=x onerror=alert("mxss")></style></mglyph></table></mtext></math>',
  '<noscript><p title="</noscript><img src=x onerror=alert(\'noscript\')>"></noscript>',
  '<p id="soet-answers-slot" name="soet-copy" class="soet-card">clobbering attempt</p>',
  '<details open ontoggle="alert(\'toggle\')"><summary>details</summary></details>',
  '<p>Safe text after.</p>',
].join('\n');

/** A site where every search finds one hostile question whose answer is HOSTILE_BODY. */
const HOSTILE_SITE: Handler = (request) => {
  if (request.apiMethod === 'questions/answers') {
    return { json: wrapper([answer(3001, 301, HOSTILE_BODY, { is_accepted: true, owner: { display_name: '<img src=x onerror=alert("answerer")>', link: 'javascript:alert("profile")' } })]) };
  }
  return {
    json: wrapper([
      question(301, '&lt;img src=x onerror=alert(&quot;title&quot;)&gt; How do I fix this?', {
        accepted_answer_id: 3001,
        owner: { display_name: '<script>alert("asker")</script>', link: `${EVIL}/users/1` },
      }),
      question(302, 'A question whose link is not on Stack Exchange', { link: `${EVIL}/questions/302` }),
    ]),
  };
};

test('a hostile answer, title, author and error message run nothing and load nothing', async () => {
  const app = await pageApp(5, (express) => {
    express.get('/hostile', () => {
      throw new Error('<img src=x onerror=alert("message")> broke <script>alert("message-script")</script>');
    });
  }, HOSTILE_SITE);
  const page = await newPage();
  const seen = watch(page);
  try {
    await page.goto(`${app.url}/hostile`);
    await page.locator('#soet-answers .soet-question').first().waitFor();
    // Time for a refresh, a delayed load or a late script to happen, if anything had slipped through.
    await page.waitForTimeout(500);

    assert.deepEqual(seen.dialogs, [], 'no dialog opened');
    assert.deepEqual(seen.errors, [], 'no script error');
    assert.deepEqual(seen.console, [], 'console clean: nothing was even blocked by the CSP');
    assert.deepEqual(seen.requests, [`${app.url}/hostile`], 'the page itself is the only request');
    assert.equal(page.url(), `${app.url}/hostile`, 'no refresh or navigation');

    const report = await page.evaluate(() => {
      const answers = document.getElementById('soet-answers');
      const all = [document.body, ...Array.from(document.body.querySelectorAll('*'))];
      return {
        scripts: document.scripts.length,
        embedded: Array.from(document.querySelectorAll('iframe,frame,object,embed,img,svg,math,video,audio,form,input,button:not(#soet-copy),meta[http-equiv],link,base,style:not(head > style)')).map((element) => element.tagName),
        attributes: all.flatMap((element) => Array.from(element.attributes).map((attribute) => attribute.name)).filter((name) => /^on|^(src|srcdoc|action|formaction|name|style)$/.test(name)),
        answerIds: Array.from(answers?.querySelectorAll('[id]') ?? []).map((element) => element.id),
        answerClasses: Array.from(answers?.querySelectorAll('.soet-answer-body [class]') ?? []).map((element) => element.className),
        links: Array.from(answers?.querySelectorAll('.soet-answer-body a') ?? []).map((link) => ({ href: link.getAttribute('href'), rel: link.getAttribute('rel'), target: link.getAttribute('target') })),
        headings: Array.from(answers?.querySelectorAll('h3') ?? []).map((heading) => ({ text: heading.textContent, links: heading.querySelectorAll('a').length })),
        bylines: Array.from(answers?.querySelectorAll('.soet-byline') ?? []).map((byline) => ({ text: byline.textContent, links: Array.from(byline.querySelectorAll('a')).map((link) => link.getAttribute('href')) })),
        message: document.querySelector('h1')?.textContent,
        bodyText: answers?.querySelector('.soet-answer-body')?.textContent ?? '',
        bodyDisplay: getComputedStyle(document.body).display,
      };
    });
    assert.equal(report.scripts, 1, 'only the page’s own script');
    assert.deepEqual(report.embedded, []);
    assert.deepEqual(report.attributes, []);
    assert.deepEqual(report.answerIds, [], 'no id from an answer (no clobbering of the page’s own)');
    assert.deepEqual(report.answerClasses, [], 'no class from an answer (no borrowing of the page’s styles)');
    assert.deepEqual(report.links, [{ href: 'https://stackoverflow.com/q/1', rel: 'noopener noreferrer', target: '_blank' }], 'only the Stack Exchange link stays a link');
    assert.deepEqual(report.headings, [
      { text: '<img src=x onerror=alert("title")> How do I fix this?', links: 1 },
      { text: 'A question whose link is not on Stack Exchange', links: 0 },
    ]);
    assert.deepEqual(report.bylines[0], { text: 'asked by <script>alert("asker")</script> on 2020-09-13', links: [] }, 'a profile off the network is not linked');
    assert.deepEqual(report.bylines[1], { text: 'answered by <img src=x onerror=alert("answerer")> on 2020-09-13', links: [] }, 'nor a javascript: profile');
    assert.equal(report.message, '<img src=x onerror=alert("message")> broke <script>alert("message-script")</script>');
    for (const text of ['Safe text before.', 'javascript link', 'evil link', 'good link', 'styled paragraph', 'clobbering attempt', 'Safe text after.', '[image: tracking pixel]']) {
      assert.ok(report.bodyText.includes(text), `the answer keeps its text: ${text}`);
    }
    assert.doesNotMatch(report.bodyText, /alert|body\{display/, 'the content of scripts and styles is dropped, not shown');
    assert.equal(report.bodyDisplay, 'block');
    await page.screenshot({ path: shot('hostile'), fullPage: true });
  } finally {
    await page.context().close();
  }
});

/** A page with everything long: message, URL, header, code lines, an answer's code. */
function longRoute(app: AppLike): void {
  app.get('/reports/:name', () => {
    throw new TypeError(`Cannot read properties of undefined (reading 'map') while building ${'quarterly-revenue-'.repeat(20)}report`);
  });
}

test('the layout holds at 375 px (no horizontal scroll) and on a 27" screen, in light and dark', async () => {
  const site = sampleSite([
    {
      question: question(401, 'TypeError: Cannot read properties of undefined (reading &#39;map&#39;) while building a report with a very long title that goes on', { accepted_answer_id: 4001 }),
      answers: [answer(4001, 401, `<p>Use ${'a-very-long-identifier-'.repeat(8)} carefully.</p><pre><code>${'const value = someObject.withAVeryLongPropertyName.andAnotherOne.map((item) => item.field);'.repeat(3)}</code></pre><table><tr><td>${'cell '.repeat(40)}</td><td>b</td></tr></table>`, { is_accepted: true })],
      keywords: 'typeerror cannot read properties undefined reading map',
    },
  ]);
  const app = await pageApp(5, longRoute, site);
  const route = `/reports/${'q4-'.repeat(30)}?filter=${'x'.repeat(150)}&page=2`;
  const layouts = [
    { name: 'phone-light', viewport: { width: 375, height: 812 }, colorScheme: 'light' as const },
    { name: 'phone-dark', viewport: { width: 375, height: 812 }, colorScheme: 'dark' as const },
    { name: 'wide-light', viewport: { width: 2560, height: 1440 }, colorScheme: 'light' as const },
    { name: 'wide-dark', viewport: { width: 2560, height: 1440 }, colorScheme: 'dark' as const },
  ];
  for (const layout of layouts) {
    const page = await newPage({ viewport: layout.viewport, colorScheme: layout.colorScheme });
    try {
      await page.goto(`${app.url}${route}`, { waitUntil: 'load' });
      await page.locator('#soet-answers .soet-question').waitFor();
      const metrics = await page.evaluate(() => {
        const main = document.querySelector('main')?.getBoundingClientRect();
        return {
          scrollWidth: document.documentElement.scrollWidth,
          innerWidth: window.innerWidth,
          widest: Math.max(...Array.from(document.querySelectorAll('main *')).filter((element) => !element.closest('pre, table')).map((element) => element.getBoundingClientRect().right)),
          mainLeft: main?.left ?? 0,
          mainRight: main?.right ?? 0,
          background: getComputedStyle(document.body).backgroundColor,
          text: getComputedStyle(document.body).color,
        };
      });
      assert.ok(metrics.scrollWidth <= metrics.innerWidth, `${layout.name}: no horizontal scroll (${metrics.scrollWidth} > ${metrics.innerWidth})`);
      assert.ok(metrics.widest <= metrics.innerWidth + 0.5, `${layout.name}: every element fits (${metrics.widest})`);
      if (layout.viewport.width > 2000) {
        const width = metrics.mainRight - metrics.mainLeft;
        assert.ok(width < 1400, `${layout.name}: the column stays readable (${width} px)`);
        assert.ok(Math.abs(metrics.mainLeft - (metrics.innerWidth - metrics.mainRight)) <= 1, `${layout.name}: centred`);
      }
      const luminance = (rgb: string): number => {
        const [r = 0, g = 0, b = 0] = (rgb.match(/\d+/g) ?? []).map(Number);
        return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
      };
      if (layout.colorScheme === 'dark') {
        assert.ok(luminance(metrics.background) < 0.2 && luminance(metrics.text) > 0.7, `${layout.name}: dark (${metrics.background} / ${metrics.text})`);
      } else {
        assert.ok(luminance(metrics.background) > 0.9 && luminance(metrics.text) < 0.3, `${layout.name}: light (${metrics.background} / ${metrics.text})`);
      }
      await page.screenshot({ path: shot(layout.name), fullPage: layout.viewport.width < 1000 });
    } finally {
      await page.context().close();
    }
  }
});

test('Copy as Markdown copies the error, the query and the links of the answers', async () => {
  const app = await pageApp(5, mapRoute, MAP_SITE);
  const page = await newPage({ permissions: ['clipboard-read', 'clipboard-write'] });
  try {
    await page.goto(`${app.url}/users?token=abc123secret`, { waitUntil: 'load' });
    await page.locator('#soet-answers .soet-question').waitFor();
    await page.locator('#soet-copy').click();
    await page.locator('#soet-copy-status', { hasText: 'Copied.' }).waitFor();
    const markdown = await page.evaluate(() => navigator.clipboard.readText());
    assert.match(markdown, /^\*\*TypeError\*\*: Cannot read properties of undefined \(reading 'map'\)\nThrown at `test\/page-browser\.test\.ts:\d+:\d+`\n`GET \/users\?token=•••` answered 500/);
    assert.match(markdown, /\n\nSearched Stack Overflow for `TypeError Cannot read properties of undefined reading 'map'`\n/);
    assert.match(markdown, /\n- \[TypeError: Cannot read properties of undefined \(reading 'map'\)\]\(https:\/\/stackoverflow\.com\/questions\/101\/[^)]+\) \(accepted answer: https:\/\/stackoverflow\.com\/a\/1001\)$/);
    assert.doesNotMatch(markdown, /abc123secret/);
  } finally {
    await page.context().close();
  }
});
