// The detector of error reports over real output of real processes (test/fixtures/logs, see capture.ts there),
// ordinary output that must never count as an error, the one-shot rule, and linear time over 1 MB inputs.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { OneShotChoice, errorFromText } from '../src/cli/crashlog.js';
import { type ErrorReport, ErrorDetector, MAX_REPORT_LINES } from '../src/cli/detector.js';
import { LineSplitter } from '../src/cli/lines.js';
import { parseStack } from '../src/stack.js';
import { ROOT } from './support/helpers.js';

const LOGS = path.join(ROOT, 'test', 'fixtures', 'logs');

/** The reports in `input`, fed as bytes in chunks of `chunkSize` (chunk edges fall anywhere in a line). */
function reportsIn(input: string | Buffer, chunkSize = Number.POSITIVE_INFINITY): ErrorReport[] {
  const reports: ErrorReport[] = [];
  const detector = new ErrorDetector((report) => reports.push(report));
  const splitter = new LineSplitter((line) => detector.push(line));
  const bytes = typeof input === 'string' ? Buffer.from(input) : input;
  for (let start = 0; start < bytes.length; start += Math.min(chunkSize, bytes.length)) splitter.push(bytes.subarray(start, start + chunkSize));
  splitter.end();
  detector.flush();
  return reports;
}

interface Expected {
  readonly name: string;
  readonly message: string | RegExp;
  readonly fatal: boolean;
  readonly shape?: ErrorReport['shape'];
  readonly code?: string;
  readonly causeCode?: string;
  /** The first frame's file ends with this. */
  readonly frame?: string;
}

const MAP = "Cannot read properties of undefined (reading 'map')";
const FIXTURES: readonly (readonly [string, readonly Expected[]])[] = [
  ['node-uncaught', [{ name: 'TypeError', message: MAP, fatal: true, frame: 'node-uncaught.js' }]],
  ['node-code-block', [{ name: 'Error', message: "ENOENT: no such file or directory, open '/nonexistent/soet/settings.json'", code: 'ENOENT', fatal: true, frame: 'node:fs' }]],
  ['node-cause', [{ name: 'Error', message: 'could not reach the database', causeCode: 'ECONNREFUSED', fatal: true, frame: 'node-cause.js' }]],
  ['node-rejection', [{ name: 'TypeError', message: 'fetch failed', fatal: true }]],
  ['node-rejection-value', [{ name: 'UnhandledPromiseRejection', message: /^This error originated either by throwing inside of an async function .* reason "oops"\.$/, code: 'ERR_UNHANDLED_REJECTION', fatal: true }]],
  ['node-throw-string', [{ name: 'Error', message: 'oops', fatal: true, shape: 'value' }]],
  ['node-eaddrinuse', [{ name: 'Error', message: /^listen EADDRINUSE: address already in use :::\d+$/, code: 'EADDRINUSE', fatal: true, frame: 'node:net' }]],
  ['node-assert', [{ name: 'AssertionError', message: 'Expected values to be strictly equal:\n\n1 !== 2', code: 'ERR_ASSERTION', fatal: true }]],
  ['node-aggregate', [{ name: 'AggregateError', message: 'All promises were rejected', fatal: true }]],
  ['console-error', [
    { name: 'Error', message: 'could not reach the database', causeCode: 'ECONNREFUSED', fatal: false },
    { name: 'Error', message: 'line one\nline two\n\nline four', fatal: false },
    { name: 'Error', message: "ENOENT: no such file or directory, open '/nonexistent/soet/x.json'", code: 'ENOENT', fatal: false },
    { name: 'Error', message: 'listen EADDRINUSE: address already in use :::3000', code: 'EADDRINUSE', fatal: false, shape: 'line' },
  ]],
  ['express5', [
    { name: 'TypeError', message: "Cannot read properties of undefined (reading 'id')", fatal: false, frame: 'express5.js' },
    { name: 'Error', message: 'connect ECONNREFUSED 127.0.0.1:5432', code: 'ECONNREFUSED', fatal: false },
  ]],
  ['express4', [{ name: 'SyntaxError', message: 'Unterminated string in JSON at position 14', fatal: false }]],
  ['koa', [{ name: 'RangeError', message: 'Invalid time value', fatal: false, frame: 'koa.js' }]],
  ['nest', [{ name: 'TypeError', message: "Cannot read properties of undefined (reading 'name')", fatal: false, frame: 'app.js' }]],
  ['fastify', [{ name: 'TypeError', message: "Cannot read properties of null (reading 'email')", fatal: false, shape: 'json', frame: 'fastify.js' }]],
  ['pino', [
    { name: 'Error', message: 'connect ECONNREFUSED 127.0.0.1:6379', code: 'ECONNREFUSED', fatal: false, shape: 'json' },
    { name: 'TypeError', message: 'job is not a function', fatal: false, shape: 'json' },
  ]],
  ['winston', [
    { name: 'SyntaxError', message: 'Unexpected token } in JSON at position 42', fatal: false, shape: 'json' },
    { name: 'Error', message: 'insufficient funds', fatal: false, shape: 'json' },
  ]],
  ['bunyan', [
    { name: 'Error', message: 'ETIMEDOUT while calling payments', fatal: false, shape: 'json' },
    { name: 'Error', message: 'getaddrinfo ENOTFOUND db.internal', code: 'ENOTFOUND', fatal: false, shape: 'json' },
  ]],
  ['node-watch', [
    { name: 'TypeError', message: "Cannot read properties of null (reading 'email')", fatal: true },
    { name: 'TypeError', message: "Cannot read properties of null (reading 'email')", fatal: true },
  ]],
  ['npm6-script', [{ name: 'Error', message: "ENOENT: no such file or directory, open '/nonexistent/config.json'", code: 'ENOENT', fatal: true }]],
];

