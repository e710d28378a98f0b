// lookup() against the loopback stand-in: the wire format, the call budget, the chain of searches, best answers.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { lookup } from '../src/index.js';
import { standIns } from './support/helpers.js';
import { type Reply, type StandInRequest, type WrapperExtras, answer, question, wrapper } from './support/standin.js';

/** A fresh stand-in per test, so each test counts only its own requests. */
const standIn = standIns();

const MAP_ERROR = new TypeError("Cannot read properties of undefined (reading 'map')");
/** A title that shares the error's words, as a relevant question's does. */
const MAP_TITLE = 'Cannot read property &#39;map&#39; of undefined';

/** One question with an accepted answer; `extras` go into every wrapper. */
function oneQuestion(extras: WrapperExtras = {}): (request: StandInRequest) => Reply {
  return (request) =>
    request.apiMethod === 'questions/answers'
      ? { json: wrapper([answer(11, 1, '<p>Check the array first.</p>', { is_accepted: true, score: 3 })], extras) }
      : { json: wrapper([question(1, 'Cannot read property &#39;map&#39; of undefined &amp; more', { accepted_answer_id: 11 })], extras) };
}

describe('the wire format', () => {
  for (const encoding of ['gzip', 'deflate', 'identity'] as const) {
    test(`reads a ${encoding} response`, async () => {
      const api = await standIn((request) => ({ ...oneQuestion()(request), encoding }));
      const result = await lookup(MAP_ERROR, { apiUrl: api.url, cache: false });
      assert.equal(result.status, 'found');
      assert.equal(result.questions[0]?.title, "Cannot read property 'map' of undefined & more", 'entities decoded');
    });
  }

  test('sends what the API expects, and a User-Agent naming soet and its version', async () => {
    const api = await standIn(oneQuestion());
    await lookup(MAP_ERROR, { apiUrl: api.url, cache: false, tags: ['express'], results: 2 });
    const [search, answers] = api.requests;
    assert.equal(search?.apiMethod, 'search/advanced');
    assert.equal(search?.params.get('q'), "TypeError Cannot read properties of undefined reading 'map'");
    assert.equal(search?.params.get('tagged'), 'node.js;javascript;express');
    assert.equal(search?.params.get('sort'), 'relevance');
    assert.equal(search?.params.get('answers'), '1');
    assert.equal(search?.params.get('site'), 'stackoverflow');
    assert.equal(search?.params.get('pagesize'), '8', 'four candidates read per question shown, to rank them');
    assert.equal(search?.params.has('key'), false, 'no key unless one is set');
    assert.match(String(search?.headers['user-agent']), /^soet\/\d+\.\d+\.\d+/);
    assert.match(String(search?.headers['accept-encoding']), /gzip/);
    assert.equal(answers?.apiMethod, 'questions/answers');
    assert.deepEqual(answers?.ids, [1]);
    assert.equal(answers?.params.get('filter'), 'withbody');
    assert.equal(answers?.params.get('sort'), 'votes');
  });

  test('sends the key when set, and never shows it', async () => {
    const key = 'U4DMV*8nvpm3EOpvf69Rxw((';
    const api = await standIn(oneQuestion());
    const result = await lookup(MAP_ERROR, { apiUrl: api.url, cache: false, key, site: 'superuser' });
    assert.equal(api.requests[0]?.params.get('key'), key);
    assert.equal(api.requests[0]?.params.get('site'), 'superuser');
    assert.ok(!JSON.stringify(result).includes(key));
  });

  test('carries the authors, linked to their profiles, and the dates of questions and answers', async () => {
    const api = await standIn((request) =>
      request.apiMethod === 'questions/answers'
        ? { json: wrapper([answer(31, 3, '<p>Edited.</p>', { owner: { display_name: 'J&#248;rgen', link: 'https://stackoverflow.com/users/7/jorgen' }, last_edit_date: 1_700_000_000 })]) }
        : { json: wrapper([question(3, MAP_TITLE, { owner: { display_name: 'Deleted &amp; gone', user_type: 'does_not_exist' } })]) },
    );
    const result = await lookup(MAP_ERROR, { apiUrl: api.url, cache: false });
    const [found] = result.questions;
    assert.deepEqual(found?.author, { name: 'Deleted & gone' }, 'a deleted user has a name and no link');
    assert.equal(found?.createdAt, '2020-09-13T12:26:40.000Z');
    assert.deepEqual(found?.bestAnswer?.author, { name: 'Jørgen', link: 'https://stackoverflow.com/users/7/jorgen' });
    assert.equal(found?.bestAnswer?.createdAt, '2020-09-13T12:28:20.000Z');
    assert.equal(found?.bestAnswer?.editedAt, '2023-11-14T22:13:20.000Z');
  });

  test('drops items with missing or mistyped fields and keeps the rest', async () => {
    const api = await standIn((request) =>
      request.apiMethod === 'questions/answers'
        ? { json: wrapper([{ answer_id: 'x', question_id: 2, body: '<p>bad</p>' }, answer(21, 2, '<p>good</p>'), answer(22, 2, 42 as unknown as string)]) }
        : { json: wrapper([{ question_id: 'one', title: 'bad id', link: 'https://stackoverflow.com/q/1' }, { question_id: 3, title: 7, link: 'x' }, null, 'text', question(2, MAP_TITLE)]) },
    );
    const result = await lookup(MAP_ERROR, { apiUrl: api.url, cache: false });
    assert.deepEqual(result.questions.map((q) => q.id), [2]);
    assert.equal(result.questions[0]?.bestAnswer?.id, 21);
  });
});

