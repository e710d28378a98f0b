// Every function that reads untrusted text takes time linear in its size, on 1 MB of each shape that hurts.
//
// To add a text function, add one row to FUNCTIONS: a name and a call that feeds it the text. Each row
// is tried on every shape at 16 KB, 64 KB, 256 KB and 1 MB. Linear work grows about fourfold from one
// size to the next, quadratic work sixteenfold: a step may take at most RATIO times the one before
// (never less than FLOOR_MS as the base, so tiny times do not flake) and CEILING_MS in all. A
// quadratic regression fails at a small size, in seconds, rather than hanging at 1 MB. RATIO leaves
// room for the garbage collector, whose share grows with the size of what a step allocates.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import v8 from 'node:v8';
import vm from 'node:vm';
import { errorFromText } from '../src/cli/crashlog.js';
import { ErrorDetector } from '../src/cli/detector.js';
import { LineSplitter } from '../src/cli/lines.js';
import { describe as describeError, identityKey } from '../src/describe.js';
import { hintsFor } from '../src/hints.js';
import type { LookupResult } from '../src/lookup.js';
import { informativeLine, planSearch, templateOf, templateText, withoutSearchSyntax } from '../src/search/index.js';
import { redact, removeQuotedData } from '../src/redact.js';
import { render } from '../src/render/block.js';
import { palette } from '../src/render/color.js';
import { renderAnswer } from '../src/render/html.js';
import { toJson } from '../src/render/json.js';
import { safeLink } from '../src/render/links.js';
import { oneLine, stripControls } from '../src/sanitize.js';
import { packageOf, parseStack } from '../src/stack.js';

const SIZES = [16 * 1024, 64 * 1024, 256 * 1024, 1024 * 1024];
const LARGEST = 1024 * 1024;
const RATIO = 12;
const FLOOR_MS = 15;
const CEILING_MS = 4_000;

/** A function that reads untrusted text: messages, stacks, logs, API text. */
interface TextFunction {
  readonly name: string;
  readonly fn: (text: string) => unknown;
}

const querySettings = { site: 'stackoverflow', tags: ['node.js'], redact: [] };

function resultAround(text: string): LookupResult {
  const answer = { id: 2, score: 1, isAccepted: true, html: text, link: 'https://stackoverflow.com/a/2', author: { name: text } };
  return {
    status: 'found',
    error: { name: 'Error', message: text, code: 'ECONNREFUSED' },
    query: text,
    searches: [{ method: 'search/advanced', text }],
    questions: [{ id: 1, title: text, link: 'https://stackoverflow.com/q/1', score: 1, answerCount: 1, hasAcceptedAnswer: true, tags: [text], author: { name: text }, bestAnswer: answer }],
    hints: [{ kind: 'user-frame', text }],
    site: 'stackoverflow',
    tags: [],
    failure: { kind: 'network', message: text },
    notices: [text],
    fromCache: false,
    apiCalls: 2,
    fingerprint: 'f',
  };
}

/** The companion's reading of a log: lines split from bytes, then the detector of error reports. */
function detectInLog(text: string): number {
  let reports = 0;
  const detector = new ErrorDetector(() => (reports += 1));
  const splitter = new LineSplitter((line) => detector.push(line));
  splitter.push(Buffer.from(text));
  splitter.end();
  detector.flush();
  return reports;
}