describe('real output of real processes', () => {
  for (const [fixture, expected] of FIXTURES) {
    test(fixture, () => {
      const log = fs.readFileSync(path.join(LOGS, `${fixture}.log`));
      const reports = reportsIn(log);
      assert.equal(reports.length, expected.length, `reports found: ${reports.map((r) => `${r.error.name}: ${r.error.message}`).join(' | ')}`);
      expected.forEach((want, index) => {
        const report = reports[index];
        assert.ok(report);
        assert.equal(report.error.name, want.name);
        if (typeof want.message === 'string') assert.equal(report.error.message, want.message);
        else assert.match(report.error.message, want.message);
        assert.equal(report.fatal, want.fatal, 'fatal');
        assert.equal(report.shape, want.shape ?? 'stack');
        assert.equal(report.error.code, want.code);
        if (want.causeCode) assert.equal(report.error.cause?.code, want.causeCode);
        if (want.frame) assert.ok(parseStack(report.error.stack)[0]?.file.endsWith(want.frame), `first frame in ${want.frame}: ${report.error.stack}`);
      });
      // Chunk edges anywhere, down to a few bytes, change nothing.
      assert.deepEqual(reportsIn(log, 7), reports);
    });
  }
});

describe('ordinary output is never an error', () => {
  const ordinary = [
    'Server listening on :3000',
    '> shop@1.0.0 dev',
    '> node --watch server.js',
    '[nodemon] app crashed - waiting for file changes before starting...',
    "Restarting 'server.js'",
    'GET /api/users 500 12.345 ms - Internal Server Error',
    'ValidationError: email is required',
    'Error: something went wrong',
    'TypeError: x is not a function',
    'Warning: React.createElement: type is invalid',
    '(node:4242) [DEP0005] DeprecationWarning: Buffer() is deprecated due to security and usability issues.',
    '(node:4242) MaxListenersExceededWarning: Possible EventEmitter memory leak detected.',
    'npm ERR! code ELIFECYCLE',
    'npm ERR! Error: EACCES: permission denied, mkdir \'/usr/lib/node_modules\'',
    'npm error code 1',
    'src/index.ts(3,5): error TS2322: Type \'string\' is not assignable to type \'number\'.',
    'Found 0 errors. Watching for file changes.',
    '{"level":50,"time":1,"msg":"plain error message with no error object"}',
    '{"level":"error","message":"just an error level message"}',
    '{"level":"error"}',
    '{"err":{"code":"ENOTFOUND"},"msg":"db down"}',
    '{ this is not json }',
    '[Error: no code and no block]',
    '    at orphan (/app/frame.js:1:1)',
    '}',
    '',
    'Node.js v20.20.2',
  ];

  test('shapes alone, each on its own and all together', () => {
    for (const line of ordinary) assert.deepEqual(reportsIn(`${line}\n`), [], line);
    assert.deepEqual(reportsIn(`${ordinary.join('\n')}\n`), []);
  });

  test('10,000 lines of an ordinary dev server log', () => {
    const lines = Array.from({ length: 10_000 }, (_, i) => ordinary[i % ordinary.length] ?? '');
    assert.deepEqual(reportsIn(lines.join('\n')), []);
  });
});