describe('the call budget', () => {
  test('two calls when the first search finds questions', async () => {
    const api = await standIn(oneQuestion());
    const result = await lookup(MAP_ERROR, { apiUrl: api.url, cache: false });
    assert.deepEqual(api.requests.map((r) => r.apiMethod), ['search/advanced', 'questions/answers']);
    assert.equal(result.apiCalls, 2);
  });

  test('the chain runs while nothing is found: the core, /similar with the whole message, then the class with key words', async () => {
    const api = await standIn(() => ({ json: wrapper([]) }));
    const result = await lookup(MAP_ERROR, { apiUrl: api.url, cache: false });
    assert.equal(result.status, 'none');
    assert.deepEqual(api.requests.map((r) => [r.apiMethod, r.params.get('q') ?? r.params.get('title')]), [
      ['search/advanced', "TypeError Cannot read properties of undefined reading 'map'"],
      ['similar', "TypeError Cannot read properties of undefined reading 'map'"],
      ['search/advanced', 'TypeError read properties undefined'],
    ]);
  });

  test("an error with Node's code searches the code, not the class, and ends with the code and key words", async () => {
    const api = await standIn(() => ({ json: wrapper([]) }));
    const error = Object.assign(new Error('Cannot set headers after they are sent to the client'), { code: 'ERR_HTTP_HEADERS_SENT' });
    await lookup(error, { apiUrl: api.url, cache: false });
    assert.deepEqual(api.requests.map((r) => r.params.get('q') ?? r.params.get('title')), [
      'ERR_HTTP_HEADERS_SENT Cannot set headers after they are sent to the client',
      'ERR_HTTP_HEADERS_SENT Cannot set headers after they are sent to the client',
      'ERR_HTTP_HEADERS_SENT set headers sent',
    ]);
  });

  test('stops at the search that finds something', async () => {
    const api = await standIn((request) => {
      if (request.apiMethod === 'questions/answers') return { json: wrapper([answer(5, 4, '<p>yes</p>')]) };
      return { json: wrapper(api.requests.length === 2 ? [question(4, 'Why does map fail on undefined?')] : []) };
    });
    const result = await lookup(MAP_ERROR, { apiUrl: api.url, cache: false });
    assert.equal(result.status, 'found');
    assert.deepEqual(api.requests.map((r) => r.apiMethod), ['search/advanced', 'similar', 'questions/answers']);
  });

  test('a page whose titles share neither the code nor two distinctive words is not taken: the next search runs', async () => {
    const api = await standIn((request) => {
      if (request.apiMethod === 'questions/answers') return { json: wrapper([answer(5, 7, '<p>yes</p>')]) };
      const relevant = request.apiMethod === 'similar';
      return { json: wrapper([relevant ? question(7, 'Cannot read properties of undefined, reading map') : question(6, 'How do I center a div with map coordinates?')]) };
    });
    const result = await lookup(MAP_ERROR, { apiUrl: api.url, cache: false });
    assert.deepEqual(api.requests.map((r) => r.apiMethod), ['search/advanced', 'similar', 'questions/answers']);
    assert.deepEqual(result.questions.map((q) => q.id), [7]);
  });

  test('a title with the error code is relevant on its own', async () => {
    const api = await standIn((request) =>
      request.apiMethod === 'questions/answers' ? { json: wrapper([answer(9, 8, '<p>yes</p>')]) } : { json: wrapper([question(8, 'Express keeps throwing ERR_HTTP_HEADERS_SENT')]) },
    );
    const error = Object.assign(new Error('Cannot set headers after they are sent to the client'), { code: 'ERR_HTTP_HEADERS_SENT' });
    const result = await lookup(error, { apiUrl: api.url, cache: false });
    assert.equal(result.status, 'found');
    assert.equal(result.apiCalls, 2);
  });

  test('tags read from the stack are not sent; relevant questions carrying them rank first', async () => {
    const api = await standIn((request) =>
      request.apiMethod === 'questions/answers'
        ? { json: wrapper([]) }
        : { json: wrapper([question(1, `${MAP_TITLE} in React`), question(2, 'Unrelated words only'), question(3, `${MAP_TITLE} with Mongoose`, { tags: ['node.js', 'mongoose'] })]) },
    );
    const error = new TypeError("Cannot read properties of undefined (reading 'map')");
    error.stack = `${error.name}: ${error.message}\n    at Query.exec (/app/node_modules/mongoose/lib/query.js:4500:9)\n    at list (/app/src/orders.js:3:4)`;
    const result = await lookup(error, { apiUrl: api.url, cache: false });
    assert.equal(api.requests[0]?.params.get('tagged'), 'node.js;javascript');
    assert.deepEqual(result.questions.map((q) => q.id), [3, 1, 2]);
  });

  test('questions without answers are not shown', async () => {
    const api = await standIn(() => ({ json: wrapper([question(8, 'No answers yet', { answer_count: 0, is_answered: false })]) }));
    const result = await lookup(MAP_ERROR, { apiUrl: api.url, cache: false });
    assert.equal(result.status, 'none');
    assert.equal(api.calls('questions/answers').length, 0);
  });

  test('shows at most `results` questions, in the order the API ranked them', async () => {
    const api = await standIn((request) =>
      request.apiMethod === 'questions/answers' ? { json: wrapper([]) } : { json: wrapper([1, 2, 3, 4, 5].map((id) => question(id, `${MAP_TITLE} (${id})`))) },
    );
    const result = await lookup(MAP_ERROR, { apiUrl: api.url, cache: false, results: 3 });
    assert.deepEqual(result.questions.map((q) => q.id), [1, 2, 3]);
    assert.deepEqual(api.calls('questions/answers')[0]?.ids, [1, 2, 3]);
  });
});

