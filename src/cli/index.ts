// The command-line door: a message, a log read to its end (one-shot), or a dev server's output as it happens (the companion).
import fs from 'node:fs';
import { type Env, loadEnv } from '../env.js';
import { type Settings, resolveSettings } from '../options.js';
import { VERSION } from '../version.js';
import { type CliFlags, EXIT, SHORT_USAGE, USAGE, UsageError, flagMessage, noErrorFound, optionsFrom, parseCommandLine } from './args.js';
import type { OneShotOutput } from './oneshot.js';
import type { Destination } from './passthrough.js';

export interface Io {
  readonly argv: readonly string[];
  readonly stdin: NodeJS.ReadableStream & { readonly isTTY?: boolean; readonly fd?: number };
  readonly stdout: Destination;
  readonly stderr: NodeJS.WritableStream & { readonly isTTY?: boolean; readonly columns?: number };
  readonly env: NodeJS.ProcessEnv;
}

/** A word that can only be a file name: no spaces, and a path separator or a log's extension. */
const LOOKS_LIKE_A_PATH = /^\S*(?:[\\/]\S*|\.(?:log|txt|out|err))$/i;

/** What the input is: typed words, a file named on the command line, stdin read to its end, or stdin as it comes. */
type Input =
  | { readonly kind: 'message'; readonly text: string }
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'stdin-whole' }
  | { readonly kind: 'stdin-stream' }
  | { readonly kind: 'none' };

function isRegularFile(path: string): boolean {
  try {
    return fs.statSync(path).isFile();
  } catch {
    return false;
  }
}

function stdinIsFile(stdin: Io['stdin']): boolean {
  try {
    return typeof stdin.fd === 'number' && fs.fstatSync(stdin.fd).isFile();
  } catch {
    return false;
  }
}

function inputOf(positionals: readonly string[], flags: CliFlags, stdin: Io['stdin']): Input {
  if (positionals.length === 1 && positionals[0] !== undefined && isRegularFile(positionals[0])) return { kind: 'file', path: positionals[0] };
  if (positionals.length === 1 && positionals[0] !== undefined && LOOKS_LIKE_A_PATH.test(positionals[0])) {
    const what = fs.existsSync(positionals[0]) ? 'not a file' : 'no such file';
    throw new UsageError(`${what}: ${positionals[0]} (to look up a message, put it in quotes with its error name, e.g. "Error: ...")`);
  }
  if (positionals.length > 0) return { kind: 'message', text: positionals.join(' ') };
  if (stdin.isTTY) return { kind: 'none' };
  // --json and --dry-run print one document about the whole input; a file has an end to read to.
  return flags.json || flags.dryRun || stdinIsFile(stdin) ? { kind: 'stdin-whole' } : { kind: 'stdin-stream' };
}

/** Colour forced by a flag wins over the environment, as --no-color over FORCE_COLOR. */
function envForColor(env: Env, color: boolean | undefined): Env {
  if (color === undefined) return env;
  const { NO_COLOR: _off, FORCE_COLOR: _on, NODE_DISABLE_COLORS: _disabled, ...rest } = env;
  return color ? { ...rest, FORCE_COLOR: '1' } : { ...rest, NO_COLOR: '1' };
}

/** Runs the CLI; resolves with the exit code. `bin` calls it with the process. */
export async function main(io: Io): Promise<number> {
  let flags: CliFlags;
  let input: Input;
  let settings: Settings;
  try {
    const commandLine = parseCommandLine(io.argv);
    flags = commandLine.flags;
    if (flags.help) {
      io.stdout.write(`${USAGE}\n`);
      return EXIT.answers;
    }
    if (flags.version) {
      io.stdout.write(`${VERSION}\n`);
      return EXIT.answers;
    }
    input = inputOf(commandLine.positionals, flags, io.stdin);
    if (input.kind === 'none') throw new UsageError('no error message given: pass one as an argument, or pipe a log in');
    try {
      settings = resolveSettings(optionsFrom(flags), envForColor(loadEnv(process.cwd(), io.env), flags.color), true);
    } catch (problem) {
      io.stderr.write(`${flagMessage((problem as Error).message)}\n${SHORT_USAGE}\n`);
      return EXIT.usage;
    }
  } catch (error) {
    io.stderr.write(`soet: ${(error as Error).message}\n${SHORT_USAGE}\n`);
    return EXIT.usage;
  }

  // What reads, looks up and prints loads only now: --help, --version and a usage error need none of it.
  if (input.kind === 'stdin-stream') {
    const { runCompanion } = await import('./companion.js');
    return runCompanion(io, settings);
  }
  const [{ engineFor }, { errorFromText }, { errorsInLog, lookUpAndPrint }] = await Promise.all([import('../lookup.js'), import('./crashlog.js'), import('./oneshot.js')]);
  const engine = engineFor(settings);
  const out: OneShotOutput = { stdout: io.stdout, stderr: io.stderr, json: flags.json, dryRun: flags.dryRun, color: flags.color, env: settings.env };
  if (input.kind === 'message') {
    const error = errorFromText(input.text);
    if (!error) {
      io.stderr.write(`soet: the message is blank: pass an error message, or pipe a log in.\n${SHORT_USAGE}\n`);
      return EXIT.usage;
    }
    return lookUpAndPrint([error], false, engine, settings, out);
  }
  const where = input.kind === 'file' ? input.path : 'the input';
  let errors;
  try {
    errors = await errorsInLog(input.kind === 'file' ? fs.createReadStream(input.path) : io.stdin, engine);
  } catch (error) {
    io.stderr.write(`soet: could not read ${where} (${(error as Error).message}).\n`);
    return EXIT.usage;
  }
  if (errors.length === 0) {
    io.stderr.write(noErrorFound(where));
    return EXIT.noResults;
  }
  return lookUpAndPrint(errors, true, engine, settings, out);
}
