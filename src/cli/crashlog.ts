// Which errors of a finished log to look up (the one-shot rule), and the error in a message typed by hand.
import { type ErrorReport, ErrorDetector } from './detector.js';
import { type ErrorFromText, isFrame, parseHead } from './shapes.js';

export type { ErrorFromText } from './shapes.js';

/** At most this many distinct errors of a log without a fatal one are looked up: the last ones. */
export const ONE_SHOT_MAX_ERRORS = 3;
/** Distinct errors remembered while a log is read (the last ones win). */
const REMEMBERED = 16;

/**
 * The one-shot rule, fed report by report in constant memory: the fatal error (the last uncaught
 * report) when there is one, else each distinct error, the last three at most, in the order they
 * were last seen. `fingerprintOf` says which errors are the same (as the lookup engine sees them).
 */
export class OneShotChoice {
  readonly #fingerprintOf: (error: ErrorFromText) => string | undefined;
  readonly #distinct = new Map<string, ErrorReport>();
  #fatal: ErrorReport | undefined;

  constructor(fingerprintOf: (error: ErrorFromText) => string | undefined) {
    this.#fingerprintOf = fingerprintOf;
  }

  add(report: ErrorReport): void {
    if (report.fatal) this.#fatal = report;
    const { name, code, message } = report.error;
    const key = this.#fingerprintOf(report.error) ?? `${name}\n${code ?? ''}\n${message}`;
    this.#distinct.delete(key);
    this.#distinct.set(key, report);
    if (this.#distinct.size > REMEMBERED) this.#distinct.delete(this.#distinct.keys().next().value ?? '');
  }

  get chosen(): readonly ErrorReport[] {
    return this.#fatal ? [this.#fatal] : [...this.#distinct.values()].slice(-ONE_SHOT_MAX_ERRORS);
  }
}

/**
 * Reads the error from `text` given on the command line: the error a pasted log reports (the fatal
 * one, else the last), else its first `Name: message` line, else its first non-empty line as a bare
 * message. Undefined for blank text.
 */
export function errorFromText(text: string): ErrorFromText | undefined {
  const reports: ErrorReport[] = [];
  const detector = new ErrorDetector((report) => reports.push(report));
  const lines = text.split('\n');
  for (const line of lines) detector.push(line);
  detector.flush();
  const report = reports.findLast((candidate) => candidate.fatal) ?? reports.at(-1);
  if (report) return report.error;
  // One pasted message without frames: all of it is the message (Prisma's and Zod's span lines).
  const first = lines.findIndex((line) => line.trim() !== '');
  const pasted = first === -1 ? undefined : parseHead(lines[first] ?? '');
  if (pasted && pasted.prefix.trim() === '' && !lines.some(isFrame)) {
    const message = [pasted.message, ...lines.slice(first + 1)].join('\n').trim();
    return { name: pasted.name, message, ...(pasted.code ? { code: pasted.code } : {}) };
  }
  for (const line of lines) {
    const head = parseHead(line);
    if (head) return { name: head.name, message: head.message, ...(head.code ? { code: head.code } : {}) };
  }
  const message = lines.find((line) => line.trim() !== '')?.trim();
  return message === undefined ? undefined : { name: 'Error', message };
}
