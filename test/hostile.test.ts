// Hostile answers: nesting that overflowed the stack, megabytes of HTML, and control characters in API text.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { type FoundQuestion, type LookupResult, lookup, render, soet } from '../src/index.js';
import { toJson } from '../src/render/json.js';
import { Capture, ROOT, cleanEnv, run, standIns, startApp, waitFor } from './support/helpers.js';
import { answer, question, wrapper } from './support/standin.js';

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
process.on('unhandledRejection', onUnhandled);
after(() => process.off('unhandledRejection', onUnhandled));

const standIn = standIns();
const ANSWER_LINK = 'https://stackoverflow.com/a/5';

/** Answer bodies that broke or held up 0.1.0, as an attacker (or a very odd answer) would send them. */
const HOSTILE_HTML: Record<string, string> = {
  '<b> nested 2,000 deep (8 KB)': `${'<b>'.repeat(2_000)}deep text${'</b>'.repeat(2_000)}`,
  '<ul><li> nested 15 KB deep': `${'<ul><li>'.repeat(1_900)}deep item`,
  '<blockquote> nested 5,000 deep': `${'<blockquote>'.repeat(5_000)}quoted`,
  'a 3.8 MB answer': `<p>Start here.</p>${'<p>filler paragraph with words</p>'.repeat(110_000)}`,
  '3 MB of nested [': `<p>${'['.repeat(3_000_000)}</p>`,
  'one 1 MB word': `<p>${'x'.repeat(1_000_000)}</p>`,
  'one 1 MB line of code': `<pre><code>${'y'.repeat(1_000_000)}</code></pre>`,
  '<a> nested 3,000 deep with links': '<a href="https://stackoverflow.com/q/1">'.repeat(3_000),
};

function withAnswer(html: string): LookupResult {
  const found: FoundQuestion = {
    id: 1,
    title: 'A question',
    link: 'https://stackoverflow.com/questions/1/a-question',
    score: 1,
    answerCount: 1,
    hasAcceptedAnswer: true,
    tags: [],
    bestAnswer: { id: 5, score: 1, isAccepted: true, html, link: ANSWER_LINK },
  };
  return { status: 'found', error: { name: 'Error', message: 'boom' }, query: 'Error: boom', searches: [], questions: [found], hints: [], site: 'stackoverflow', tags: [], notices: [], fromCache: false, apiCalls: 2, fingerprint: 'f' };
}

describe('render() with hostile answers', () => {
  for (const [label, html] of Object.entries(HOSTILE_HTML)) {
    test(`${label}: no throw, at most 100 lines, lines bounded (code at 240 characters), the cut marked with the answer's link, within 1 s`, () => {
      const started = performance.now();
      const text = render(withAnswer(html), { color: false, width: 120, answerLines: 1_000 });
      const elapsed = performance.now() - started;
      const lines = text.split('\n');
      assert.ok(elapsed < 1_000, `${elapsed.toFixed(0)} ms`);
      assert.ok(lines.length < 110, `${lines.length} lines`);
      assert.ok(lines.every((line) => line.length <= 250), `a line of ${Math.max(...lines.map((line) => line.length))} characters`);
      assert.match(text, new RegExp(`… .* at ${ANSWER_LINK.replaceAll('.', '\\.')}\\n$`));
    });
  }

  test('nesting deeper than 32 levels shows what fits, then [...] where it was cut', () => {
    const text = render(withAnswer(`<p>Before.</p>${'<div>'.repeat(40)}inside${'</div>'.repeat(40)}<p>After.</p>`), { color: false });
    assert.match(text, /Before\.\n\n {5}\[…\]\n {5}… the rest at https:\/\/stackoverflow\.com\/a\/5\n$/);
  });

  test('an ordinary answer is not marked as cut', () => {
    const text = render(withAnswer('<p>Use <code>?.</code> here.</p>'), { color: false });
    assert.doesNotMatch(text, /…|\[…\]/);
  });
});

describe('hostile answers from the API', () => {
  const bodies = Object.values(HOSTILE_HTML).filter((html) => html.length < 500_000);

  /** A stand-in where the search for `Hostile answer number <i>` finds question i + 1, whose best answer is `bodies[i]`. */
  function servesBodies() {
    return standIn((request) => {
      if (request.apiMethod === 'questions/answers') {
        return { json: wrapper(request.ids.map((id) => answer(100 + id, id, bodies[id - 1] ?? '', { is_accepted: true }))) };
      }
      const index = 'abcdefghij'.indexOf(/number ([a-j])\b/.exec(request.params.get('q') ?? request.params.get('title') ?? '')?.[1] ?? 'a');
      // The title shares the error's words, as a page the search chain accepts must.
      return { json: wrapper([question(index + 1, `Hostile answer number ${'abcdefghij'[index]} failure in lookup`, { accepted_answer_id: 101 + index })]) };
    });
  }

  test('through the middleware: the app keeps serving, every block is printed with its link, nothing is left unhandled', async () => {
    const output = new Capture();
    const api = await servesBodies();
    const app = await startApp(5, (express) => {
      express.get('/fail/:i', (req: { params: { i: string } }) => {
        throw new Error(`Hostile answer number ${'abcdefghij'[Number(req.params.i)]} failure`);
      });
      express.get('/ok', (_req: unknown, res: { send: (body: string) => void }) => res.send('fine'));
    }, soet({ enabled: true, apiUrl: api.url, output, cache: false }));
    try {
      for (let i = 0; i < bodies.length; i += 1) assert.equal((await app.get(`/fail/${i}`)).status, 500);
      const links = (): string[] => [...output.text.matchAll(/… .* at (https:\/\/stackoverflow\.com\/a\/\d+)/g)].map((match) => match[1] ?? '');
      await waitFor(() => links().length === bodies.length, 20_000, 'every block with its link');
      assert.deepEqual(links().sort(), bodies.map((_, i) => `https://stackoverflow.com/a/${101 + i}`).sort());
      assert.deepEqual(await app.get('/ok').then((response) => [response.status, response.body]), [200, 'fine']);
      assert.equal(app.handled.length, bodies.length);
    } finally {
      await app.close();
    }
  });

  test("the README's Koa and Fastify pattern, lookup().then(render), resolves for each of them", async () => {
    const api = await servesBodies();
    for (let i = 0; i < bodies.length; i += 1) {
      const result = await lookup(new Error(`Hostile answer number ${'abcdefghij'[i]} in lookup`), { apiUrl: api.url, cache: false });
      assert.equal(result.status, 'found');
      assert.match(render(result, { color: false }), new RegExp(`at https://stackoverflow\\.com/a/${101 + i}\\n {5}answered by An Answerer .*\\n$`));
    }
  });

  test('no unhandled rejection', () => assert.deepEqual(unhandled, []));
});

