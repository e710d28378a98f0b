// Untrusted text cannot drive the terminal: whatever the API or the error holds, only soet's own codes get out.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { lookup, render } from '../src/index.js';
import { resolveSettings } from '../src/options.js';
import { Reporter } from '../src/reporter.js';
import { Capture, waitFor } from './support/helpers.js';
import { StandInApi, answer, errorBody, question, wrapper } from './support/standin.js';

/** Sequences an attacker would put in a title, an answer or an error message. */
const HOSTILE = [
  '\u001b[2J\u001b[H', // clear screen, cursor home
  '\u001b[31;1mred\u001b[0m', // SGR colours
  '\u001b]52;c;c2VjcmV0\u0007', // OSC 52: write the clipboard
  '\u001b]8;;https://evil.example\u001b\\click\u001b]8;;\u001b\\', // OSC 8 hyperlink
  '\u001b]0;new window title\u001b\\', // OSC 0: window title
  '\u001bP+q696e646e\u001b\\', // DCS request
  '\u001b_application program command\u001b\\', // APC
  '\u009b31m', // 8-bit CSI
  '\u009d0;title\u009c', // 8-bit OSC
  '\u0007\u0008\u0000\u000b\u000c\r', // BEL, backspace, NUL, VT, FF, CR
  '\u202eevil\u202c \u2066isolate\u2069', // bidi override and isolate
  'zero\u200bwidth\u200c\u200d\u200e\u200f word\u2060joiner\u2061\u2062\u2063\u2064 bom\ufeff soft\u00adhyphen \u061c', // invisible formatting
  'tag\u{e0001}\u{e0041}\u{e007f} characters', // tag characters: invisible text
  'line\u2028separator paragraph\u2029separator', // line and paragraph separators
  '\u001b[6n', // cursor position report request
  '\u001bc', // full reset
  '\u001b', // a lone ESC at the end
].join(' ');

/** soet's own codes: SGR colour sequences only. */
const OWN_ESCAPE = /\u001b\[\d+m/g;
const ANY_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]|\p{Cf}/u;

function assertInert(text: string, colour: boolean): void {
  const withoutOwn = text.replace(OWN_ESCAPE, '');
  assert.doesNotMatch(withoutOwn, ANY_CONTROL, `control characters left in:\n${JSON.stringify(text)}`);
  if (!colour) assert.equal(withoutOwn, text, 'no escape codes at all without colour');
  else assert.notEqual(withoutOwn, text, 'soet’s own colours are there');
}

let api: StandInApi;
before(async () => {
  api = await StandInApi.start((request) => {
    if (request.params.get('q')?.includes('refuse')) return errorBody(400, `bad_parameter${HOSTILE}`, `hostile message ${HOSTILE}`);
    if (request.apiMethod === 'questions/answers') {
      return {
        json: wrapper([
          answer(11, 1, `<p>Answer ${HOSTILE}</p><pre><code>code ${HOSTILE}</code></pre><p><code>${HOSTILE}</code> <a href="https://evil.example/${HOSTILE}">link ${HOSTILE}</a></p><ul><li>${HOSTILE}</li></ul>`, { is_accepted: true }),
        ]),
      };
    }
    return { json: wrapper([question(1, `Hostile answers to a hostile error ${HOSTILE} &#27;[31m encoded`, { link: `https://stackoverflow.com/questions/1/x${HOSTILE}` })]) };
  });
});
after(() => api.close());

describe('hostile text from the API', () => {
  for (const colour of [true, false]) {
    test(`renders inert with colour ${colour ? 'forced' : 'disabled'}`, async () => {
      const result = await lookup(new Error('hostile answers please'), { apiUrl: api.url, cache: false });
      assert.equal(result.status, 'found');
      const text = render(result, { color: colour });
      assertInert(text, colour);
      assert.match(text, /Answer/);
      assert.doesNotMatch(text, /evil\.example/, 'a link off the network is never shown');
    });

    test(`an error body renders inert with colour ${colour ? 'forced' : 'disabled'}`, async () => {
      const result = await lookup(new Error('please refuse this'), { apiUrl: api.url, cache: false });
      assert.equal(result.status, 'failed');
      assertInert(render(result, { color: colour }), colour);
    });
  }
});

describe('hostile text in the error itself', () => {
  for (const colour of [true, false]) {
    test(`soet's printer writes it inert with colour ${colour ? 'forced' : 'disabled'}`, async () => {
      const output = new Capture();
      output.isTTY = colour;
      // The environment is given, not inherited, so a FORCE_COLOR or NO_COLOR around the test run cannot tip it.
      // The file's lookups share one stand-in: a budget of its own, so earlier tests have not spent it.
      const reporter = new Reporter(resolveSettings({ enabled: true, apiUrl: api.url, output, cache: false, lookupsPerMinute: 60 }, {}));
      const error = new Error(`hostile error ${HOSTILE}`);
      error.name = `Type${HOSTILE}Error`;
      reporter.report(error);
      await waitFor(() => output.text.includes('Answer'), 5_000, 'the block');
      assertInert(output.text, colour);
    });
  }
});
