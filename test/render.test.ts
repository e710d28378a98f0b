// Rendering: answers' HTML as readable terminal text, and the block around them, with and without colour.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type FoundQuestion, type LookupResult, render } from '../src/index.js';
import { palette } from '../src/render/color.js';
import { renderAnswer } from '../src/render/html.js';

const ESC = '\u001b';
const plain = { width: 60, maxLines: 50, palette: palette(false), base: 'https://stackoverflow.com/q/1' };
const lines = (html: string, layout: Partial<typeof plain> = {}): readonly string[] => renderAnswer(html, { ...plain, ...layout }).lines;

describe('answer HTML to terminal text', () => {
  test('paragraphs are wrapped to the width and separated by a blank line', () => {
    const words = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
    const out = lines(`<p>${words}</p><p>Second paragraph.</p>`);
    assert.ok(out.length > 3);
    assert.ok(out.every((line) => line.length <= 60), out.join('\n'));
    assert.equal(out.join(' ').replace(/\s+/g, ' ').trim(), `${words} Second paragraph.`);
    assert.equal(out.at(-2), '');
  });

  test('code blocks are kept verbatim, indented, never wrapped, entities decoded', () => {
    const long = `const veryLongName = ${'x'.repeat(90)};`;
    const out = lines(`<p>Do this:</p><pre><code>if (a &lt; b &amp;&amp; c) {\n  return &quot;yes&quot;;\n}\n${long}</code></pre>`);
    assert.deepEqual(out, ['Do this:', '', '    if (a < b && c) {', '      return "yes";', '    }', `    ${long}`]);
  });

  test('inline code is marked with backticks when there is no colour, and coloured otherwise', () => {
    assert.deepEqual(lines('<p>Call <code>arr.map()</code>, then <code>x</code>.</p>'), ['Call `arr.map()`, then `x`.']);
    const coloured = lines('<p>Call <code>arr.map()</code>.</p>', { palette: palette(true) }).join('');
    assert.ok(coloured.includes(`${ESC}[33marr.map()${ESC}[39m`));
    assert.ok(!coloured.includes('`'));
  });

  test('links to Stack Overflow and Stack Exchange are shown, relative ones resolved', () => {
    assert.deepEqual(lines('<p>See <a href="https://stackoverflow.com/a/2">this answer</a> and <a href="/questions/3">that one</a> and <a href="https://meta.stackexchange.com/q/4">meta</a>.</p>', { width: 200 }), [
      'See this answer (https://stackoverflow.com/a/2) and that one (https://stackoverflow.com/questions/3) and meta (https://meta.stackexchange.com/q/4).',
    ]);
  });

  test('other links show their text only', () => {
    const html = ['https://example.com/x', 'http://stackoverflow.com/q/1', 'javascript:alert(1)', 'https://stackoverflow.com.evil.example/q', 'https://user:pw@stackoverflow.com/q', 'data:text/html,hi']
      .map((href, i) => `<a href="${href}">link${i}</a>`)
      .join(' ');
    assert.deepEqual(lines(`<p>${html}</p>`, { width: 200 }), ['link0 link1 link2 link3 link4 link5']);
  });

  test('lists get bullets or numbers, nested lists indent', () => {
    assert.deepEqual(lines('<ul><li>one</li><li>two<ol><li>first</li><li>second</li></ol></li></ul>'), ['• one', '• two', '  1. first', '  2. second']);
  });

  test('blockquotes are barred, headings kept, rules drawn, images described, scripts dropped', () => {
    assert.deepEqual(lines('<h2>Why</h2><blockquote><p>quoted text</p></blockquote><hr><p><img src="https://i.sstatic.net/x.png" alt="diagram"></p><script>alert(1)</script><style>p{}</style>'), [
      'Why', '', '│ quoted text', '', '─'.repeat(20), '', '[image: diagram]',
    ]);
  });

  test('<br> breaks a line inside a paragraph', () => {
    assert.deepEqual(lines('<p>first line<br>second line</p>'), ['first line', 'second line']);
  });

  test('an answer is cut after the line limit and says how much was left out', () => {
    const answer = renderAnswer(Array.from({ length: 30 }, (_, i) => `<p>para ${i}</p>`).join(''), { ...plain, maxLines: 15 });
    assert.equal(answer.lines.length, 15);
    assert.equal(answer.omitted, 59 - 15);
  });
});

