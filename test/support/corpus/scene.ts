// Where the real errors of the corpus are thrown: a temp app folder, closed ports, real servers and processes.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { closedPort } from '../helpers.js';
import type { RealError } from './row.js';

/** What a row needs to throw its error for real. */
export interface Scene {
  /** A temp folder standing for the app, with a few files in it (see `makeScene`). */
  readonly dir: string;
  /** A loopback port nothing listens on. */
  readonly closedPort: number;
}

/** A thrown value as a child process reported it: rebuilt as an Error with its own name, code and stack. */
export interface Reported {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
  readonly stack?: string;
}

/** Whether something accepts connections on a loopback port. */
export function listening(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, host);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function makeScene(): Promise<Scene> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shop-api-'));
  fs.writeFileSync(path.join(dir, 'package.json'), '{ "name": "shop-api", "version": "1.0.0" }\n');
  fs.mkdirSync(path.join(dir, 'uploads'));
  fs.writeFileSync(path.join(dir, 'uploads', 'avatar.png'), 'not really a png');
  return { dir, closedPort: await closedPort() };
}

export function dropScene(scene: Scene): void {
  fs.rmSync(scene.dir, { recursive: true, force: true });
}

/** Writes `files` (relative path -> text) under `dir`. */
export function writeFiles(dir: string, files: Readonly<Record<string, string>>): void {
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
}

/**
 * Runs `entry` with plain Node (no tsx, so module loading behaves as in the app) in a new folder under
 * `parent`, holding `files`, and returns the error it dies of, as Node reported it on the way out.
 */
export function crashOf(parent: string, entry: string, files: Readonly<Record<string, string>>): Promise<Error> {
  const dir = fs.mkdtempSync(path.join(parent, 'app-'));
  writeFiles(dir, files);
  // A preload reports the uncaught error as JSON on fd 3 before Node prints it.
  const reporter = path.join(dir, '.report-crash.cjs');
  fs.writeFileSync(
    reporter,
    `process.on('uncaughtExceptionMonitor', (e) => require('node:fs').writeSync(3, JSON.stringify({ name: e.name, message: e.message, code: e.code, stack: e.stack })));\n`,
  );
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', reporter, entry], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '' } });
    let report = '';
    let stderr = '';
    child.stdio[3]?.on('data', (chunk: Buffer) => (report += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', () => {
      if (!report) {
        reject(new Error(`${entry} did not crash: ${stderr.slice(0, 300)}`));
        return;
      }
      const reported = JSON.parse(report) as Reported;
      resolve(rebuilt(reported));
    });
  });
}

/** An Error carrying what another process reported. */
export function rebuilt(reported: Reported): Error {
  const error = new Error(reported.message);
  Object.defineProperty(error, 'name', { value: reported.name, configurable: true, writable: true });
  if (reported.code !== undefined) Object.assign(error, { code: reported.code });
  if (reported.stack !== undefined) error.stack = reported.stack;
  return error;
}

/** The value `action` throws or rejects with; fails when it does not throw. */
export async function thrownBy(action: () => unknown): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  throw new Error(`expected ${action.toString().slice(0, 80)} to throw`);
}

/** An error as data, to be thrown again in another process: class name, name, message, stack, properties, cause. */
interface Serialized {
  readonly ctor: string;
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  readonly props: Record<string, unknown>;
  readonly cause?: Serialized;
}

function serialized(value: unknown, depth = 0): Serialized | undefined {
  if (typeof value !== 'object' || value === null || depth > 3) return undefined;
  const error = value as Record<string, unknown>;
  const props: Record<string, unknown> = {};
  for (const key of Object.keys(error)) {
    if (['name', 'message', 'stack', 'cause'].includes(key)) continue;
    try {
      const json = JSON.stringify(error[key]);
      if (json !== undefined && json.length < 10_000) props[key] = JSON.parse(json) as unknown;
    } catch {
      // A property that is not data (a socket, a cycle) is left out, as a log would elide it.
    }
  }
  const cause = serialized(error.cause, depth + 1);
  return {
    ctor: (value as { constructor?: { name?: string } }).constructor?.name || 'Error',
    name: String(error.name),
    message: String(error.message),
    ...(typeof error.stack === 'string' ? { stack: error.stack } : {}),
    props,
    ...(cause ? { cause } : {}),
  };
}

/** Rebuilds a serialized error with a class of the same name, and throws it: Node prints its crash report. */
const THROW_AGAIN = `
const build = (d) => {
  const C = ({ [d.ctor]: class extends Error {} })[d.ctor];
  Object.defineProperty(C.prototype, 'name', { value: d.name, configurable: true, writable: true });
  const error = new C(d.message, d.cause ? { cause: build(d.cause) } : undefined);
  if (d.stack !== undefined) Object.defineProperty(error, 'stack', { value: d.stack, configurable: true, writable: true });
  return Object.assign(error, d.props);
};
throw build(JSON.parse(process.env.SOET_CORPUS_ERROR));
`;

/**
 * What a real crash of `row`'s error prints on stderr: its program run again with plain Node, or a
 * Node process that throws the same error (class, name, message, stack, properties and cause) uncaught.
 */
export async function crashLogOf(row: RealError, error: unknown, scene: Scene): Promise<string> {
  const [args, cwd, env] = row.program
    ? (() => {
        const { entry, files } = row.program(scene);
        const dir = fs.mkdtempSync(path.join(scene.dir, 'app-'));
        writeFiles(dir, files);
        return [[entry], dir, {}] as const;
      })()
    : [['-e', THROW_AGAIN], scene.dir, { SOET_CORPUS_ERROR: JSON.stringify(serialized(error)) }] as const;
  const stderr = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, [...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'], env: { PATH: process.env.PATH ?? '', ...env } });
    let text = '';
    child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? reject(new Error(`${row.label}: the process did not crash`)) : resolve(text)));
  });
  return stderr;
}
