// Dependencies and costly built-ins that synchronous code needs, each required the first time it is used, so that
// importing soet loads none of them.
import { createRequire } from 'node:module';
import type * as ChildProcess from 'node:child_process';
import type * as Fs from 'node:fs';
import type * as Net from 'node:net';
import type * as Dotenv from 'dotenv';
import type * as Entities from 'entities';
import type * as Htmlparser2 from 'htmlparser2';
import type * as LruCache from 'lru-cache';

// require() rather than import(): the callers are synchronous (options, render(), the reporter's
// constructor), and every one of these packages ships a CommonJS build. Each name is written out, so
// that a bundler that follows createRequire can see it.
const requireHere = createRequire(import.meta.url);

function onFirstUse<T>(load: () => unknown): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= load() as T);
}

/** dotenv: only when a .env file exists. */
export const dotenv = onFirstUse<typeof Dotenv>(() => requireHere('dotenv'));
/** entities: the first API response read or page escaped. */
export const entities = onFirstUse<typeof Entities>(() => requireHere('entities'));
/** htmlparser2: the first answer rendered. */
export const htmlparser2 = onFirstUse<typeof Htmlparser2>(() => requireHere('htmlparser2'));
/** lru-cache: the first lookup's cache of answers in memory, built only when soet is on or a lookup is made. */
export const lruCache = onFirstUse<typeof LruCache>(() => requireHere('lru-cache'));
/** node:net, whose isIP checks `allowedHosts` when they are given: Node loads it only for sockets otherwise. */
export const net = onFirstUse<typeof Net>(() => requireHere('node:net'));
/**
 * node:fs as CommonJS gives it. An ES module's `import fs from 'node:fs'` builds fs's ESM facade, which
 * reads every export, fs.promises included, and so loads the stream modules: 1-2 ms of a start-up
 * that soet must leave alone when it is off. Used where soet decides whether it is on.
 */
export const nodeFs = onFirstUse<typeof Fs>(() => requireHere('node:fs'));
/** node:child_process (with dgram, which it loads): the crash hook's, needed only at a crash. */
export const childProcess = onFirstUse<typeof ChildProcess>(() => requireHere('node:child_process'));
