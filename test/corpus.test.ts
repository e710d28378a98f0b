// Real errors, thrown here for real: each first query is the one a senior developer would type, and a strict search finds it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { keyPartsOf } from '../src/describe.js';
import { engineFor } from '../src/lookup.js';
import { resolveSettings } from '../src/options.js';
import { RecentKeys, TemplateBook, errorKey } from '../src/search/index.js';
import { CORPUS, type Scene, dropScene, listening, makeScene, messagePattern, sampleFor, thrownBy } from './support/corpus/index.js';
import { standIns } from './support/helpers.js';
import { parseSearch, sampleSite } from './support/standin.js';

const standIn = standIns();
let scene: Scene;
const thrown = new Map<string, unknown>();
/** Another developer's question about each row's error: the site every stand-in serves. */
const site = CORPUS.map((row, index) => sampleFor(row, index + 1));

before(async () => {
  // Rows connect to the default ports of PostgreSQL and MongoDB, as apps do, and need nothing there.
  for (const port of [5432, 27017]) assert.equal(await listening(port), false, `something listens on 127.0.0.1:${port}; stop it to run the corpus`);
  scene = await makeScene();
  for (const row of CORPUS) thrown.set(row.label, await thrownBy(row, scene));
});
after(() => dropScene(scene));

/** What the site's search would read as syntax in `text`. */
function syntaxIn(text: string): string[] {
  const query = parseSearch(text);
  return [...query.tags.map((tag) => `[${tag}]`), ...query.phrases.map((phrase) => `"${phrase.join(' ')}"`), ...query.excluded.map((word) => `-${word}`), ...query.operators.map(([key]) => `${key}:`)];
}

test('the corpus: more than 60 real messages, all but a few produced here', () => {
  assert.ok(CORPUS.length >= 60, `${CORPUS.length} rows`);
  assert.equal(new Set(CORPUS.map((row) => row.label)).size, CORPUS.length, 'labels are unique');
  const documented = CORPUS.filter((row) => row.documented !== undefined);
  assert.ok(documented.length <= 5, `${documented.length} documented rows`);
  for (const row of documented) assert.match(row.documented ?? '', /^https:\/\//, `${row.label}: documented where`);
});

describe('each real error', () => {
  CORPUS.forEach((row, index) => {
    test(row.label, async () => {
      const error = thrown.get(row.label);
      const message = (error as { message?: unknown }).message;
      assert.match(String(message).trim(), messagePattern(row), 'the message, as thrown here');

      // A stand-in of its own, so the five-calls-a-second rule for one API does not queue the rows.
      const api = await standIn(sampleSite(site));
      const engine = engineFor(resolveSettings({ apiUrl: api.url, cache: false }, {}, true));
      const prepared = engine.prepare(error);
      assert.deepEqual(prepared.plan?.rankTags, row.tags, 'the tags read from its stack');
      for (const search of prepared.plan?.searches ?? []) assert.deepEqual(syntaxIn(search.text), [], `no search syntax in ${search.method} ${search.text}`);

      const result = await engine.run(prepared);
      assert.deepEqual(result.searches[0], { method: 'search/advanced', text: row.query }, 'the first query');
      assert.equal(result.status, 'found', 'a strict search finds the question');
      assert.equal(result.searches.length, 1, 'with the first query');
      assert.ok(result.questions.some((question) => question.id === index + 1), `the question asked about it: ${row.asked}`);
    });
  });
});

test('distinct errors keep distinct fingerprints: no two rows share one, even where the middleware learns id slots', () => {
  const engine = engineFor(resolveSettings({ cache: false }, {}, true));
  const rowsOf = new Map<string, string[]>();
  for (const row of CORPUS) {
    const fingerprint = engine.fingerprintOf(thrown.get(row.label)) ?? `none: ${row.label}`;
    rowsOf.set(fingerprint, [...(rowsOf.get(fingerprint) ?? []), row.label]);
  }
  assert.deepEqual([...rowsOf.values()].filter((labels) => labels.length > 1), []);
  // The middleware's book of known errors, which also matches a word to a known `#` in its place; its
  // keys come from comparing with recent messages first.
  const book = new TemplateBook<string>(1_000);
  const recent = new RecentKeys(32);
  for (const row of CORPUS) {
    const parts = keyPartsOf(thrown.get(row.label));
    const { key, slots } = parts ? recent.keyOf(parts) : { key: row.label, slots: [] };
    assert.equal(book.find(key, slots)?.value, undefined, `${row.label} taken for another row`);
    book.set(key, row.label, slots);
  }
});

test('comparing with recent messages gives every row, and every row with its digits changed, the key a full reading gives', () => {
  const recent = new RecentKeys(32);
  const bump = (text: string, by: number): string => text.replace(/\d/g, (digit) => String((Number(digit) + by) % 10));
  // Twice round the corpus, digits changed each time: the second round meets kept messages of every row.
  for (const by of [0, 1, 0, 7, 3]) {
    for (const row of CORPUS) {
      const parts = keyPartsOf(thrown.get(row.label));
      if (!parts) continue;
      const changed = { ...parts, message: bump(parts.message, by) };
      const read: number[] = [];
      const { key, slots } = recent.keyOf(changed);
      assert.deepEqual([key, slots], [errorKey(changed, read), read], `${row.label}, digits + ${by}`);
    }
  }
});
