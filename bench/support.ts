// Shared by the benchmark's parts: child processes that never outlive the run, the stand-in's answers, stats.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Handler, answer, question, wrapper } from '../test/support/standin.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The modes of the server under load: no soet at all, soet on, soet off. */
export const MODES = ['without', 'on', 'off'] as const;
export type Mode = (typeof MODES)[number];

export function isMode(value: unknown): value is Mode {
  return (MODES as readonly unknown[]).includes(value);
}

/** soet's `output`: counts what would be printed, so the terminal is not part of what is measured. */
export class CountingOutput {
  readonly isTTY = false;
  writes = 0;
  write(): boolean {
    this.writes += 1;
    return true;
  }
}

/**
 * A stand-in Stack Overflow where every search finds one answered question, so a successful lookup
 * costs exactly two calls (a search, then its answers): anything above that is soet asking again.
 */
export function oneAnswerSite(): Handler {
  return (request) => {
    if (request.apiMethod === 'questions/answers') {
      const items = request.ids.map((id) => answer(id * 10, id, '<p>Check the value before you use it.</p>', { is_accepted: true }));
      return { json: wrapper(items) };
    }
    // A question titled like the search, so its page is relevant to the error searched.
    const asked = (request.params.get('q') ?? request.params.get('title') ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/'/g, '&#39;');
    return { json: wrapper([question(101, asked, { accepted_answer_id: 1010 })]) };
  };
}

/** What bench/storm.ts prints: bytes, and soet's engine counts at the end. */
export interface StormReport {
  readonly errors: number;
  /** The first one is taken before the storm, at 0 errors. */
  readonly checkpoints: readonly { readonly errors: number; readonly heapUsed: number; readonly rss: number }[];
  readonly microsecondsPerError: number;
  readonly engine: { readonly running: number; readonly queued: number; readonly inFlight: number; readonly cached: number };
  readonly outputWrites: number;
}

const numbersIn = (value: unknown, keys: readonly string[]): boolean =>
  typeof value === 'object' && value !== null && keys.every((key) => typeof (value as Record<string, unknown>)[key] === 'number');

export function isStormReport(value: unknown): value is StormReport {
  if (!numbersIn(value, ['errors', 'microsecondsPerError', 'outputWrites'])) return false;
  const { checkpoints, engine } = value as { checkpoints?: unknown; engine?: unknown };
  return (
    Array.isArray(checkpoints) &&
    checkpoints.every((checkpoint) => numbersIn(checkpoint, ['errors', 'heapUsed', 'rss'])) &&
    numbersIn(engine, ['running', 'queued', 'inFlight', 'cached'])
  );
}

const children = new Set<ChildProcess>();

/** Last resort for any exit path (an uncaught error, process.exit): no server is left running. */
export function killChildren(): void {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
}
process.on('exit', killChildren);

/** The parent's environment minus what would turn soet on or change it behind the options' back. */
export function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) {
    if (name === 'DEBUG' || name === 'NODE_ENV' || name === 'NODE_OPTIONS' || name === 'STACKEXCHANGE_KEY' || name.startsWith('SOET_')) delete env[name];
  }
  return env;
}

/**
 * Starts `node <nodeFlags> --import tsx <script> <args>` in the repository, stdout piped, stderr
 * shared, stdin a pipe that closes when this process dies, however it dies.
 */
export function startChild(script: string, args: readonly string[], nodeFlags: readonly string[] = []): ChildProcess {
  const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', script, ...args], {
    cwd: ROOT,
    env: childEnv(),
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** The child's first line of stdout; rejects if it exits or stays silent for `timeoutMs`. */
export function firstLine(child: ChildProcess, timeoutMs = 20_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => done(new Error(`child ${child.pid ?? '?'} printed nothing within ${timeoutMs} ms`)), timeoutMs);
    const onData = (chunk: Buffer): void => {
      text += chunk.toString('utf8');
      const end = text.indexOf('\n');
      if (end >= 0) done(undefined, text.slice(0, end).trim());
    };
    const onExit = (code: number | null): void => done(new Error(`child ${child.pid ?? '?'} exited (${code}) before printing`));
    function done(error: Error | undefined, line = ''): void {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(line);
    }
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

/** Everything the child prints until it exits; rejects on a non-zero exit or after `timeoutMs`. */
export function allOutput(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child ${child.pid ?? '?'} did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(text);
      else reject(new Error(`child ${child.pid ?? '?'} failed (${signal ?? code})`));
    });
  });
}

/** Ends a child politely, then firmly: SIGTERM, and SIGKILL if it is still there after a second. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 1_000);
  await exited;
  clearTimeout(timer);
}

/**
 * Pins a process and all its threads to `cpus` (taskset's list form, `0` or `1-3`); false where taskset
 * is missing or refuses (not Linux, a container without the right), and nothing is pinned.
 */
export function pin(pid: number, cpus: string): boolean {
  try {
    execFileSync('taskset', ['-apc', cpus, String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A whole number from the environment variable `name` (at least `minimum`), or `fallback` when unset; exits 2 naming a bad one. */
export function countFromEnv(name: string, fallback: number, minimum: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^\d+$/.test(raw) && Number(raw) >= minimum) return Number(raw);
  process.stderr.write(`bench: ${name} must be a whole number of ${minimum} or more, not ${JSON.stringify(raw)}\n`);
  return process.exit(2);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/**
 * A 95% interval for the median of `values` by bootstrap: 2,000 resamples with replacement. The
 * generator is seeded (mulberry32) so that the same data always gives the same interval.
 */
export function medianInterval(values: readonly number[], resamples = 2_000): readonly [number, number] {
  let seed = 0x9e3779b9;
  const random = (): number => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const pick = (): number => values[Math.floor(random() * values.length)] ?? Number.NaN;
  const medians = Array.from({ length: resamples }, () => median(Array.from(values, pick))).sort((a, b) => a - b);
  return [medians[Math.floor(resamples * 0.025)] ?? Number.NaN, medians[Math.floor(resamples * 0.975)] ?? Number.NaN];
}

/** A Markdown table; numbers are expected already formatted. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export function machineLine(): string {
  const cpus = os.cpus();
  const model = cpus[0]?.model.trim() ?? 'unknown CPU';
  const date = new Date().toISOString().replace('T', ' ').slice(0, 16);
  return `Machine: ${model}, ${cpus.length} cores, Node ${process.version}, ${os.type()} ${os.release()} ${os.arch()}; ${date} UTC`;
}

/** Share of all cores' time spent busy over `ms`: other work on the machine skews every number here. */
export async function cpuBusy(ms = 1_000): Promise<number> {
  const sample = (): { idle: number; total: number } =>
    os.cpus().reduce(
      (sum, { times }) => ({ idle: sum.idle + times.idle, total: sum.total + times.user + times.nice + times.sys + times.irq + times.idle }),
      { idle: 0, total: 0 },
    );
  const first = sample();
  await sleep(ms);
  const second = sample();
  const total = second.total - first.total;
  return total > 0 ? 1 - (second.idle - first.idle) / total : 0;
}

export function megabytes(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}

/** Progress goes to stderr, so that stdout holds only the report. */
export function progress(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}
