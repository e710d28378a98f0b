// Where the real errors of the corpus are thrown: a temp app folder, closed ports, real servers and processes.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

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

/** A loopback port that was free a moment ago. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
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
  return { dir, closedPort: await freePort() };
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
