// The corpus through the three doors: thrown in Express routes, pasted to the CLI, and crashed into the CLI's stdin.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { soet } from '../src/index.js';
import { CORPUS, type RealError, type Scene, dropScene, listening, makeScene, sampleFor, thrownBy } from './support/corpus/index.js';
import { crashLogOf } from './support/corpus/scene.js';
import { Capture, ROOT, cleanEnv, run, standIns, startApp, waitFor } from './support/helpers.js';
import { type StandInApi, type StandInRequest, parseSearch, sampleSite } from './support/standin.js';

const CLI = path.join(ROOT, 'dist', 'cli.js');
/** Apps (each with its own stand-in) the rows are spread over: one API allows five calls a second. */
const APPS = 12;
const standIn = standIns();
const site = CORPUS.map((row, index) => sampleFor(row, index + 1));
let scene: Scene;
let api: StandInApi;
const thrown = new Map<string, unknown>();

before(async () => {
  assert.ok(fs.existsSync(CLI), 'dist/cli.js is missing: run `npm run build` first (npm test does)');
  for (const port of [5432, 27017]) assert.equal(await listening(port), false, `something listens on 127.0.0.1:${port}; stop it to run the corpus`);
  scene = await makeScene();
  for (const row of CORPUS) thrown.set(row.label, await thrownBy(row, scene));
  api = await standIn(sampleSite(site));
});
after(() => dropScene(scene));

function assertNoSyntax(requests: readonly StandInRequest[]): void {
  for (const request of requests) {
    const text = request.params.get('q') ?? request.params.get('title');
    if (text === null) continue;
    const query = parseSearch(text);
    assert.deepEqual([query.tags, query.phrases, query.excluded, query.operators], [[], [], [], []], `search syntax in ${text}`);
  }
}

interface JsonResult {
  readonly status: string;
  readonly searches: readonly { readonly method: string; readonly text: string }[];
  readonly questions: readonly {
    readonly id: number;
    readonly author?: { readonly name: string; readonly link?: string };
    readonly createdAt?: string;
    readonly bestAnswer: { readonly author?: { readonly name: string }; readonly createdAt?: string } | null;
  }[];
}

/**
 * Runs the built CLI with `--json` against the stand-in and reads its result: a message gives one
 * result, a log a list of them, here only the fatal error's.
 */
async function cliResult(args: readonly string[], input = ''): Promise<JsonResult> {
  const result = await run(process.execPath, [CLI, '--json', ...args], { cwd: scene.dir, input, env: cleanEnv({ SOET_API_URL: api.url, SOET_CACHE: 'off' }) });
  const json = JSON.parse(result.stdout || 'null') as JsonResult | readonly JsonResult[] | null;
  assert.ok(json !== null, `the CLI printed no JSON (exit ${result.code}): ${result.stderr.slice(0, 300)}`);
  if (!Array.isArray(json)) return json as JsonResult;
  assert.equal(json.length, 1, 'a crash log: the fatal error alone is looked up');
  return json[0] as JsonResult;
}

/** What the lookup of `row` must have done: its first query, found at once, its question among the results, attributed. */
function assertFound(result: JsonResult, row: RealError, query: string): void {
  assert.deepEqual(result.searches[0], { method: 'search/advanced', text: query });
  assert.equal(result.status, 'found');
  assert.equal(result.searches.length, 1);
  const own = result.questions.find((question) => question.id === CORPUS.indexOf(row) + 1);
  assert.ok(own, `the question asked about it: ${row.asked}`);
  assert.equal(own.author?.name, 'Someone', 'the question carries its author');
  assert.match(own.createdAt ?? '', /^\d{4}-\d\d-\d\dT/, 'and its date');
  assert.equal(own.bestAnswer?.author?.name, 'An Answerer', 'the answer carries its author');
  assert.match(own.bestAnswer?.createdAt ?? '', /^\d{4}-\d\d-\d\dT/, 'and its date');
}

/** The text a developer copies from a terminal: Node's header of the error (up to its first frame). */
function pastedText(error: unknown): string {
  const { name, message, stack } = error as { name: string; message: string; stack?: string };
  return typeof stack === 'string' && stack.startsWith(name) ? (stack.split(/\n\s+at /)[0] ?? stack) : `${name}: ${message}`;
}

describe('an Error object through the middleware of real Express apps', { concurrency: 4 }, () => {
  for (let group = 0; group < APPS; group += 1) {
    test(`rows ${group + 1}, ${group + 1 + APPS}, ...`, async () => {
      const rows = CORPUS.filter((_row, index) => index % APPS === group);
      const own = await standIn(sampleSite(site));
      const output = new Capture();
      const app = await startApp(5, (express) => {
        express.get('/row/:at', (req: { params: { at: string } }) => {
          throw thrown.get(rows[Number(req.params.at)]?.label ?? '');
        });
        // Many new errors at once: past the default budget of new lookups, which is not what this checks.
      }, soet({ enabled: true, apiUrl: own.url, output, cache: false, lookupsPerMinute: 1_000 }));
      try {
        for (let at = 0; at < rows.length; at += 1) assert.equal((await app.get(`/row/${at}`)).status, 500);
        assert.equal(app.handled.length, rows.length, 'each error went on to the app');
        await waitFor(() => own.calls('questions/answers').length === new Set(rows.map((row) => row.query)).size, 30_000, 'the answers');
        const queries = own.calls('search/advanced').map((request) => request.params.get('q'));
        for (const row of rows) assert.ok(queries.includes(row.query), `${row.label}: ${row.query} in ${JSON.stringify(queries)}`);
        assert.equal(own.calls('similar').length, 0, 'every first query found its question');
        assertNoSyntax(own.requests);
        await waitFor(() => (output.text.match(/answered by An Answerer/g) ?? []).length >= new Set(rows.map((row) => row.query)).size, 5_000, 'the blocks');
        assert.doesNotMatch(output.text, /No Stack Overflow results|no answers for/);
      } finally {
        await app.close();
      }
    });
  }
});

// One CLI process at a time: the suite's other files run beside this one, some of them timing real faults.
describe('a message given to the CLI', { concurrency: 1 }, () => {
  for (const row of CORPUS) {
    test(row.label, async () => {
      const result = await cliResult([pastedText(thrown.get(row.label))]);
      // Without its cause, a vague error is searched as it reads.
      assertFound(result, row, row.alone ?? row.query);
    });
  }
});

describe("a crash log on the CLI's stdin, from a real crash", { concurrency: 1 }, () => {
  for (const row of CORPUS) {
    test(row.label, async () => {
      const log = await crashLogOf(row, thrown.get(row.label), scene);
      const result = await cliResult([], log);
      assertFound(result, row, row.query);
    });
  }
});
