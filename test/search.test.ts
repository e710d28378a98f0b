// What is searched: templates as a developer types them, no search syntax, the informative line, causes, fingerprints.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ErrorDescription } from '../src/describe.js';
import { type SearchSettings, informativeLine, planSearch, templateOf, templateText, withoutSearchSyntax } from '../src/search/index.js';
import { parseSearch } from './support/standin.js';

const SETTINGS: SearchSettings = { site: 'stackoverflow', tags: ['node.js', 'javascript'], redact: [] };
const plan = (error: Partial<ErrorDescription>, settings: Partial<SearchSettings> = {}, stackTags: string[] = []) =>
  planSearch({ name: 'Error', message: '', ...error }, { ...SETTINGS, ...settings }, stackTags);
const first = (error: Partial<ErrorDescription>): string | undefined => plan(error)?.text;
const fingerprint = (message: string, name = 'Error'): string | undefined => plan({ name, message })?.fingerprint;

/** What the site's search would read as syntax in `text`; empty when there is none. */
function syntaxIn(text: string): string[] {
  const query = parseSearch(text);
  return [...query.tags.map((tag) => `[${tag}]`), ...query.phrases.map((phrase) => `"${phrase.join(' ')}"`), ...query.excluded.map((word) => `-${word}`), ...query.operators.map(([key]) => `${key}:`)];
}

describe('templates: a line as a developer would type it', () => {
  const cases: [string, string][] = [
    ["Cannot read properties of undefined (reading 'map')", "Cannot read properties of undefined reading 'map'"],
    ['orderService.findAllOrders is not a function', 'is not a function'],
    ['products.map is not a function', 'map is not a function'],
    ['cartTotal is not defined', 'is not defined'],
    ['fetch is not defined', 'fetch is not defined'],
    ["Cannot access 'config' before initialization", 'Cannot access before initialization'],
    ["Cannot destructure property 'name' of 'req.body' as it is undefined.", "Cannot destructure property of 'req.body' as it is undefined"],
    ['options.port should be >= 0 and < 65536. Received type number (-1).', 'options.port should be >= 0 and < 65536'],
    ['Request failed with status code 404', 'Request failed with status code 404'],
    ['Order 42 not found after 1234ms', 'Order not found after'],
    ['User user_1234 and session k3j5x9q2 and V1StGXR8_Z5jdHi6B-myT expired', 'User and session and expired'],
    ['getaddrinfo ENOTFOUND orders-db.internal.invalid', 'getaddrinfo ENOTFOUND'],
    ['getaddrinfo EAI_AGAIN redis', 'getaddrinfo EAI_AGAIN'],
    ['connect ECONNREFUSED 127.0.0.1:41234', 'connect ECONNREFUSED 127.0.0.1'],
    ['connect ECONNREFUSED ::1:27017', 'connect ECONNREFUSED ::1:27017'],
    ['Missing parameter name at index 1: *; visit https://git.new/pathToRegexpError for info', 'Missing parameter name'],
    ['Cast to ObjectId failed for value "abc" (type string) at path "_id" for model "User"', "Cast to ObjectId failed for value at path '_id'"],
    ['Cast to Number failed for value "x" (type string) at path "age"', 'Cast to Number failed for value'],
    ['E11000 duplicate key error collection: shop.users index: email_1 dup key: { email: 1 }', 'E11000 duplicate key error collection dup key'],
    ['Operation `orders.findOne()` buffering timed out after 10000ms', 'Operation findOne buffering timed out after'],
    ['Customer is not associated to Order!', 'is not associated'],
    ['spawn imagemagick-convert ENOENT', 'spawn ENOENT'],
    ['Dialect needs to be explicitly supplied as of v4.0.0', 'Dialect needs to be explicitly supplied as of v4.0.0'],
    ['Unknown file extension ".ts" for /app/src/server.ts', "Unknown file extension '.ts' for"],
    ["Cannot find module '/app/node_modules/bcrypt/lib/binding/napi-v3/bcrypt_lib.node'", 'Cannot find module bcrypt'],
    ['Invalid regular expression: /(unclosed/: Unterminated group', 'Invalid regular expression Unterminated group'],
  ];
  for (const [line, typed] of cases) test(JSON.stringify(line.slice(0, 70)), () => assert.equal(templateOf(line).clauses.flat().join(' '), typed));

  test('a line is read in clauses, at commas, colons and full stops', () => {
    assert.deepEqual(templateOf("ENOENT: no such file or directory, open '/x/y.json'").clauses, [['ENOENT'], ['no', 'such', 'file', 'or', 'directory'], ['open']]);
  });

  test('run data is classified, so a fingerprint can leave it out without redacting first', () => {
    const kinds = templateOf('User u_81f3 at 10.0.0.7:5432 read /home/ann/a.json from https://x.example/y in 30ms, id 3f2b8c1e-9d4a-4f6b-8a2e-1c7d5e9f0a3b').tokens
      .filter((token) => token.kind !== 'space' && token.kind !== 'punct' && token.kind !== 'word')
      .map((token) => token.kind);
    assert.deepEqual(kinds, ['id', 'address', 'path', 'url', 'number', 'id']);
  });
});