/** Characters that must never reach a terminal raw: C1 CSI, bidi override, zero-width, separators, BOM, BEL, ESC. */
const HOSTILE_CHARACTERS = ['\u009b', '\u202e', '\u200b', '\u200f', '\u2028', '\u2029', '\ufeff', '\u2060', '\u0007', '\u001b', '\u{e0041}'];
const HOSTILE_TEXT = `Title \u009b31m red \u202eesrever\u202c zero\u200bwidth line\u2028sep para\u2029sep bom\ufeff wj\u2060 bell\u0007 esc\u001b[2J tag\u{e0041}`;

/** A title with every hostile character that still shares the error's words, so the search chain accepts it. */
const HOSTILE_TITLE = `${HOSTILE_TEXT} in a hostile text test`;

describe('the JSON border', () => {
  /** Every character that must not be printed raw: C0, DEL, C1, format characters, separators, lone surrogates. */
  const everyUnsafe = [
    ...Array.from({ length: 0x20 }, (_, code) => String.fromCharCode(code)),
    ...Array.from({ length: 0x21 }, (_, code) => String.fromCharCode(0x7f + code)),
    ...Array.from({ length: 0x10000 }, (_, code) => String.fromCharCode(code)).filter((character) => /\p{Cf}/u.test(character)),
    '\u2028', '\u2029', '\u{e0001}', '\u{e0020}', '\u{e007f}', '\ud800', '\udfff',
  ];

  test('no control, format or separator character is printed raw, and the JSON parses back to the same value', () => {
    const value = { title: everyUnsafe.join('x'), nested: [{ name: `a${everyUnsafe.join('')}b` }], plain: 'Ünïcödé 中文 ✓' };
    const json = toJson(value);
    assert.doesNotMatch(json, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]|\p{Cf}/u);
    assert.doesNotMatch(json, /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/, 'no lone surrogate');
    assert.deepEqual(JSON.parse(json), value);
    assert.match(json, /Ünïcödé 中文 ✓/, 'ordinary text is left as it is');
    assert.match(json, /\\u009b/);
    assert.match(json, /\\udb40\\udc01/, 'a tag character is escaped as its surrogate pair');
  });
});

describe('--json and the terminal with hostile API text', () => {
  const CLI = path.join(ROOT, 'dist', 'cli.js');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'soet-hostile-'));
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  async function cli(args: readonly string[]) {
    assert.ok(fs.existsSync(CLI), 'dist/cli.js is missing: run `npm run build` first (npm test does)');
    const api = await standIn((request) =>
      request.apiMethod === 'questions/answers'
        ? { json: wrapper([answer(5, 1, `<p>${HOSTILE_TEXT}</p>`, { is_accepted: true, owner: { display_name: `Name${HOSTILE_TEXT}`, link: 'https://stackoverflow.com/users/9' } })]) }
        : { json: wrapper([question(1, HOSTILE_TITLE, { accepted_answer_id: 5 })]) },
    );
    return run(process.execPath, [CLI, 'TypeError: hostile text test', ...args], { cwd: work, env: cleanEnv({ SOET_API_URL: api.url, SOET_CACHE: 'off' }) });
  }

  test('--json escapes every control and invisible character as \\uXXXX, and parses back to the very text the API sent', async () => {
    const { code, stdout } = await cli(['--json']);
    assert.equal(code, 0);
    for (const character of HOSTILE_CHARACTERS) assert.ok(!stdout.includes(character), `U+${character.codePointAt(0)?.toString(16)} printed raw`);
    assert.match(stdout, /\\u009b31m red \\u202eesrever\\u202c zero\\u200bwidth/);
    const parsed = JSON.parse(stdout) as LookupResult;
    assert.equal(parsed.questions[0]?.title, HOSTILE_TITLE);
    assert.equal(parsed.questions[0]?.bestAnswer?.author?.name, `Name${HOSTILE_TEXT}`);
  });

  test('the terminal output holds none of them, and keeps the words', async () => {
    const { code, stdout } = await cli(['--no-color']);
    assert.equal(code, 0);
    for (const character of HOSTILE_CHARACTERS) assert.ok(!stdout.includes(character), `U+${character.codePointAt(0)?.toString(16)} printed raw`);
    assert.match(stdout, / 1\. Title red esrever zerowidth line sep para sep bom wj bell esc tag in a hostile text test\n/);
  });
});
