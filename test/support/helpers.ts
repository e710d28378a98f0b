// Small helpers that keep each test one readable sentence: captured output, real apps, waiting.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { after } from 'node:test';
import type { Server } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express5 from 'express';
import express4 from 'express4';

import { type Handler, StandInApi } from './standin.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** An output stream that keeps what soet writes. */
export class Capture {
  text = '';
  isTTY = false;
  columns = 100;
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
  get lines(): string[] {
    return this.text.split('\n').filter((line) => line !== '');
  }
}

/** Resolves once `check` returns true, polling every 10 ms; rejects after `timeoutMs`. */
export async function waitFor(check: () => boolean, timeoutMs = 5_000, what = 'condition'): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export type ExpressVersion = 4 | 5;

type Middleware = (...args: never[]) => unknown;
type AppLike = {
  use: (...handlers: unknown[]) => unknown;
  get: (path: string, ...handlers: unknown[]) => unknown;
  listen: (port: number, host: string, callback: () => void) => Server;
};

export interface RunningApp {
  readonly url: string;
  /** Every value the app's own error handler received, in order. */
  readonly handled: unknown[];
  get(path: string): Promise<{ status: number; body: string; ms: number }>;
  close(): Promise<void>;
}

/**
 * A real Express app (4 or 5) on a random loopback port: `routes` first, then `soet`, then the app's
 * own error handler, which records what it receives and answers 500.
 */
export async function startApp(version: ExpressVersion, routes: (app: AppLike) => void, soetMiddleware: Middleware): Promise<RunningApp> {
  const app = (version === 4 ? express4() : express5()) as unknown as AppLike;
  const handled: unknown[] = [];
  routes(app);
  app.use(soetMiddleware);
  app.use((err: unknown, _req: unknown, res: { status: (code: number) => { send: (body: string) => void } }, _next: unknown) => {
    handled.push(err);
    res.status(500).send('handled by the app');
  });
  const server = await new Promise<Server>((resolve) => {
    const listening: Server = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    handled,
    async get(route) {
      const started = performance.now();
      const response = await fetch(url + route);
      const body = await response.text();
      return { status: response.status, body, ms: performance.now() - started };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface ProcessResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to completion with `input` on stdin; never rejects on a non-zero exit. */
export function run(command: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string; timeoutMs?: number } = {}): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { cwd: options.cwd ?? ROOT, env: options.env ?? process.env, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** A scratch project in the OS temp folder whose node_modules/soet links to this package, as `npm link` would. */
export function linkedProject(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.mkdirSync(path.join(dir, 'node_modules'));
  fs.symlinkSync(ROOT, path.join(dir, 'node_modules', 'soet'), 'dir');
  return dir;
}

/** An environment for child processes: the parent's, minus what would change soet's behaviour, plus `extra`. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) {
    if (name === 'DEBUG' || name === 'NODE_ENV' || name.startsWith('SOET_') || name === 'STACKEXCHANGE_KEY' || name === 'FORCE_COLOR' || name === 'NO_COLOR' || name === 'NODE_OPTIONS' || name === 'NODE_TEST_CONTEXT') delete env[name];
  }
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

/** A starter of stand-in APIs for one test file; every one it starts is closed when the file ends. */
export function standIns(): (handler?: Handler) => Promise<StandInApi> {
  const started: StandInApi[] = [];
  after(async () => {
    await Promise.all(started.map((api) => api.close()));
  });
  return async (handler) => {
    const api = await StandInApi.start(handler);
    started.push(api);
    return api;
  };
}

/** A loopback port that was free a moment ago and has nothing listening on it now. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