describe('no search syntax in anything sent', () => {
  const hazards = [
    { name: 'Error', message: 'Cannot set headers after they are sent to the client', code: 'ERR_HTTP_HEADERS_SENT' },
    { name: 'SequelizeValidationError', message: 'ValidationError [SequelizeValidationError]: notNull Violation: Order.sku cannot be null' },
    { name: 'TypeError', message: 'Expected [object Undefined] to be "an array" -- got -1 results; is:question user:1234 score:5 code:"x" intitle:map url:x' },
    { name: 'Error', message: '"quoted phrase" -excluded [tag] OR AND NOT *wild* `code` key:value' },
    { name: 'Error', message: "Can't reach database server at `localhost:5432`" },
  ];
  for (const error of hazards) {
    test(JSON.stringify(error.message.slice(0, 60)), () => {
      const planned = plan(error);
      assert.ok(planned, 'something is searched');
      for (const search of planned.searches) assert.deepEqual(syntaxIn(search.text), [], `${search.method}: ${search.text}`);
    });
  }

  test("Node's `Error [ERR_X]: message` becomes `ERR_X message`; `Class [Name]: message` becomes `Name message`", () => {
    assert.equal(first({ message: 'Error [ERR_HTTP_HEADERS_SENT]: Cannot set headers after they are sent to the client' }), 'ERR_HTTP_HEADERS_SENT Cannot set headers after they are sent to the client');
    assert.equal(first({ name: 'RangeError', message: 'options.port should be >= 0 and < 65536', code: 'ERR_SOCKET_BAD_PORT' }), 'ERR_SOCKET_BAD_PORT options.port should be >= 0 and < 65536');
    assert.equal(first({ message: 'ValidationError [SequelizeValidationError]: notNull Violation: Order.sku cannot be null' }), 'SequelizeValidationError notNull Violation cannot be null');
  });

  test('the cleaning is idempotent and keeps colons between digits', () => {
    const once = withoutSearchSyntax('TypeError: x [y] "z" -w is:q localhost:5432 127.0.0.1:5432 ::1');
    assert.equal(once, 'TypeError x y z w is q localhost 5432 127.0.0.1:5432 ::1');
    assert.equal(withoutSearchSyntax(once), once);
  });

  test("the app's beforeSearch sees clean text, and what it returns is cleaned again", () => {
    const seen: string[] = [];
    const planned = plan({ name: 'TypeError', message: "Cannot read properties of undefined (reading 'map')" }, { beforeSearch: (q) => (seen.push(q), `${q} [react] "hooks"`) });
    assert.equal(seen[0], "TypeError Cannot read properties of undefined reading 'map'");
    assert.equal(planned?.text, "TypeError Cannot read properties of undefined reading 'map' react hooks");
  });
});

describe('the informative line', () => {
  const cases: [string, string, string][] = [
    ['Prisma: the failure after the code frame', '\nInvalid `prisma.user.create()` invocation in\n/app/src/users.ts:14:37\n\n  11 export async function f() {\n  13 \n→ 14   const user = await prisma.user.create(\nUnique constraint failed on the fields: (`email`)', 'Unique constraint failed on the fields: (`email`)'],
    ['Zod: the first issue of its JSON list', '[\n  {\n    "code": "invalid_type",\n    "message": "Invalid input: expected string, received undefined"\n  }\n]', 'Invalid input: expected string, received undefined'],
    ['a require stack: the first line', "Cannot find module 'dotenv'\nRequire stack:\n- /app/index.js", "Cannot find module 'dotenv'"],
    ['a circular structure: the first line', "Converting circular structure to JSON\n    --> starting at object with constructor 'Object'\n    --- property 'self' closes the circle", 'Converting circular structure to JSON'],
    ['a hint after the failure: the failure', "Can't reach database server at `db:5432`\n\nPlease make sure your database server is running", "Can't reach database server at `db:5432`"],
  ];
  for (const [label, message, line] of cases) test(label, () => assert.equal(informativeLine(message), line));
});

