// The leak corpus: real messages of pg, mysql2, mongodb, redis, sequelize, prisma, axios, got, undici,
// aws-sdk, stripe, twilio and child_process, in ASCII and other scripts. No claimed secret part is
// left by redact() or reaches the (stand-in) API from a real Express app; the error's words stay.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { soet } from '../src/index.js';
import { redact } from '../src/redact.js';
import { Capture, standIns, startApp, waitFor } from './support/helpers.js';
import { LEAK_CORPUS, type LeakCase } from './support/leak-corpus.js';
import { type StandInRequest, wrapper } from './support/standin.js';

const standIn = standIns();
const LIBRARIES = ['pg', 'mysql2', 'mongodb', 'redis', 'sequelize', 'prisma', 'axios', 'got', 'undici', 'aws-sdk', 'stripe', 'twilio', 'child_process'];
/** Non-ASCII letters: Cyrillic, CJK, accented Latin. */
const NON_ASCII = /[^\x00-\x7f]/;

/** Each case's message, produced once (running the library where the case says `run`). */
const messages = new Map<LeakCase, string>();
before(async () => {
  for (const entry of LEAK_CORPUS) messages.set(entry, typeof entry.message === 'string' ? entry.message : await entry.message());
});
const messageOf = (entry: LeakCase): string => messages.get(entry) ?? assert.fail(`no message for ${entry.says}`);

test('the corpus covers every library in ASCII and in another script, with real runs and documented formats', () => {
  for (const library of LIBRARIES) {
    const cases = LEAK_CORPUS.filter((entry) => entry.library === library);
    assert.ok(cases.length >= 2, `${library}: ${cases.length} cases`);
  }
  assert.ok(LEAK_CORPUS.filter((entry) => NON_ASCII.test(typeof entry.message === 'string' ? entry.message : entry.secrets.join(''))).length >= 10, 'non-ASCII cases');
  assert.ok(LEAK_CORPUS.filter((entry) => entry.how === 'run').length >= 15, 'messages produced by running the code');
  for (const entry of LEAK_CORPUS.filter((item) => item.how === 'documented')) assert.ok(entry.source, `${entry.says}: says where its format comes from`);
});

for (const library of [...new Set(LEAK_CORPUS.map((entry) => entry.library))]) {
  describe(library, () => {
    for (const entry of LEAK_CORPUS.filter((item) => item.library === library)) {
      test(`${entry.says} (${entry.how})`, () => {
        const message = messageOf(entry);
        // The claims are about this very message: each secret is in it, each kept phrase too.
        for (const secret of entry.secrets) assert.ok(message.includes(secret), `${JSON.stringify(secret)} is not in the message: ${JSON.stringify(message)}`);
        for (const words of entry.kept) assert.ok(message.includes(words), `${JSON.stringify(words)} is not in the message: ${JSON.stringify(message)}`);
        const out = redact(message);
        for (const secret of entry.secrets) assert.ok(!out.includes(secret), `${JSON.stringify(secret)} survived: ${JSON.stringify(out)}`);
        for (const words of entry.kept) assert.ok(out.includes(words), `${JSON.stringify(words)} was lost: ${JSON.stringify(out)}`);
      });
    }
  });
}

/** Every parameter value a request carried, decoded, as one string. */
const sent = (request: StandInRequest): string => [...request.params.values()].join('\n');

/**
 * Throws each case's message in a real Express app with soet on, against a stand-in that finds
 * nothing (so the relaxed searches are sent too), and returns what reached the stand-in once every
 * case was searched. Each is thrown under a name of its own, so equal messages are two errors.
 */
async function throwThrough(cases: readonly LeakCase[]): Promise<StandInRequest[]> {
  const api = await standIn(() => ({ json: wrapper([]) }));
  const app = await startApp(5, (express) => {
    express.get('/fail/:i', (req: { params: { i: string } }) => {
      const entry = cases[Number(req.params.i)];
      throw Object.assign(new Error(entry ? messageOf(entry) : 'missing case'), { name: `Corpus${Number(req.params.i)}Error` });
    });
  // Many new errors at once: past the default budget of new lookups, which is not what this checks.
  }, soet({ enabled: true, apiUrl: api.url, output: new Capture(), cache: false, lookupsPerMinute: 1_000 }));
  try {
    for (let i = 0; i < cases.length; i += 1) await app.get(`/fail/${i}`);
    const searched = (): Set<string> => new Set(api.calls('search/advanced').map((request) => /^Corpus(\d+)Error/.exec(request.params.get('q') ?? '')?.[1] ?? ''));
    await waitFor(() => searched().size >= cases.length, 60_000, 'a search for every case');
    return api.requests;
  } finally {
    await app.close();
  }
}

test('through a real Express app: no claimed secret of any case reaches the API, and every case is searched', async () => {
  const cases = LEAK_CORPUS.filter((entry) => entry.secrets.length > 0);
  // Four apps with four stand-ins side by side: soet's rate limit is per API, and each has its own.
  const batches = [0, 1, 2, 3].map((batch) => cases.filter((_, index) => index % 4 === batch));
  const requests = (await Promise.all(batches.map(throwThrough))).flat();
  for (const request of requests) {
    const text = sent(request);
    for (const entry of cases) {
      for (const secret of entry.secrets) assert.ok(!text.includes(secret), `${entry.library}: ${JSON.stringify(secret)} reached the API in ${JSON.stringify(text)}`);
    }
  }
});