export const FUNCTIONS: readonly TextFunction[] = [
  { name: 'stripControls', fn: stripControls },
  { name: 'oneLine', fn: oneLine },
  { name: 'redact', fn: (text) => redact(text) },
  { name: 'removeQuotedData', fn: removeQuotedData },
  { name: 'informativeLine', fn: informativeLine },
  { name: 'templateOf', fn: templateOf },
  { name: 'withoutSearchSyntax', fn: withoutSearchSyntax },
  { name: 'planSearch', fn: (text) => planSearch({ name: 'Error', message: text }, querySettings) },
  { name: 'templateText', fn: (text) => templateText(text) },
  { name: 'describe', fn: (text) => describeError(Object.assign(new Error(), { message: text, stack: text })) },
  { name: 'identityKey', fn: (text) => identityKey(new Error(text)) },
  { name: 'parseStack', fn: parseStack },
  { name: 'packageOf', fn: packageOf },
  { name: 'hintsFor', fn: (text) => hintsFor({ name: 'Error', message: text, stack: text }, '/app') },
  { name: 'errorFromText', fn: errorFromText },
  { name: 'ErrorDetector (a streamed log)', fn: detectInLog },
  { name: 'renderAnswer', fn: (text) => renderAnswer(text, { width: 80, maxLines: 15, palette: palette(true), base: 'https://stackoverflow.com/q/1' }) },
  { name: 'render', fn: (text) => render(resultAround(text), { color: true, width: 80 }) },
  { name: 'safeLink', fn: (text) => safeLink(text, 'https://stackoverflow.com/q/1') },
  { name: 'toJson', fn: (text) => toJson({ title: text, html: text }) },
];

/** `unit` repeated to `size` characters. */
const repeat = (unit: string) => (size: number) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);

