// The command-line door of the pipeline: a message or a crash log in, the same block as the middleware out.
import { parseArgs } from 'node:util';
import { errorFromText } from './crashlog.js';
import { loadEnv } from './env.js';
import { engineFor } from './lookup.js';
import { type SoetOptions, resolveSettings } from './options.js';
import { render } from './render/block.js';
import { toJson } from './render/json.js';
import { VERSION } from './version.js';

const USAGE = `Usage: soet [message] [options]
       node app.js 2>&1 | soet
       soet < crash.log

Looks an error up on Stack Overflow and prints the best answers.
The error comes from the message argument, or else from a crash log or stack trace on stdin.

Options:
  --tags <list>    extra tags, comma separated (added to node.js, javascript)
  --site <name>    Stack Exchange site (default stackoverflow)
  --results <n>    questions to show, 1 to 10 (default 3)
  --json           print the result as JSON
  --dry-run        print what would be sent, and send nothing
  --no-cache       ask the API even when the answer is cached
  --color, --no-color
                   force colour on or off (default: on for a terminal)
  -h, --help       show this help
  -v, --version    show the version

Environment: SOET_SITE, SOET_TAGS, SOET_RESULTS, SOET_TIMEOUT_MS, SOET_API_URL,
STACKEXCHANGE_KEY, SOET_CACHE, SOET_CACHE_DIR, NO_COLOR, FORCE_COLOR (also from .env).
Exit codes: 0 answers shown, 1 no results, 2 usage error, 3 the API could not be reached.`;

const SHORT_USAGE = `Usage: soet "<error message>" [--tags a,b] [--site name] [--results n] [--json] [--no-cache] [--no-color]
       node app.js 2>&1 | soet
Run soet --help for more.`;

const EXIT = { answers: 0, noResults: 1, usage: 2, unreachable: 3 } as const;

interface Io {
  readonly argv: readonly string[];
  readonly stdin: NodeJS.ReadableStream & { readonly isTTY?: boolean };
  readonly stdout: NodeJS.WritableStream & { readonly isTTY?: boolean; readonly columns?: number };
  readonly stderr: NodeJS.WritableStream & { readonly isTTY?: boolean; readonly columns?: number };
  readonly env: NodeJS.ProcessEnv;
}

class UsageError extends Error {}

function parse(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        tags: { type: 'string' },
        site: { type: 'string' },
        results: { type: 'string' },
        json: { type: 'boolean' },
        'dry-run': { type: 'boolean' },
        'no-cache': { type: 'boolean' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    const first = error instanceof Error ? (error.message.split(/\.\s/)[0] ?? error.message) : 'invalid arguments';
    throw new UsageError(first.replace(/\.$/, ''));
  }
}

async function readAll(stream: NodeJS.ReadableStream, max = 1_000_000): Promise<string> {
  let text = '';
  for await (const chunk of stream) {
    text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    if (text.length > max) break;
  }
  return text;
}

/** Turns a settings error about an option into one about its flag. */
function flagMessage(message: string): string {
  return message
    .replace(/`(results|site|tags)`/g, '--$1')
    .replace(/ Pass e\.g\. \{ (\w+): ([^}]+) \}, or leave it out for the default\./, (_m, option: string, example: string) => ` Use e.g. --${option} ${example.replace(/^\[?'?|'?\]?$/g, '')}.`);
}

/** Runs the CLI; resolves with the exit code. Exported for tests; `bin` calls it with the process. */
export async function main(io: Io): Promise<number> {
  let args;
  try {
    args = parse(io.argv);
  } catch (error) {
    io.stderr.write(`soet: ${(error as Error).message}\n${SHORT_USAGE}\n`);
    return EXIT.usage;
  }
  const { values, positionals } = args;
  if (values.help) {
    io.stdout.write(`${USAGE}\n`);
    return EXIT.answers;
  }
  if (values.version) {
    io.stdout.write(`${VERSION}\n`);
    return EXIT.answers;
  }

  const input = positionals.length > 0 ? positionals.join(' ') : io.stdin.isTTY ? '' : await readAll(io.stdin);
  const error = errorFromText(input);
  if (!error) {
    io.stderr.write(`soet: no error message given: pass one as an argument, or pipe a crash log in.\n${SHORT_USAGE}\n`);
    return EXIT.usage;
  }

  const options: SoetOptions = {
    ...(values.tags === undefined ? {} : { tags: values.tags }),
    ...(values.site === undefined ? {} : { site: values.site }),
    ...(values.results === undefined ? {} : { results: /^\d+$/.test(values.results) ? Number(values.results) : (values.results as unknown as number) }),
    ...(values['no-cache'] ? { cache: false } : {}),
  };
  const env = loadEnv(process.cwd(), io.env);
  let settings;
  try {
    settings = resolveSettings(options, env, true);
  } catch (problem) {
    io.stderr.write(`${flagMessage((problem as Error).message)}\n${SHORT_USAGE}\n`);
    return EXIT.usage;
  }

  const engine = engineFor(settings);
  const prepared = engine.prepare(error);
  if (values['dry-run']) {
    const searches = prepared.plan?.searches ?? [];
    io.stdout.write(searches.length === 0 ? 'soet would send nothing: no searchable text is left after redaction.\n' : `soet would send, in order while nothing is found (site=${settings.site}, tagged=${prepared.plan?.tags.join(';')}):\n${searches.map((search) => `  GET /${search.method} ${search.method === 'similar' ? 'title' : 'q'}=${JSON.stringify(search.text)}\n`).join('')}`);
    return EXIT.answers;
  }
  const result = await engine.run(prepared, settings.timeoutMs * 2);
  const color = values['no-color'] ? false : values.color ? true : undefined;
  if (values.json) {
    io.stdout.write(`${toJson(result)}\n`);
  } else {
    // Answers are the output; a failed lookup is a problem report, so it goes to stderr.
    const stream = result.status === 'failed' ? io.stderr : io.stdout;
    stream.write(render(result, { ...(color === undefined ? {} : { color }), stream, env }) || 'soet: nothing searchable is left in that message after redaction.\n');
  }

  if (result.status === 'found') return EXIT.answers;
  if (result.status === 'failed') return EXIT.unreachable;
  return EXIT.noResults;
}
