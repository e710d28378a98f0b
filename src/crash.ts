// The crash hook's report, run as the process exits: looks the fatal error up in a child process and prints the block.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CrashRequest } from './crash-worker.js';
import { childProcess } from './deps.js';
import { describe } from './describe.js';
import type { Env } from './env.js';
import { colorEnabled } from './render/color.js';

const DEFAULT_TIMEOUT_MS = 5000;

function timeoutOf(env: Env): number {
  const value = Number(env.SOET_TIMEOUT_MS);
  return Number.isInteger(value) && value >= 100 && value <= 60_000 ? value : DEFAULT_TIMEOUT_MS;
}

function write(text: string): void {
  try {
    fs.writeSync(2, text);
  } catch {
    // stderr is gone: nothing to tell.
  }
}

/** Looks `thrown` up synchronously (the process is exiting) and prints the block to stderr. */
export function reportCrash(thrown: unknown, env: Env): void {
  const error = describe(thrown);
  if (!error) return;
  const timeoutMs = timeoutOf(env);
  const request: CrashRequest = {
    error,
    color: colorEnabled(process.stderr, env),
    columns: process.stderr.columns ?? 80,
    deadline: Date.now() + timeoutMs,
  };
  // The worker is built next to this module (dist/crash-worker.js).
  const worker = path.join(path.dirname(fileURLToPath(import.meta.url)), 'crash-worker.js');
  const { NODE_OPTIONS: _ignored, ...childEnv } = process.env;
  const child = childProcess().spawnSync(process.execPath, [worker], {
    input: JSON.stringify(request),
    encoding: 'utf8',
    timeout: timeoutMs,
    env: childEnv,
    stdio: ['pipe', 'pipe', 'ignore'],
    windowsHide: true,
  });
  if (child.stdout) write(child.stdout);
  else if (child.error || child.signal) {
    write(`soet ▸ no answers for ${error.name}: the lookup did not finish within the ${timeoutMs} ms SOET_TIMEOUT_MS allows; check your network, or raise SOET_TIMEOUT_MS\n`);
  }
}