describe('the cause', () => {
  test('a vague error searches the cause that names the failure; the whole chain goes to /similar', () => {
    const planned = plan({ name: 'TypeError', message: 'fetch failed', code: 'ECONNREFUSED', causes: [{ name: 'Error', message: 'connect ECONNREFUSED 127.0.0.1:3000', code: 'ECONNREFUSED' }] });
    assert.deepEqual(planned?.searches, [
      { method: 'search/advanced', text: 'fetch failed connect ECONNREFUSED 127.0.0.1' },
      { method: 'similar', text: 'TypeError fetch failed connect ECONNREFUSED 127.0.0.1' },
      { method: 'search/advanced', text: 'ECONNREFUSED fetch connect' },
    ]);
  });

  test('a specific error keeps its own message, and a code found only on its cause is not its own', () => {
    assert.equal(first({ name: 'TypeError', message: 'Failed to parse URL from /api/orders', code: 'ERR_INVALID_URL', causes: [{ name: 'TypeError', message: 'Invalid URL', code: 'ERR_INVALID_URL' }] }), 'TypeError Failed to parse URL');
  });
});

describe('the plan', () => {
  test('the core is about ten words, cut before a connecting word', () => {
    assert.equal(first({ name: 'SyntaxError', message: 'await is only valid in async functions and the top level bodies of modules' }), 'SyntaxError await is only valid in async functions');
  });

  test('tags read from the stack are ranked on, not sent', () => {
    const planned = plan({ message: 'boom failed' }, {}, ['mongoose']);
    assert.deepEqual(planned?.tags, ['node.js', 'javascript']);
    assert.deepEqual(planned?.rankTags, ['mongoose']);
  });

  test('acceptance: the codes and distinctive words a relevant title shares', () => {
    assert.deepEqual(plan({ message: 'Cannot set headers after they are sent to the client', code: 'ERR_HTTP_HEADERS_SENT' })?.accept, { codes: ['err_http_headers_sent'], words: ['set', 'headers', 'sent', 'client'] });
  });

  test('nothing searchable left: no plan', () => {
    assert.equal(plan({ message: "'/home/alice/secret.txt'" }), null);
    assert.equal(plan({ message: '' }), null);
    assert.equal(plan({ message: 'user_1234 3f2b8c1e' }), null);
  });

  test('a name or code that looks like a key is not sent', () => {
    const planned = plan({ name: 'AKIAIOSFODNN7EXAMPLE', message: 'boom happened', code: 'AKIAIOSFODNN7EXAMPLE' });
    assert.equal(planned?.text, 'boom happened');
    assert.ok(!JSON.stringify(planned).includes('AKIA'));
  });

  test('redact patterns and functions run on the line before its template', () => {
    assert.equal(plan({ message: 'Tenant ACME-4411 failed checkout' }, { redact: [/ACME-\d+/, (text) => text.replace('checkout', 'payment')] })?.text, 'Tenant failed payment');
  });

  test('beforeSearch vetoes a search, or the whole plan when it vetoes the first', () => {
    const vetoed = plan({ name: 'TypeError', message: "Cannot read properties of undefined (reading 'map')" }, { beforeSearch: (q) => (q.includes('reading') ? q : false) });
    assert.deepEqual(vetoed?.searches.map((s) => s.method), ['search/advanced', 'similar']);
    assert.equal(plan({ message: 'anything at all' }, { beforeSearch: () => false }), null);
  });

  test('a rule that throws is not swallowed here (the engine then sends nothing)', () => {
    assert.throws(() => plan({ message: 'boom' }, { beforeSearch: () => { throw new Error('app rule broke'); } }), /app rule broke/);
  });
});