describe('edges', () => {
  test('frames prefixed like their head (concurrently, turbo) and heads after a timestamp', () => {
    const log = ['[1] MongoServerError: E11000 duplicate key error collection: shop.users', '[1]     at /srv/app/node_modules/mongodb/lib/x.js:1:1', '[1] next line', '2026-11-21T10:00:00.000Z ERROR TypeError: boom', '    at handler (/srv/app/routes.js:3:9)'].join('\n');
    assert.deepEqual(reportsIn(log).map((r) => [r.error.name, r.error.message, parseStack(r.error.stack)[0]?.file]), [
      ['MongoServerError', 'E11000 duplicate key error collection: shop.users', '/srv/app/node_modules/mongodb/lib/x.js'],
      ['TypeError', 'boom', '/srv/app/routes.js'],
    ]);
  });

  test('a stack trace longer than the window is cut: one report, 50 frames kept, the rest skipped', () => {
    const frames = Array.from({ length: MAX_REPORT_LINES * 3 }, (_, i) => `    at f${i} (/app/deep.js:${i + 1}:1)`);
    const reports = reportsIn(['RangeError: Maximum call stack size exceeded', ...frames, 'TypeError: next', '    at g (/app/next.js:1:1)'].join('\n'));
    assert.deepEqual(reports.map((r) => r.error.name), ['RangeError', 'TypeError']);
    assert.equal(parseStack(reports[0]?.error.stack).length, 50);
  });

  test("a message of several lines whose lines look like JSON (Zod's issues) is the message when frames follow", () => {
    // What a real uncaught ZodError prints, as Node 20 writes it.
    const child = spawnSync(process.execPath, ['-e', "require('zod').object({ email: require('zod').string() }).parse({})"], { cwd: ROOT, encoding: 'utf8' });
    const reports = reportsIn(child.stderr);
    assert.equal(reports.length, 1, child.stderr);
    const [report] = reports;
    assert.equal(report?.error.name, 'ZodError');
    assert.equal(report?.fatal, true);
    assert.match(report?.error.message ?? '', /"expected": "string"[\s\S]*"path": \[\s*"email"/);
    assert.ok(parseStack(report?.error.stack).length > 0, 'its frames are read');
  });

  test('lines held after a head that no frames follow are read anew: a JSON error log line is still found', () => {
    const jsonLine = JSON.stringify({ level: 50, msg: 'request failed', err: { type: 'Error', message: 'db down', stack: 'Error: db down\n    at query (/srv/app/db.js:1:1)' } });
    const reports = reportsIn(['Error: something went wrong', '{', '  "note": "not an error"', '}', jsonLine, 'server still up'].join('\n'));
    assert.deepEqual(reports.map((r) => [r.error.name, r.error.message, r.shape]), [['Error', 'db down', 'json']]);
  });

  test('a line that never ends is read up to 64 KB and costs no more', () => {
    const reports = reportsIn(`Error: listen EADDRINUSE: ${'x'.repeat(5_000_000)}`, 65_536);
    assert.equal(reports.length, 1);
    assert.ok((reports[0]?.error.message.length ?? 0) <= 65_536);
  });
});

describe('the one-shot rule', () => {
  const byMessage = (error: { message: string }): string => error.message;
  const report = (message: string, fatal = false): ErrorReport => ({ error: { name: 'Error', message }, fatal, shape: 'stack' });

  test('the fatal error (the last uncaught one) wins over every logged one', () => {
    const choice = new OneShotChoice(byMessage);
    for (const one of [report('logged'), report('first crash', true), report('logged again'), report('last crash', true), report('after')]) choice.add(one);
    assert.deepEqual(choice.chosen.map((r) => r.error.message), ['last crash']);
  });

  test('without a fatal one: each distinct error, the last three, in the order last seen', () => {
    const choice = new OneShotChoice(byMessage);
    for (const message of ['a', 'b', 'a', 'c', 'd', 'c', 'b']) choice.add(report(message));
    assert.deepEqual(choice.chosen.map((r) => r.error.message), ['d', 'c', 'b']);
  });

  test('a real crash log with an earlier logged error: the fatal one', () => {
    const log = fs.readFileSync(path.join(LOGS, 'express5.log'), 'utf8') + fs.readFileSync(path.join(LOGS, 'node-code-block.log'), 'utf8');
    assert.equal(errorFromText(log)?.code, 'ENOENT');
  });
});

/** Best of three: the detector's time over `input`, in ms. */
function timeOf(input: Buffer): number {
  let best = Number.POSITIVE_INFINITY;
  for (let run = 0; run < 3; run += 1) {
    const started = performance.now();
    reportsIn(input, 65_536);
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

const MB = 1024 * 1024;
/** `unit` repeated to `bytes`. */
const filled = (unit: string, bytes: number): Buffer => Buffer.from(unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes));
/** A `[cause]` inside a `[cause]`, ever deeper: each level indented two more spaces. */
function nestedCauses(bytes: number): Buffer {
  const parts = ['Error: outer', '    at main (/app/a.js:1:1) {'];
  let size = 0;
  for (let depth = 1; size < bytes; depth += 1) {
    const pad = ' '.repeat(Math.min(depth * 2, 2_000));
    const piece = `${pad}[cause]: Error: level ${depth}\n${pad}    at f (/app/a.js:${depth}:1) {\n${pad}  code: 'ECONNREFUSED',`;
    parts.push(piece);
    size += piece.length;
  }
  return Buffer.from(parts.join('\n'));
}

describe('linear time over 1 MB', () => {
  const shapes: readonly (readonly [string, (bytes: number) => Buffer])[] = [
    ['no newlines at all', (bytes) => filled('x', bytes)],
    ['no newlines, heads over and over', (bytes) => filled('TypeError: Error: ', bytes)],
    ['very long lines (200 KB each)', (bytes) => filled(`Error: ${'a'.repeat(200_000)}\n`, bytes)],
    ['very long JSON lines', (bytes) => filled(`{"err":{"type":"Error","message":"${'m'.repeat(60_000)}","stack":"Error: m\\n    at f (/a.js:1:1)"}}\n`, bytes)],
    ['endless `    at` frames', (bytes) => Buffer.concat([Buffer.from('Error: deep\n'), filled('    at f (/app/a.js:1:1)\n', bytes)])],
    ['nested `[cause]` blocks', nestedCauses],
    ['heads without frames, one per line', (bytes) => filled('ValidationError: email is required\n', bytes)],
    ['brackets and braces that never close', (bytes) => filled('[Error: x] {\n  a: {\n', bytes)],
    ['carets and the trace hint', (bytes) => filled('    ^\n(Use `node --trace-uncaught ...` to show where the exception was thrown)\n', bytes)],
  ];
  for (const [label, make] of shapes) {
    test(label, () => {
      const small = timeOf(make(MB / 8));
      const large = timeOf(make(MB));
      // Linear would be 8x; quadratic 64x. Generous for a shared machine, and an absolute cap as well.
      assert.ok(large < Math.max(small, 2) * 24, `${label}: ${small.toFixed(1)} ms for 128 KB, ${large.toFixed(1)} ms for 1 MB`);
      assert.ok(large < 2_000, `${label}: ${large.toFixed(0)} ms for 1 MB`);
    });
  }
});