/** Deterministic base64: the same bytes each run. */
function base64(size: number): string {
  const bytes = Buffer.alloc(Math.ceil((size * 3) / 4));
  let state = 12345;
  for (let i = 0; i < bytes.length; i += 1) {
    state = (state * 1103515245 + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes.toString('base64').slice(0, size);
}

/** HTML nested `depth` deep, then text and the closing tags, padded with paragraphs to `size`. */
function deepHtml(depth: number) {
  return (size: number): string => {
    const nested = `${'<b>'.repeat(depth)}deep${'</b>'.repeat(depth)}`;
    return nested + repeat('<p>more text</p>')(Math.max(0, size - nested.length));
  };
}

/** The shapes that hurt regular expressions and parsers: runs, repeats, separators, nesting. */
export const SHAPES: readonly { readonly name: string; readonly make: (size: number) => string }[] = [
  { name: 'one long word', make: repeat('a') },
  { name: 'one long capitalised word', make: repeat('E') },
  { name: 'spaces', make: repeat(' ') },
  { name: 'newlines', make: repeat('\n') },
  { name: 'repeated token', make: repeat('token') },
  { name: 'repeated token with spaces', make: repeat('token ') },
  { name: 'repeated password=', make: repeat('password=') },
  { name: 'repeated secret words with a colon', make: repeat('API key: ') },
  { name: 'repeated Bearer', make: repeat('Bearer ') },
  { name: '@ runs', make: repeat('@') },
  { name: 'a@ runs', make: repeat('a@') },
  { name: 'a.a@ e-mail-like', make: repeat('a.a@a.a') },
  { name: 'percent-encoded @', make: repeat('a%40') },
  { name: 'dots', make: repeat('.') },
  { name: 'a. runs', make: repeat('a.') },
  { name: 'host-like labels', make: repeat('ab-c.') },
  { name: 'hosts with ports', make: repeat('db.acme.internal:5432 ') },
  { name: 'hosts glued by colons', make: repeat('ab.com:') },
  { name: 'SRV-like labels', make: repeat('_a.') },
  { name: 'slashes', make: repeat('/') },
  { name: 'a/ runs', make: repeat('a/') },
  { name: 'backslashes', make: repeat('\\') },
  { name: 'C:\\ runs', make: repeat('C:\\') },
  { name: 'Windows folders with spaces', make: repeat('C:\\a b ') },
  { name: 'equals signs', make: repeat('=') },
  { name: 'a= runs', make: repeat('a=') },
  { name: 'colons', make: repeat(':') },
  { name: 'a:a: runs', make: repeat('a:') },
  { name: 'hex groups', make: repeat('ffff:') },
  { name: 'dashes', make: repeat('a-') },
  { name: 'digits', make: repeat('1') },
  { name: 'digits and spaces', make: repeat('1 ') },
  { name: 'digits and dots', make: repeat('1.') },
  { name: 'digits and dashes', make: repeat('12-') },
  { name: 'phone-like', make: repeat('+1 (2) ') },
  { name: 'plus and digits', make: repeat('+1234567890123456789012345 ') },
  { name: 'long keys', make: repeat(`${'k'.repeat(120)}password${'k'.repeat(120)}= `) },
  { name: 'flags', make: repeat('--password ') },
  { name: 'glued -p flags', make: repeat(' -pA') },
  { name: 'base64', make: base64 },
  { name: 'nested quotes', make: repeat(`'"`) },
  { name: 'quotes opening words', make: repeat("'a ") },
  { name: 'quoted words', make: repeat("'ab c ") },
  { name: 'apostrophes closing words', make: repeat("x 'a b'c ") },
  { name: 'double quotes opening words', make: repeat('"a ') },
  { name: 'backticks', make: repeat('`a ') },
  { name: 'apostrophes in words', make: repeat("a'a ") },
  { name: 'open parentheses', make: repeat('(') },
  { name: 'open brackets', make: repeat('[') },
  { name: 'open braces', make: repeat('{') },
  { name: 'nested brackets', make: (size) => `${'(['.repeat(size / 4)}${'])'.repeat(size / 4)}` },
  { name: 'Key (a)=( runs', make: repeat('Key (a)=(') },
  { name: 'dup key braces', make: repeat('dup key: {') },
  { name: 'URL schemes', make: repeat('a://"') },
  { name: 'query strings', make: repeat('?a=') },
  { name: 'PEM headers', make: repeat('-----BEGIN A-----') },
  { name: 'JWT-like', make: (size) => `eyJ${repeat('a.')(size - 3)}` },
  { name: 'stack frames', make: repeat('    at fn (/app/node_modules/pkg/index.js:1:2)\n') },
  { name: 'frames without ends', make: repeat('    at (/a:1:1 ') },
  { name: 'error lines', make: repeat(':Error: ') },
  { name: 'escape sequences', make: repeat('\u001b[') },
  { name: 'OSC starts', make: repeat('\u001b]') },
  { name: 'C1 and bidi controls', make: repeat('\u009b\u202e\u200b') },
  { name: 'Cyrillic', make: repeat('ж') },
  { name: 'CJK with @', make: repeat('中@') },
  { name: 'HTML 2,000 deep', make: deepHtml(2_000) },
  { name: 'HTML nested all the way', make: repeat('<b>') },
  { name: 'HTML lists nested all the way', make: repeat('<ul><li>') },
  { name: 'HTML entities', make: repeat('&amp;') },
  { name: 'unclosed tags', make: repeat('<a href="') },
  { name: 'mixed punctuation', make: repeat('a-a/a:a@a.a\\a"a\'a`') },
];

// A collection before the largest size and before a retry, so garbage left by earlier work is not
// billed to the measurement that happens to trigger its collection.
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

/**
 * The CPU time `fn` takes, in ms. CPU time rather than wall time: while other test files and other
 * processes share the machine, time spent waiting for a core is not this function's work.
 */
function timed(fn: () => unknown, collect: boolean): number {
  if (collect) collectGarbage();
  const started = process.cpuUsage();
  fn();
  const { user, system } = process.cpuUsage(started);
  return (user + system) / 1_000;
}

/** The time of `fn` on `text`, the best of up to three tries when the first is over `limit`. */
function measure(fn: (text: string) => unknown, text: string, limit: number): number {
  let best = timed(() => fn(text), text.length >= LARGEST);
  for (let tries = 1; tries < 3 && best > limit; tries += 1) best = Math.min(best, timed(() => fn(text), true));
  return best;
}

for (const { name, fn } of FUNCTIONS) {
  describe(`${name} is linear`, () => {
    for (const shape of SHAPES) {
      test(shape.name, () => {
        let previous = 0;
        const times: string[] = [];
        for (const size of SIZES) {
          const text = shape.make(size);
          const limit = Math.min(CEILING_MS, previous === 0 ? CEILING_MS : RATIO * Math.max(previous, FLOOR_MS));
          const elapsed = measure(fn, text, limit);
          times.push(`${size / 1024} KB: ${elapsed.toFixed(1)} ms`);
          assert.ok(elapsed <= limit, `${name} on ${shape.name} grows faster than linear: ${times.join(', ')}`);
          previous = elapsed;
        }
      });
    }
  });
}
