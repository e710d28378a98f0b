// describe(): every thrown value is read defensively into a bounded, inert description, or skipped.
import assert from 'node:assert/strict';
import { describe as suite, test } from 'node:test';
import { describe } from '../src/describe.js';
import { THROWN } from './support/values.js';

suite('describe', () => {
  for (const { label, make, searchable } of THROWN) {
    test(`${label}: ${searchable ? 'described' : 'skipped'}, without throwing`, () => {
      const description = describe(make());
      assert.equal(description !== null, searchable);
    });
  }

  test('null and undefined are skipped', () => {
    assert.equal(describe(null), null);
    assert.equal(describe(undefined), null);
  });

  test('reads name, message and a string code', () => {
    const error = Object.assign(new Error('Cannot set headers after they are sent to the client'), { code: 'ERR_HTTP_HEADERS_SENT' });
    assert.deepEqual(
      { ...describe(error), stack: undefined },
      { name: 'Error', message: 'Cannot set headers after they are sent to the client', code: 'ERR_HTTP_HEADERS_SENT', stack: undefined },
    );
  });

  test('reads the cause chain, nearest first, each with its own code', () => {
    const root = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const described = describe(new Error('query failed', { cause: new TypeError('fetch failed', { cause: root }) }));
    assert.deepEqual(described?.causes, [
      { name: 'TypeError', message: 'fetch failed' },
      { name: 'Error', message: 'connect ECONNREFUSED 127.0.0.1:5432', code: 'ECONNREFUSED' },
    ]);
    assert.equal(describe(new Error('no cause'))?.causes, undefined);
  });

  test('takes the code from a cause when the error has none', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    assert.equal(describe(new TypeError('fetch failed', { cause }))?.code, 'ECONNREFUSED');
  });

  test('a thrown string becomes the message of an Error', () => {
    assert.deepEqual(describe('  something failed  '), { name: 'Error', message: 'something failed' });
  });

  test('caps a 1 MB message at 2,000 characters, dropping the word the cut falls in', () => {
    const description = describe(new Error(`Huge ${'wordy '.repeat(200_000)}`));
    assert.ok(description && description.message.length <= 2_000 && description.message.length > 1_990);
    assert.match(description.message, /^Huge (wordy )+wordy$/);
    assert.equal(describe(new Error('y'.repeat(1024 * 1024))), null, 'one 1 MB token leaves nothing whole to search');
  });

  test('strips control characters and bidi overrides, and replaces lone surrogates', () => {
    const description = describe(new Error('a\u001b[31mb\u0007c\u202ed\ud800e'));
    assert.equal(description?.message, 'abcd\ufffde');
  });

  test('keeps what it can when some getters throw', () => {
    const error = Object.defineProperty(new Error('still readable'), 'name', {
      get() {
        throw new Error('no name for you');
      },
    });
    assert.equal(describe(error)?.message, 'still readable');
    assert.equal(describe(error)?.name, 'Error');
  });

  test('a name that is not a plain identifier falls back to Error', () => {
    const error = Object.assign(new Error('weird name'), { name: 'Bad Name; rm -rf /' });
    assert.equal(describe(error)?.name, 'Error');
  });

  test('an object with only a code is still described', () => {
    assert.equal(describe({ code: 'EADDRINUSE' })?.code, 'EADDRINUSE');
  });

  test('a 10,000-deep cause chain is read in bounded time', () => {
    let error: Error = Object.assign(new Error('root'), { code: 'EROOT' });
    for (let i = 0; i < 10_000; i += 1) error = new Error(`level ${i}`, { cause: error });
    const started = performance.now();
    const description = describe(error);
    assert.ok(performance.now() - started < 100, 'reading causes should stop early');
    assert.equal(description?.code, undefined, 'the root is too deep to be read');
  });
});