describe('the best answer', () => {
  const cases: { label: string; question: Record<string, unknown>; answers: Record<string, unknown>[]; best: number | null }[] = [
    {
      label: 'the accepted answer wins over higher scores',
      question: question(1, MAP_TITLE, { accepted_answer_id: 12 }),
      answers: [answer(11, 1, '<p>a</p>', { score: 90 }), answer(12, 1, '<p>b</p>', { score: 2, is_accepted: true })],
      best: 12,
    },
    {
      label: 'accepted_answer_id counts even when is_accepted is missing',
      question: question(1, MAP_TITLE, { accepted_answer_id: 12 }),
      answers: [answer(11, 1, '<p>a</p>', { score: 90 }), answer(12, 1, '<p>b</p>', { score: 2 })],
      best: 12,
    },
    {
      label: 'without an accepted answer, the highest score wins',
      question: question(1, MAP_TITLE),
      answers: [answer(11, 1, '<p>a</p>', { score: 4 }), answer(12, 1, '<p>b</p>', { score: 40 }), answer(13, 1, '<p>c</p>', { score: -1 })],
      best: 12,
    },
    {
      label: "another question's answers never count",
      question: question(1, MAP_TITLE),
      answers: [answer(11, 2, '<p>a</p>', { score: 400 }), answer(12, 1, '<p>b</p>', { score: 1 })],
      best: 12,
    },
    { label: 'no answer came back: none is shown', question: question(1, MAP_TITLE), answers: [answer(11, 2, '<p>a</p>')], best: null },
  ];
  for (const { label, question: q, answers, best } of cases) {
    test(label, async () => {
      const api = await standIn((request) => (request.apiMethod === 'questions/answers' ? { json: wrapper(answers) } : { json: wrapper([q]) }));
      const result = await lookup(MAP_ERROR, { apiUrl: api.url, cache: false, results: 1 });
      assert.equal(result.questions[0]?.bestAnswer?.id ?? null, best);
    });
  }
});

describe('what the result says', () => {
  let result: Awaited<ReturnType<typeof lookup>>;
  before(async () => {
    const api = await standIn((request) =>
      request.apiMethod === 'questions/answers'
        ? { json: wrapper([answer(11, 1, '<p>Stop the other server.</p>')], { quota_remaining: 250 }) }
        : { json: wrapper([question(1, 'Error: listen EADDRINUSE: address already in use :::8080')], { quota_remaining: 250 }) },
    );
    const error = Object.assign(new Error('listen EADDRINUSE: address already in use :::3000'), { code: 'EADDRINUSE' });
    result = await lookup(error, { apiUrl: api.url, cache: false });
  });

  test('the query that was sent, without the address', () => {
    assert.equal(result.query, 'listen EADDRINUSE address already in use');
    assert.deepEqual(result.searches, [{ method: 'search/advanced', text: 'listen EADDRINUSE address already in use' }]);
  });

  test('the quota left', () => {
    assert.deepEqual(result.quota, { max: 300, remaining: 250 });
  });

  test('offline hints for a system error', () => {
    assert.ok(result.hints.some((hint) => hint.kind === 'system-error' && hint.text.startsWith('EADDRINUSE: another process')));
  });
});
