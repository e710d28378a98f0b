// The companion: a dev server's output through soet, each error's answers printed right after it, as it happens.
import os from 'node:os';
import { engineFor } from '../lookup.js';
import type { LookupResult } from '../lookup.js';
import type { Settings } from '../options.js';
import { Reporter } from '../reporter.js';
import { EXIT, noErrorFound } from './args.js';
import { OneShotChoice } from './crashlog.js';
import { type ErrorReport, ErrorDetector } from './detector.js';
import { LineSplitter } from './lines.js';
import { type Destination, PassThrough } from './passthrough.js';

/** An error is looked up once the output has been quiet this long after it (a crash's process is gone by then)... */
export const QUIET_MS = 200;
/** ...or once it has waited this long in output that never pauses. */
const MAX_WAIT_MS = 1_000;
/** After Ctrl+C, the app's last output is passed through for at most this long. */
export const GRACE_MS = 3_000;
/** Errors waiting to be looked up; more at once and the oldest are let go. */
const MAX_WAITING = 50;

export interface CompanionIo {
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: Destination;
  readonly stderr: NodeJS.WritableStream;
}

function exitCodeOf(tally: { found: number; failed: number }): number {
  if (tally.found > 0) return EXIT.answers;
  if (tally.failed > 0) return EXIT.unreachable;
  return EXIT.noResults;
}

/**
 * Passes stdin through to stdout while reading it for errors. An error is looked up when the output
 * pauses after it, so that a log that ends at once (`cat crash.log | soet`, a process that crashed)
 * gets the one-shot rule at its end: its fatal error, not an earlier one. Resolves with the exit code
 * when stdin ends, or after SIGINT or SIGTERM once the app's last output is through (bounded by
 * GRACE_MS).
 */
export function runCompanion(io: CompanionIo, settings: Settings): Promise<number> {
  const { stdin, stderr } = io;
  const passThrough = new PassThrough(io.stdout, { pause: () => stdin.pause(), resume: () => stdin.resume() });
  const tally = { found: 0, failed: 0 };
  const count = (result: LookupResult): void => {
    if (result.status === 'found') tally.found += 1;
    else if (result.status === 'failed') tally.failed += 1;
  };
  const reporter = new Reporter({ ...settings, output: passThrough.blocks }, { onResult: count, keepAlive: true });
  const engine = engineFor(settings);
  let waiting: ErrorReport[] = [];
  let released = 0;
  let quietTimer: NodeJS.Timeout | undefined;
  let waitTimer: NodeJS.Timeout | undefined;
  let interrupted: number | undefined;
  let graceTimer: NodeJS.Timeout | undefined;

  const detector = new ErrorDetector((report) => {
    waiting.push(report);
    if (waiting.length > MAX_WAITING) waiting.shift();
    waitTimer ??= setTimeout(releaseWaiting, MAX_WAIT_MS);
  });
  const splitter = new LineSplitter((line) => detector.push(line));

  function release(reports: readonly ErrorReport[], atEnd = false): void {
    if (!passThrough.open || interrupted !== undefined) return;
    for (const report of reports) reporter.report(report.error);
    released += reports.length;
    // A crash seen before (a restart under --watch or nodemon) says "again" now, not at the end of the
    // window; at the end of the input the repeats are told after the last block.
    if (!atEnd && reports.some((report) => report.fatal)) reporter.flush();
  }

  function releaseWaiting(): void {
    clearTimeout(waitTimer);
    waitTimer = undefined;
    const reports = waiting;
    waiting = [];
    release(reports);
  }

  function onQuiet(): void {
    quietTimer = undefined;
    detector.flush();
    releaseWaiting();
  }

  return new Promise<number>((resolve) => {
    let done = false;
    const finish = (code: number): void => {
      if (done) return;
      done = true;
      for (const timer of [quietTimer, waitTimer, graceTimer]) clearTimeout(timer);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      passThrough.end();
      resolve(code);
    };

    function onSignal(signal: NodeJS.Signals): void {
      if (interrupted !== undefined) {
        // A second Ctrl+C: the user does not want to wait for the app's last words.
        finish(interrupted);
        return;
      }
      interrupted = 128 + os.constants.signals[signal];
      waiting = [];
      graceTimer = setTimeout(() => finish(interrupted ?? 130), GRACE_MS);
      graceTimer.unref();
    }
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);

    async function onEnd(): Promise<void> {
      clearTimeout(quietTimer);
      clearTimeout(waitTimer);
      splitter.end();
      detector.flush();
      if (interrupted !== undefined) {
        finish(interrupted);
        return;
      }
      passThrough.end();
      const choice = new OneShotChoice((error) => engine.fingerprintOf(error));
      for (const report of waiting) choice.add(report);
      waiting = [];
      if (released === 0 && choice.chosen.length === 0) {
        stderr.write(noErrorFound('the input'));
        finish(EXIT.noResults);
        return;
      }
      release(choice.chosen, true);
      await reporter.settled();
      reporter.flush();
      finish(interrupted ?? exitCodeOf(tally));
    }

    stdin.on('data', (chunk: Buffer | string) => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      // The app's output first: reading it for errors must never hold it up.
      passThrough.write(bytes);
      splitter.push(bytes);
      if (interrupted !== undefined) return;
      clearTimeout(quietTimer);
      quietTimer = setTimeout(onQuiet, QUIET_MS);
    });
    stdin.once('end', () => void onEnd());
    // A read error ends the input like its end does.
    stdin.once('error', () => void onEnd());
  });
}
