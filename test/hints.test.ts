// Offline hints, tags from the stack, and reading errors back from text: no network needed for any of it.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { errorFromText } from '../src/cli/crashlog.js';
import { hintsFor } from '../src/hints.js';
import { firstUserFrame, packageOf, parseStack } from '../src/stack.js';
import { tagsFromFrames } from '../src/tags.js';

const CWD = '/home/dev/shop';
const frame = (location: string, fn = 'handler'): string => `    at ${fn} (${location})`;
const stack = (...frames: string[]): string => ['Error: boom', ...frames].join('\n');

describe('hints', () => {
  test("Node's own codes link to their entry in the errors documentation", () => {
    const hints = hintsFor({ name: 'Error', message: 'Cannot set headers after they are sent to the client', code: 'ERR_HTTP_HEADERS_SENT' }, CWD);
    assert.deepEqual(hints, [
      { kind: 'node-docs', text: "ERR_HTTP_HEADERS_SENT is one of Node.js's own errors; its documentation explains the cause.", link: 'https://nodejs.org/api/errors.html#err_http_headers_sent' },
    ]);
  });

  for (const code of ['ECONNREFUSED', 'EADDRINUSE', 'ENOENT', 'EACCES', 'EPERM', 'ETIMEDOUT', 'ENOTFOUND', 'ECONNRESET', 'EMFILE']) {
    test(`${code} gets one line of cause and usual fix`, () => {
      const [hint] = hintsFor({ name: 'Error', message: 'something failed', code }, CWD);
      assert.equal(hint?.kind, 'system-error');
      assert.match(hint?.text ?? '', new RegExp(`^${code}: [a-z].+\\.$`));
    });
  }

  test('a system code is found in the message when the error has no code property', () => {
    assert.equal(hintsFor({ name: 'Error', message: 'listen EADDRINUSE: address already in use :::3000' }, CWD)[0]?.kind, 'system-error');
  });

  test('the first frame in your own code, relative to the working directory', () => {
    const error = {
      name: 'TypeError',
      message: 'x',
      stack: stack(frame('node:internal/modules/cjs/loader:1521:14'), frame('/home/dev/shop/node_modules/express/lib/router/layer.js:95:5'), frame('/home/dev/shop/src/routes/users.js:42:17')),
    };
    assert.deepEqual(hintsFor(error, CWD), [{ kind: 'user-frame', text: 'thrown at src/routes/users.js:42:17' }]);
  });

  test('a frame outside the working directory keeps its absolute path; no frame, no hint', () => {
    assert.equal(hintsFor({ name: 'E', message: 'x', stack: stack(frame('/opt/tools/run.js:1:2')) }, CWD)[0]?.text, 'thrown at /opt/tools/run.js:1:2');
    assert.deepEqual(hintsFor({ name: 'E', message: 'x', stack: stack(frame('node:net:2059:5')) }, CWD), []);
  });
});

describe('reading stacks', () => {
  test('frames of every form: named, anonymous, async, file URLs, Windows paths', () => {
    const frames = parseStack(
      stack('    at /srv/app/a.js:1:2', frame('file:///srv/app/b.mjs:3:4'), '    at async load (/srv/app/c.js:5:6)', frame('C:\\Users\\dev\\app\\d.js:7:8'), '    at new Promise (<anonymous>)', 'not a frame'),
    );
    assert.deepEqual(frames, [
      { file: '/srv/app/a.js', line: 1, column: 2 },
      { file: '/srv/app/b.mjs', line: 3, column: 4 },
      { file: '/srv/app/c.js', line: 5, column: 6 },
      { file: 'C:\\Users\\dev\\app\\d.js', line: 7, column: 8 },
    ]);
  });

  test('the package of a frame is the innermost node_modules folder, scoped or not', () => {
    assert.equal(packageOf('/app/node_modules/mongoose/lib/model.js'), 'mongoose');
    assert.equal(packageOf('/app/node_modules/@prisma/client/runtime/library.js'), '@prisma/client');
    assert.equal(packageOf('/app/node_modules/mongoose/node_modules/mongodb/lib/x.js'), 'mongodb');
    assert.equal(packageOf(path.join('/app', 'src', 'x.js')), undefined);
    assert.equal(firstUserFrame(parseStack(stack(frame('/app/node_modules/pg/lib/client.js:1:1')))), undefined);
  });
});

