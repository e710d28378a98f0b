// The stand-in searches as strictly as Stack Overflow, so a syntax hazard or a stray app word shows up as zero results.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Sample, type StandInRequest, answer, question, sampleSite } from './support/standin.js';

const SAMPLES: readonly Sample[] = [
  {
    question: question(1, 'Error [ERR_HTTP_HEADERS_SENT]: Cannot set headers after they are sent to the client', { tags: ['node.js', 'express'], score: 50 }),
    answers: [answer(10, 1, '<p>Return after the first response.</p>')],
    body: '<p>My route calls <code>res.send</code> twice.</p>',
  },
  {
    question: question(2, 'TypeError: Cannot read properties of undefined (reading &#39;map&#39;)', { tags: ['javascript', 'reactjs'], score: 20, answer_count: 0 }),
    answers: [],
    body: '<p>The array comes from fetch and is undefined at first.</p>',
  },
  {
    question: question(3, 'Why does map fail on undefined arrays?', { tags: ['javascript'], score: 5 }),
    answers: [answer(30, 3, '<p>Give it a default.</p>')],
  },
];

const site = sampleSite(SAMPLES);

/** The ids a `search/advanced` call with these parameters returns. */
async function search(params: Record<string, string>, method = 'search/advanced'): Promise<number[] | string> {
  const request: StandInRequest = { apiMethod: method, path: `/2.3/${method}`, params: new URLSearchParams(params), ids: [], headers: {}, at: Date.now() };
  const reply = await site(request);
  const json = reply.json as { items?: { question_id: number }[]; error_name?: string };
  return json.error_name ?? (json.items ?? []).map((item) => item.question_id);
}

describe('search/advanced reads q with the site’s syntax', () => {
  test('every word must be in the title or the body', async () => {
    assert.deepEqual(await search({ q: 'set headers res send' }), [1], 'res and send are in the body');
    assert.deepEqual(await search({ q: 'set headers orderService' }), [], 'one word of the app empties the page');
  });

  test('[word] is a tag filter: a bracketed Node code asks for a tag nobody uses', async () => {
    assert.deepEqual(await search({ q: 'Cannot set headers [express]' }), [1]);
    assert.deepEqual(await search({ q: 'Error [ERR_HTTP_HEADERS_SENT]: Cannot set headers' }), []);
  });

  test('"..." is an exact phrase', async () => {
    assert.deepEqual(await search({ q: '"cannot set headers"' }), [1]);
    assert.deepEqual(await search({ q: '"set cannot headers"' }), []);
  });

  test('-word excludes', async () => {
    assert.deepEqual(await search({ q: 'undefined map' }), [2, 3]);
    assert.deepEqual(await search({ q: 'undefined map -fetch' }), [3]);
  });

  test('key:value is an operator: known ones filter, unknown ones match nothing', async () => {
    assert.deepEqual(await search({ q: 'map score:10' }), [2]);
    assert.deepEqual(await search({ q: 'map intitle:arrays' }), [3]);
    assert.deepEqual(await search({ q: 'headers is:question' }), [1]);
    assert.deepEqual(await search({ q: 'headers localhost:5432' }), []);
    assert.deepEqual(await search({ q: 'TypeError: Cannot read' }), [2], 'a colon before a space is no operator');
  });

  test('tagged is "at least one of"; answers is a minimum', async () => {
    assert.deepEqual(await search({ q: 'map', tagged: 'reactjs;express' }), [2]);
    assert.deepEqual(await search({ q: 'map', answers: '1' }), [3]);
  });

  test('relevance: more words in the title first', async () => {
    assert.deepEqual(await search({ q: 'map undefined' }), [2, 3]);
  });
});

describe('similar is fuzzy over titles', () => {
  test('it ranks titles by the words they share, and needs two in five', async () => {
    assert.deepEqual(await search({ title: 'TypeError Cannot read properties of undefined reading map' }, 'similar'), [2]);
    assert.deepEqual(await search({ title: 'map fails on undefined' }, 'similar'), [2, 3]);
    assert.deepEqual(await search({ title: 'Why are my headers sent twice' }, 'similar'), [1]);
    assert.deepEqual(await search({ title: 'Something else entirely here now' }, 'similar'), []);
  });

  test('title is required', async () => {
    assert.equal(await search({}, 'similar'), 'bad_parameter');
  });
});