describe('fingerprints', () => {
  const same: [string, string, string][] = [
    ['ids', 'User 123456 not found in shard 7', 'User 987654 not found in shard 9'],
    ['short numbers', 'Order 42 not found', 'Order 43 not found'],
    ['durations', 'Query took 1234ms to run', 'Query took 87ms to run'],
    ['timestamps', 'Lock expired at 2024-05-01T12:34:56.789Z', 'Lock expired at 2025-01-09T01:02:03Z'],
    ['hex ids', 'Request 5aced8d9 failed', 'Request 9f00ab12 failed'],
    ['hex ids with one letter', 'Request 1234567a failed', 'Request 7654321b failed'],
    ['prefixed ids', 'No user_1234 in cache', 'No user_98 in cache'],
    ['base36 ids', 'Job k3j5x9q2 failed', 'Job lq2k9x8w failed'],
    ['nanoids', 'Session V1StGXR8_Z5jdHi6B-myT expired', 'Session x9Fj2kLm_3Pq8Rt5Vw-abC expired'],
    ['UUIDs', 'Job 3f2b8c1e-9d4a-4f6b-8a2e-1c7d5e9f0a3b crashed', 'Job 0b7e4d2a-1c3f-4e5d-9a8b-7c6d5e4f3a2b crashed'],
    ['paths', "ENOENT: no such file or directory, open '/home/alice/a.json'", "ENOENT: no such file or directory, open 'C:\\Users\\bob\\b.json'"],
    ['secrets', 'Invalid API Key provided: sk_live_4eC39HqLyjWDarjtT1zdp7dc', 'Invalid API Key provided: sk_live_9zY8xW7vU6tS5rQ4pO3nM2lK'],
    ['quoted data', 'Value "hello there, world" is invalid', 'Value "a completely different input!" is invalid'],
    ['addresses on the network', 'connect ECONNREFUSED 10.0.0.1:5432', 'connect ECONNREFUSED 192.168.4.20:5432'],
  ];
  for (const [what, a, b] of same) test(`errors that differ only in ${what} share one`, () => assert.equal(fingerprint(a), fingerprint(b)));

  const different: [string, [string, string], [string, string]][] = [
    ['HTTP status codes', ['Error', 'Request failed with status code 404'], ['Error', 'Request failed with status code 500']],
    ['names', ['TypeError', 'x failed'], ['RangeError', 'x failed']],
    ['words', ['Error', 'Order not found'], ['Error', 'Invoice not found']],
    ['codes in words', ['MongoServerError', 'E11000 duplicate key error'], ['MongoServerError', 'E12000 duplicate key error']],
    ['versions', ['Error', 'Dialect needs to be explicitly supplied as of v4.0.0'], ['Error', 'Dialect needs to be explicitly supplied as of v5.0.0']],
  ];
  for (const [what, [nameA, a], [nameB, b]] of different) {
    test(`errors that differ in ${what} do not`, () => assert.notEqual(fingerprint(a, nameA), fingerprint(b, nameB)));
  }

  test('site and configured tags count; tags read from the stack do not', () => {
    const base = plan({ message: 'boom failed' });
    assert.notEqual(plan({ message: 'boom failed' }, { site: 'superuser' })?.fingerprint, base?.fingerprint);
    assert.notEqual(plan({ message: 'boom failed' }, { tags: ['node.js', 'javascript', 'express'] })?.fingerprint, base?.fingerprint);
    assert.equal(plan({ message: 'boom failed' }, {}, ['mongoose'])?.fingerprint, base?.fingerprint);
  });

  test('the kind names the error with run data as #', () => {
    assert.equal(templateText('Order 42 not found after 1234ms at 12:30:01'), 'Order # not found after # at #');
  });
});

describe('linear time', () => {
  /** Milliseconds to read the template of a message made of `unit` repeated to `length` characters. */
  function planTime(unit: string, length: number): number {
    const message = unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
    const started = performance.now();
    templateOf(informativeLine(message));
    return performance.now() - started;
  }

  for (const [label, unit] of [
    ['words', 'Cannot read properties of undefined '],
    ['quotes that never close', "'a "],
    ['rule anchors in one clause', 'could not be cloned '],
    ['ids and paths', 'user_1234 /a/b/c k3j5x9q2 '],
    ['colons and dots', 'a:b.c:d. '],
  ] as const) {
    test(`a 1 MB line of ${label} takes about ten times as long as 100 KB, not a hundred`, () => {
      planTime(unit, 10_000);
      const small = Math.max(planTime(unit, 100_000), 1);
      const large = planTime(unit, 1_000_000);
      assert.ok(large < small * 40, `100 KB: ${small.toFixed(1)} ms, 1 MB: ${large.toFixed(1)} ms`);
    });
  }
});
