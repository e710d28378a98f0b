// End to end: secrets thrown in real Express routes never reach the (stand-in) API; the error's meaning does.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { soet } from '../src/index.js';
import { Capture, standIns, startApp, waitFor } from './support/helpers.js';
import { Random, SECRET_KINDS, type Secret, TEMPLATES, randomMessage } from './support/secrets.js';
import { type StandInRequest, wrapper } from './support/standin.js';

const standIn = standIns();

/** Every parameter value the request carried, decoded, as one string to search. */
function sent(request: StandInRequest): string {
  return [...request.params.values()].join('\n');
}

function assertClean(requests: readonly StandInRequest[], secrets: readonly Secret[]): void {
  for (const request of requests) {
    const text = sent(request);
    for (const secret of secrets) {
      for (const part of secret.parts) assert.ok(!text.includes(part), `${secret.kind} ${JSON.stringify(part)} reached the API in ${JSON.stringify(text)}`);
      const shape = SECRET_KINDS.find((kind) => kind.kind === secret.kind)?.shape;
      if (shape) assert.doesNotMatch(text, new RegExp(shape.source, shape.flags.replace('g', '')), `${secret.kind} shape reached the API`);
    }
  }
}

/**
 * Throws `messages` in a real Express app with soet on, against a stand-in that finds nothing (so the
 * relaxed searches are sent too), and returns what reached the stand-in.
 */
async function throwThrough(messages: readonly string[]): Promise<StandInRequest[]> {
  const api = await standIn(() => ({ json: wrapper([]) }));
  const output = new Capture();
  const app = await startApp(5, (express) => {
    express.get('/fail/:i', (req: { params: { i: string } }) => {
      throw new Error(messages[Number(req.params.i)]);
    });
  }, soet({ enabled: true, apiUrl: api.url, output, cache: false }));
  try {
    for (let i = 0; i < messages.length; i += 1) await app.get(`/fail/${i}`);
    // Equal errors after redaction share a lookup: wait until the stand-in has been quiet a while.
    let seen = -1;
    let quietSince = Date.now();
    await waitFor(() => {
      if (api.requests.length !== seen) [seen, quietSince] = [api.requests.length, Date.now()];
      return seen > 0 && Date.now() - quietSince > 1_500;
    }, 60_000, 'the lookups to finish');
    return api.requests;
  } finally {
    await app.close();
  }
}

test('a secret of every kind, thrown in a route: none reaches the API, and the query keeps the error', async () => {
  const random = new Random(20261121);
  await Promise.all(
    SECRET_KINDS.map(async (kind) => {
      const secrets = [kind.make(random), kind.make(random)];
      const messages = secrets.map((secret) => `connect ECONNREFUSED ${secret.text} while loading the profile`);
      const requests = await throwThrough(messages);
      assert.ok(requests.length >= messages.length, `${kind.kind}: searched`);
      assertClean(requests, secrets);
      const queries = requests.filter((request) => request.apiMethod === 'search/advanced').map((request) => request.params.get('q') ?? '');
      // Only the message's first line is sent: a secret spanning lines (a PEM block) ends it.
      const expected = secrets.some((secret) => secret.text.includes('\n')) ? /^connect ECONNREFUSED$/ : /^connect ECONNREFUSED\b.*\bwhile loading the profile$/;
      assert.ok(queries.some((q) => expected.test(q)), `${kind.kind}: the error's words are sent: ${JSON.stringify(queries)}`);
    }),
  );
});

test('hundreds of realistic messages with secrets, thrown in routes: none reaches the API', async () => {
  const random = new Random(7);
  const batches = Array.from({ length: 10 }, () => Array.from({ length: 30 }, () => randomMessage(random)));
  await Promise.all(
    batches.map(async (batch) => {
      const requests = await throwThrough(batch.map((message) => message.text));
      assertClean(requests, batch.flatMap((message) => message.secrets));
    }),
  );
  assert.ok(TEMPLATES.length > 20);
});