function question(extra: Partial<FoundQuestion> = {}): FoundQuestion {
  return {
    id: 11227809,
    title: 'Why is processing a sorted array faster than an unsorted one?',
    link: 'https://stackoverflow.com/questions/11227809/why-is-processing',
    score: 27000,
    answerCount: 25,
    hasAcceptedAnswer: true,
    tags: ['javascript'],
    bestAnswer: { id: 11227902, score: 34000, isAccepted: true, html: '<p>Branch prediction.</p>', link: 'https://stackoverflow.com/a/11227902' },
    ...extra,
  };
}

function result(extra: Partial<LookupResult> = {}): LookupResult {
  return {
    status: 'found',
    error: { name: 'TypeError', message: "Cannot read properties of undefined (reading 'map')\n    at somewhere" },
    query: "TypeError: Cannot read properties of undefined (reading 'map')",
    searches: [],
    questions: [question()],
    hints: [],
    site: 'stackoverflow',
    tags: ['node.js', 'javascript'],
    notices: [],
    fromCache: false,
    apiCalls: 2,
    fingerprint: 'f',
    ...extra,
  };
}

describe('the block', () => {
  test('a header, then each question with rank, title, score, answers, accepted, link, and its best answer', () => {
    assert.equal(
      render(result(), { color: false, width: 100 }),
      [
        "soet ▸ TypeError: Cannot read properties of undefined (reading 'map')",
        ' 1. Why is processing a sorted array faster than an unsorted one?',
        '     ▲ 27000 · 25 answers · ✓ accepted  https://stackoverflow.com/questions/11227809/why-is-processing',
        '     Branch prediction.',
        '',
      ].join('\n'),
    );
  });

  test('attribution: who asked and who answered, linked to their profiles, with the dates', () => {
    const attributed = question({
      author: { name: 'GManNickG', link: 'https://stackoverflow.com/users/87234/gmannickg' },
      createdAt: '2012-06-27T13:51:36.000Z',
      bestAnswer: {
        id: 11227902, score: 34000, isAccepted: true, html: '<p>Branch prediction.</p>', link: 'https://stackoverflow.com/a/11227902',
        author: { name: 'Mysticial', link: 'https://stackoverflow.com/users/922184/mysticial' }, createdAt: '2012-06-27T13:56:42.000Z', editedAt: '2023-11-14T22:13:20.000Z',
      },
    });
    assert.deepEqual(render(result({ questions: [attributed] }), { color: false, width: 100 }).split('\n').slice(1, 6), [
      ' 1. Why is processing a sorted array faster than an unsorted one?',
      '     ▲ 27000 · 25 answers · ✓ accepted  https://stackoverflow.com/questions/11227809/why-is-processing',
      '     asked by GManNickG https://stackoverflow.com/users/87234/gmannickg · 2012-06-27',
      '     Branch prediction.',
      '     answered by Mysticial https://stackoverflow.com/users/922184/mysticial · 2012-06-27, edited 2023-11-14',
    ]);
  });

  test('an author without a profile, or with one off the network, is named without a link; names are made inert', () => {
    const text = render(result({ questions: [question({ author: { name: 'Deleted & gone' }, bestAnswer: { id: 1, score: 1, isAccepted: false, html: '<p>x</p>', link: 'https://stackoverflow.com/a/1', author: { name: 'Eve\u001b[2J\u202e', link: 'https://evil.example/users/1' } } })] }), { color: false });
    assert.match(text, /\n {5}asked by Deleted & gone\n/);
    assert.match(text, /\n {5}answered by Eve\n/);
    assert.doesNotMatch(text, /evil\.example|\u001b|\u202e/);
  });

  test("the error's cause is shown under the header", () => {
    const text = render(result({ error: { name: 'TypeError', message: 'fetch failed', cause: { name: 'Error', message: 'connect ECONNREFUSED 127.0.0.1:3000', code: 'ECONNREFUSED' } } }), { color: false });
    assert.match(text, /^soet ▸ TypeError: fetch failed\n {3}cause Error: connect ECONNREFUSED 127\.0\.0\.1:3000\n 1\. /);
  });

  test('offline hints: where it was thrown on the header, the others on their own lines', () => {
    const text = render(result({ hints: [{ kind: 'node-docs', text: 'ERR_X is one of Node.js’s own errors.', link: 'https://nodejs.org/api/errors.html#err_x' }, { kind: 'user-frame', text: 'thrown at src/app.js:3:9' }] }), { color: false });
    assert.match(text, /^soet ▸ TypeError: .*\(reading 'map'\) {2}thrown at src\/app\.js:3:9\n {3}hint ERR_X is one of Node\.js’s own errors\. https:\/\/nodejs\.org\/api\/errors\.html#err_x\n 1\. /);
  });

  test('no accepted answer, one answer: said as such', () => {
    assert.match(render(result({ questions: [question({ hasAcceptedAnswer: false, answerCount: 1, score: -2 })] }), { color: false }), /▲ -2 · 1 answer {2}https/);
  });

  test('a long answer is cut with a pointer to its link', () => {
    const html = Array.from({ length: 40 }, (_, i) => `<p>step ${i}</p>`).join('');
    const text = render(result({ questions: [question({ bestAnswer: { id: 5, score: 1, isAccepted: false, html, link: 'https://stackoverflow.com/a/5' } })] }), { color: false });
    assert.match(text, /… 6\d more lines at https:\/\/stackoverflow\.com\/a\/5\n$/);
  });

  test('"No Stack Overflow results for" when nothing matched', () => {
    assert.equal(render(result({ status: 'none', questions: [] }), { color: false }), "soet ▸ No Stack Overflow results for TypeError: Cannot read properties of undefined (reading 'map')\n");
    assert.match(render(result({ status: 'none', questions: [], site: 'superuser' }), { color: false }), /No superuser results/);
  });

  test('a failed lookup is one line that says what happened and what to do', () => {
    const text = render(result({ status: 'failed', questions: [], failure: { kind: 'refused', message: 'could not connect to api.stackexchange.com (connection refused); check your network' } }), { color: false });
    assert.equal(text, "soet ▸ no answers for TypeError: Cannot read properties of undefined (reading 'map'): could not connect to api.stackexchange.com (connection refused); check your network\n");
  });

  test('a question is linked directly; a link with more than its id and slug is cut back to /questions/ID', () => {
    const odd = render(result({ questions: [question({ link: 'https://stackoverflow.com/questions/11227809/evil.example%1B[2J?utm_source=x' })] }), { color: false });
    assert.match(odd, / {2}https:\/\/stackoverflow\.com\/questions\/11227809\n/);
    assert.doesNotMatch(odd, /evil|utm|\/q\//);
  });

  test('a question whose link is not on the network is shown without it', () => {
    const text = render(result({ questions: [question({ link: 'https://evil.example/q/1' })] }), { color: false });
    assert.doesNotMatch(text, /evil\.example/);
    assert.match(text, /link withheld/);
  });

  test('plain output has no escape codes; coloured output has them', () => {
    assert.ok(!render(result(), { color: false }).includes(ESC));
    assert.ok(render(result(), { color: true }).includes(`${ESC}[`));
  });

  test('colour follows the stream and environment when not forced', () => {
    const tty = { write: () => true, isTTY: true };
    assert.ok(render(result(), { stream: tty, env: {} }).includes(ESC));
    assert.ok(!render(result(), { stream: tty, env: { NO_COLOR: '1' } }).includes(ESC));
    assert.ok(!render(result(), { stream: { write: () => true }, env: {} }).includes(ESC));
    assert.ok(render(result(), { stream: { write: () => true }, env: { FORCE_COLOR: '1' } }).includes(ESC));
  });

  test('notices follow the block, one line each', () => {
    assert.match(render(result({ notices: ['12 of 300 Stack Exchange requests left today'] }), { color: false }), /\nsoet ▸ 12 of 300 Stack Exchange requests left today\n$/);
  });

  test('a skipped lookup prints nothing', () => {
    assert.equal(render(result({ status: 'skipped', questions: [] }), { color: false }), '');
  });
});