describe('tags from the stack', () => {
  const cases: [string, string[], string[]][] = [
    ['mongoose', ['/app/node_modules/mongoose/lib/model.js:1:1', '/app/src/a.js:1:1'], ['mongoose']],
    ['sequelize', ['/app/node_modules/sequelize/lib/dialects/abstract/query.js:1:1'], ['sequelize.js']],
    ['pg', ['/app/node_modules/pg/lib/client.js:1:1'], ['node-postgres']],
    ['@prisma/client', ['/app/node_modules/@prisma/client/runtime/library.js:1:1'], ['prisma']],
    ['mysql2', ['/app/node_modules/mysql2/lib/connection.js:1:1'], ['mysql']],
    ['axios', ['/app/node_modules/axios/lib/core/settle.js:1:1'], ['axios']],
    ['jsonwebtoken', ['/app/node_modules/jsonwebtoken/verify.js:1:1'], ['jwt']],
    ['an unknown package, then a known one further out', ['/app/node_modules/tiny-helper/index.js:1:1', '/app/node_modules/express/lib/router/index.js:1:1'], ['express']],
    ['user code only', ['/app/src/a.js:1:1'], []],
  ];
  for (const [label, locations, tags] of cases) {
    test(label, () => assert.deepEqual(tagsFromFrames(parseStack(stack(...locations.map((l) => frame(l))))), tags));
  }
});

describe('errors read back from text', () => {
  test('a message typed by hand', () => {
    assert.deepEqual(errorFromText("TypeError: Cannot read properties of undefined (reading 'map')"), { name: 'TypeError', message: "Cannot read properties of undefined (reading 'map')" });
    assert.deepEqual(errorFromText('just some words'), { name: 'Error', message: 'just some words' });
    assert.equal(errorFromText('  \n \n'), undefined);
  });

  test("Node's crash output: the arrow lines skipped, Name [CODE]: message, frames and the code: line", () => {
    const log = [
      '/srv/app/server.js:12',
      "    throw new Error('x')",
      '    ^',
      '',
      "Error [ERR_MODULE_NOT_FOUND]: Cannot find package 'left-pad' imported from /srv/app/server.js",
      '    at packageResolve (node:internal/modules/esm/resolve:854:9)',
      '    at main (/srv/app/server.js:12:5) {',
      "  code: 'ERR_MODULE_NOT_FOUND'",
      '}',
      '',
      'Node.js v20.20.2',
    ].join('\n');
    const error = errorFromText(log);
    assert.equal(error?.name, 'Error');
    assert.equal(error?.code, 'ERR_MODULE_NOT_FOUND');
    assert.equal(error?.message, "Cannot find package 'left-pad' imported from /srv/app/server.js");
    assert.deepEqual(parseStack(error?.stack).map((f) => f.file), ['node:internal/modules/esm/resolve', '/srv/app/server.js']);
  });

  test('a log with other lines first: the line followed by frames wins', () => {
    const log = ['[nodemon] starting `node app.js`', 'Warning: ValidationError: this one has no frames', '[1] MongoServerError: E11000 duplicate key error collection: shop.users', '    at /srv/app/node_modules/mongodb/lib/x.js:1:1', '  code: 11000'].join('\n');
    const error = errorFromText(log);
    assert.equal(error?.name, 'MongoServerError');
    assert.match(error?.message ?? '', /^E11000 duplicate key error/);
  });
});
