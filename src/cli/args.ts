// The command line's words: flags, usage text, exit codes, and flags turned into soet's options.
import { parseArgs } from 'node:util';
import type { SoetOptions } from '../options.js';

export const USAGE = `Usage: soet [message | file] [options]
       node app.js 2>&1 | soet     the companion: the app's output, with answers as errors happen
       soet "<error message>"      one error
       soet crash.log              one-shot: a log read to its end (also soet < crash.log)

Looks errors up on Stack Overflow and prints the best answers.

The companion (stdin is a pipe): every byte of the app's output comes through unchanged and at once;
each distinct error (a stack trace, Node's crash report, a JSON log line with an error, a line that
states an error code) is looked up once and its answers printed right after it. A crash that comes
back after a restart (node --watch, nodemon) prints one "again" line. When the input ends, what was
not looked up yet is read as a one-shot input.

One-shot (a file argument, stdin redirected from a file, --json or --dry-run): soet reads to the end
and looks up the fatal error (the last uncaught exception or unhandled rejection) if there is one,
else each distinct error found, the last three at most. It prints only soet's blocks.

Options:
  --tags <list>    extra tags, comma separated (added to node.js, javascript)
  --site <name>    Stack Exchange site (default stackoverflow)
  --results <n>    questions to show, 1 to 10 (default 3)
  --json           print the result as JSON: an object for a message, an array (one per error) for a log
  --dry-run        print what would be sent, and send nothing (with --json, as JSON)
  --no-cache       ask the API even when the answer is cached
  --color, --no-color
                   force colour on or off (default: on for a terminal)
  -h, --help       show this help
  -v, --version    show the version

Environment (also read from .env; DEBUG is not needed):
  SOET_API_URL       Stack Exchange API base URL (default https://api.stackexchange.com/2.3)
  SOET_SITE          site to search (default stackoverflow)
  SOET_TAGS          extra tags, comma separated
  SOET_RESULTS       questions to show, 1 to 10 (default 3)
  SOET_TIMEOUT_MS    timeout of each API request, 100 to 60000 (default 5000)
  STACKEXCHANGE_KEY  Stack Apps key: 10,000 requests a day instead of 300
  SOET_CACHE         off to turn the answer cache off (default on)
  SOET_CACHE_DIR     folder of the disk cache (default node_modules/.cache/soet)
  SOET_CACHE_TTL     how long answers are kept: ms, or 30m, 12h, 7d (default 7d)
  SOET_REPEATS       a known error again in the companion: summary, full or silent (default summary)
  SOET_LOOKUPS_PER_MINUTE
                     new lookups a minute in the companion, 1 to 1000 (default 10); beyond it errors
                     are counted and one line says lookups are paused. One-shot lookups skip this rate.
                     Neither spends the last 10% of the day's API quota.
  NO_COLOR           colour off (any value)
  FORCE_COLOR        colour on (1)

Exit codes, one-shot: 0 answers shown, 1 no error found or no results, 2 usage error,
  3 the API could not be reached.
Exit codes, companion, when the input ends: the same over the errors it looked up (0 when any had
  answers; 1 when none was found); 130 after Ctrl+C (SIGINT), 143 after SIGTERM.`;

export const SHORT_USAGE = `Usage: soet "<error message>" [--tags a,b] [--site name] [--results n] [--json] [--dry-run] [--no-cache] [--no-color]
       node app.js 2>&1 | soet
Run soet --help for more.`;

export const EXIT = { answers: 0, noResults: 1, usage: 2, unreachable: 3 } as const;

export class UsageError extends Error {}

/** The one line of a run that found no error in its input. */
export function noErrorFound(where: string): string {
  return `soet: no error found in ${where} (a stack trace, a crash report, a JSON error log line or a line stating an error code); nothing was sent.\n`;
}

export interface CliFlags {
  readonly tags?: string;
  readonly site?: string;
  readonly results?: string;
  readonly json: boolean;
  readonly dryRun: boolean;
  readonly noCache: boolean;
  /** Forced on or off; undefined to decide from the stream and the environment. */
  readonly color: boolean | undefined;
  readonly help: boolean;
  readonly version: boolean;
}

/** The flags and the words of the command line; a UsageError names what was wrong. */
export function parseCommandLine(argv: readonly string[]): { readonly flags: CliFlags; readonly positionals: readonly string[] } {
  let parsed;
  try {
    parsed = parseArgs({
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
  const { values, positionals } = parsed;
  return {
    flags: {
      ...(values.tags === undefined ? {} : { tags: values.tags }),
      ...(values.site === undefined ? {} : { site: values.site }),
      ...(values.results === undefined ? {} : { results: values.results }),
      json: values.json ?? false,
      dryRun: values['dry-run'] ?? false,
      noCache: values['no-cache'] ?? false,
      color: values['no-color'] ? false : values.color ? true : undefined,
      help: values.help ?? false,
      version: values.version ?? false,
    },
    positionals,
  };
}

/** The options the flags stand for; their values are checked by resolveSettings like any option. */
export function optionsFrom(flags: CliFlags): SoetOptions {
  return {
    ...(flags.tags === undefined ? {} : { tags: flags.tags }),
    ...(flags.site === undefined ? {} : { site: flags.site }),
    ...(flags.results === undefined ? {} : { results: /^\d+$/.test(flags.results) ? Number(flags.results) : (flags.results as unknown as number) }),
    ...(flags.noCache ? { cache: false } : {}),
  };
}

/** Turns a settings error about an option into one about its flag. */
export function flagMessage(message: string): string {
  return message
    .replace(/`(results|site|tags)`/g, '--$1')
    .replace(/ Pass e\.g\. \{ (\w+): ([^}]+) \}, or leave it out for the default\./, (_m, option: string, example: string) => ` Use e.g. --${option} ${example.replace(/^\[?'?|'?\]?$/g, '')}.`);
}
