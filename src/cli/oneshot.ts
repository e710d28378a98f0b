// One-shot: a message, a file or stdin read to its end, its chosen errors looked up, blocks or JSON printed.
import type { Env } from '../env.js';
import type { LookupEngine, LookupResult, PreparedLookup } from '../lookup.js';
import type { Settings } from '../options.js';
import { render } from '../render/block.js';
import { toJson } from '../render/json.js';
import { EXIT } from './args.js';
import { type ErrorFromText, OneShotChoice } from './crashlog.js';
import { ErrorDetector } from './detector.js';
import { LineSplitter } from './lines.js';

/** Where a one-shot run prints, and how. */
export interface OneShotOutput {
  readonly stdout: NodeJS.WritableStream & { readonly isTTY?: boolean; readonly columns?: number };
  readonly stderr: NodeJS.WritableStream & { readonly isTTY?: boolean; readonly columns?: number };
  readonly json: boolean;
  readonly dryRun: boolean;
  readonly color: boolean | undefined;
  readonly env: Env;
}

/** soet's JSON output, through the JSON border: no control or invisible formatting character raw. */
function jsonLine(value: unknown): string {
  return `${toJson(value)}\n`;
}

/** Reads a log to its end through the detector (nothing is kept but the one-shot choice) and returns the chosen errors. */
export async function errorsInLog(source: AsyncIterable<unknown>, engine: LookupEngine): Promise<readonly ErrorFromText[]> {
  const choice = new OneShotChoice((error) => engine.fingerprintOf(error));
  const detector = new ErrorDetector((report) => choice.add(report));
  const splitter = new LineSplitter((line) => detector.push(line));
  for await (const chunk of source) splitter.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  splitter.end();
  detector.flush();
  return choice.chosen.map((report) => report.error);
}

function dryRunLines(prepared: PreparedLookup, settings: Settings, label: string | undefined): string {
  const searches = prepared.plan?.searches ?? [];
  if (searches.length === 0) return `soet would send nothing${label ? ` for ${label}` : ''}: no searchable text is left after redaction.\n`;
  const lines = searches.map((search) => `  GET /${search.method} ${search.method === 'similar' ? 'title' : 'q'}=${JSON.stringify(search.text)}\n`);
  return `soet would send${label ? ` for ${label}` : ''}, in order while nothing is found (site=${settings.site}, tagged=${prepared.plan?.tags.join(';')}):\n${lines.join('')}`;
}

/** What a dry run would send, as JSON: the redacted query and searches only, never the raw message. */
function dryRunJson(prepared: PreparedLookup, settings: Settings) {
  return {
    dryRun: true,
    site: prepared.plan?.site ?? settings.site,
    tags: prepared.plan?.tags ?? settings.tags,
    query: prepared.plan?.text ?? null,
    searches: (prepared.plan?.searches ?? []).map((search) => ({ method: search.method, text: search.text })),
  };
}

function exitCodeOf(results: readonly LookupResult[]): number {
  if (results.some((result) => result.status === 'found')) return EXIT.answers;
  if (results.some((result) => result.status === 'failed')) return EXIT.unreachable;
  return EXIT.noResults;
}

/**
 * Looks `errors` up and prints them in order: blocks on stdout (a failed lookup is a problem report,
 * so on stderr), or JSON. `asList` prints JSON as an array (a log) rather than one object (a message).
 */
export async function lookUpAndPrint(errors: readonly ErrorFromText[], asList: boolean, engine: LookupEngine, settings: Settings, out: OneShotOutput): Promise<number> {
  const prepared = errors.map((error) => engine.prepare(error));
  if (out.dryRun) {
    if (out.json) {
      const documents = prepared.map((one) => dryRunJson(one, settings));
      out.stdout.write(jsonLine(asList ? documents : documents[0]));
    } else {
      out.stdout.write(prepared.map((one, index) => dryRunLines(one, settings, prepared.length > 1 ? `error ${index + 1} of ${prepared.length} (${one.plan?.kind ?? 'nothing searchable'})` : undefined)).join(''));
    }
    return EXIT.answers;
  }
  // Asked for by hand: not held to the per-minute rate of new lookups (the quota's reserve still holds).
  const results = await Promise.all(prepared.map((one) => engine.run(one, settings.timeoutMs * 2, { explicit: true })));
  if (out.json) {
    out.stdout.write(jsonLine(asList ? results : results[0]));
  } else {
    for (const result of results) {
      const stream = result.status === 'failed' ? out.stderr : out.stdout;
      const text = render(result, { ...(out.color === undefined ? {} : { color: out.color }), stream, env: out.env });
      stream.write(text || 'soet: nothing searchable is left in that message after redaction.\n');
    }
  }
  return exitCodeOf(results);
}
