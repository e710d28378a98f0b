// What is searched: the cleaned first line, its relaxed forms, and a fingerprint that ignores run data.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ErrorDescription } from '../src/describe.js';
import { cleanMessage, kindOf, planQuery, type QuerySettings } from '../src/query.js';

const SETTINGS: QuerySettings = { site: 'stackoverflow', tags: ['node.js', 'javascript'], redact: [] };
const plan = (error: Partial<ErrorDescription>, settings: Partial<QuerySettings> = {}, stackTags: string[] = []) =>
  planQuery({ name: 'Error', message: '', ...error }, { ...SETTINGS, ...settings }, stackTags);
const fingerprint = (message: string, name = 'Error'): string | undefined => plan({ name, message })?.fingerprint;

describe('cleaning', () => {
  const cases: [string, string][] = [
    ["Cannot read properties of undefined (reading 'map')", "Cannot read properties of undefined (reading 'map')"],
    ['First line only\n    at somewhere (/app/x.js:1:1)', 'First line only'],
    ['User 123456 not found', 'User not found'],
    ['Lock expired at 2024-05-01T12:34:56.789Z for job', 'Lock expired at for job'],
    ['connect ECONNREFUSED 10.0.0.12:5432', 'connect ECONNREFUSED'],
    ["ENOENT: no such file or directory, open '/home/alice/app/.env'", 'ENOENT: no such file or directory, open'],
  ];
  for (const [message, cleaned] of cases) test(JSON.stringify(message.slice(0, 60)), () => assert.equal(cleanMessage(message), cleaned));

  test('a long message is cut at a word, within 150 characters', () => {
    const cleaned = cleanMessage(`Invalid value ${'word '.repeat(60)}`);
    assert.ok(cleaned.length <= 150 && cleaned.length > 140, String(cleaned.length));
    assert.match(cleaned, /^Invalid value (word )+word$/);
  });

  test('the query carries the name, and the code of Node’s own errors, as Node prints them', () => {
    assert.equal(plan({ name: 'TypeError', message: 'x is not a function' })?.text, 'TypeError: x is not a function');
    assert.equal(plan({ message: 'Cannot set headers after they are sent to the client', code: 'ERR_HTTP_HEADERS_SENT' })?.text, 'Error [ERR_HTTP_HEADERS_SENT]: Cannot set headers after they are sent to the client');
    assert.equal(plan({ message: 'TypeError: already named' , name: 'TypeError' })?.text, 'TypeError: already named');
  });

  test('nothing searchable left: no plan', () => {
    assert.equal(plan({ message: "'/home/alice/secret.txt'" }), null);
    assert.equal(plan({ message: '' }), null);
  });

  test('a name or code that looks like a key is not sent', () => {
    const planned = plan({ name: 'AKIAIOSFODNN7EXAMPLE', message: 'boom happened', code: 'AKIAIOSFODNN7EXAMPLE' });
    assert.equal(planned?.text, 'Error: boom happened');
    assert.ok(!JSON.stringify(planned).includes('AKIA'));
  });
});

describe('relaxed searches', () => {
  test('without quoted parts and parentheses, then the title for /similar', () => {
    assert.deepEqual(plan({ name: 'TypeError', message: "Cannot read properties of undefined (reading 'map')" })?.searches, [
      { method: 'search/advanced', text: "TypeError: Cannot read properties of undefined (reading 'map')" },
      { method: 'search/advanced', text: 'TypeError: Cannot read properties of undefined' },
      { method: 'similar', text: 'TypeError: Cannot read properties of undefined' },
    ]);
  });

  test('name and code when there is a code; no repeats of the same search', () => {
    assert.deepEqual(plan({ name: 'Error', message: 'read ECONNRESET', code: 'ECONNRESET' })?.searches.map((s) => s.text), ['Error: read ECONNRESET', 'ECONNRESET']);
  });
});

describe('your own rules', () => {
  test('redact patterns and functions run on the message', () => {
    assert.equal(plan({ message: 'Tenant ACME-4411 failed checkout' }, { redact: [/ACME-\d+/, (text) => text.replace('checkout', 'payment')] })?.text, 'Error: Tenant failed payment');
  });

  test('beforeSearch rewrites every search, or vetoes one', () => {
    const rewritten = plan({ name: 'TypeError', message: "Cannot read properties of undefined (reading 'map')" }, { beforeSearch: (q) => (q.includes('reading') ? `${q} react` : false) });
    assert.deepEqual(rewritten?.searches.map((s) => s.text), ["TypeError: Cannot read properties of undefined (reading 'map') react"]);
    assert.equal(plan({ message: 'anything at all' }, { beforeSearch: () => false }), null, 'vetoing the main search sends nothing');
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
    ['UUIDs', 'Job 3f2b8c1e-9d4a-4f6b-8a2e-1c7d5e9f0a3b crashed', 'Job 0b7e4d2a-1c3f-4e5d-9a8b-7c6d5e4f3a2b crashed'],
    ['paths', "ENOENT: no such file or directory, open '/home/alice/a.json'", "ENOENT: no such file or directory, open 'C:\\Users\\bob\\b.json'"],
    ['secrets', 'Invalid API Key provided: sk_live_4eC39HqLyjWDarjtT1zdp7dc', 'Invalid API Key provided: sk_live_9zY8xW7vU6tS5rQ4pO3nM2lK'],
    ['quoted data', 'Value "hello there, world" is invalid', 'Value "a completely different input!" is invalid'],
    ['addresses', 'connect ECONNREFUSED 10.0.0.1:5432', 'connect ECONNREFUSED 2001:db8::7:6379'],
  ];
  for (const [what, a, b] of same) test(`errors that differ only in ${what} share one`, () => assert.equal(fingerprint(a), fingerprint(b)));

  const different: [string, [string, string], [string, string]][] = [
    ['HTTP status codes', ['Error', 'Request failed with status code 404'], ['Error', 'Request failed with status code 500']],
    ['names', ['TypeError', 'x failed'], ['RangeError', 'x failed']],
    ['words', ['Error', 'Order not found'], ['Error', 'Invoice not found']],
    ['codes in words', ['MongoServerError', 'E11000 duplicate key error'], ['MongoServerError', 'E12000 duplicate key error']],
  ];
  for (const [what, [nameA, a], [nameB, b]] of different) {
    test(`errors that differ in ${what} do not`, () => assert.notEqual(fingerprint(a, nameA), fingerprint(b, nameB)));
  }

  test('site and configured tags count; tags read from the stack do not, but are searched', () => {
    const base = plan({ message: 'boom failed' });
    assert.notEqual(plan({ message: 'boom failed' }, { site: 'superuser' })?.fingerprint, base?.fingerprint);
    assert.notEqual(plan({ message: 'boom failed' }, { tags: ['node.js', 'javascript', 'express'] })?.fingerprint, base?.fingerprint);
    const fromMongoose = plan({ message: 'boom failed' }, {}, ['mongoose']);
    assert.equal(fromMongoose?.fingerprint, base?.fingerprint);
    assert.deepEqual(fromMongoose?.tags, ['node.js', 'javascript', 'mongoose']);
  });

  test('the kind names the error with run data as #', () => {
    assert.equal(kindOf('Order 42 not found after 1234ms at 12:30:01'), 'Order # not found after # at #');
    assert.equal(plan({ message: 'Order 42 not found' })?.kind, 'Error: Order # not found');
  });
});
