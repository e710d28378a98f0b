// Runtime dependencies that synchronous code needs, each loaded the first time it is used, so that importing soet loads none.
import { createRequire } from 'node:module';
import type * as ChildProcess from 'node:child_process';
import type * as Fs from 'node:fs';
import type * as Net from 'node:net';
import type * as Dotenv from 'dotenv';
import type * as Entities from 'entities';
import type * as Htmlparser2 from 'htmlparser2';
import type * as LruCache from 'lru-cache';

// require() rather than import(): the callers are synchronous (options, render(), the reporter's
// constructor), and every one of these packages ships a CommonJS build.
const requireDependency = createRequire(import.meta.url);

function onFirstUse<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= requireDependency(name) as T);
}

/** dotenv: only when a .env file exists. */
export const dotenv = onFirstUse<typeof Dotenv>('dotenv');
/** entities: the first title decoded or page escaped. */
export const entities = onFirstUse<typeof Entities>('entities');
/** htmlparser2: the first answer rendered. */
export const htmlparser2 = onFirstUse<typeof Htmlparser2>('htmlparser2');
/** lru-cache: the first reporter or cache built, which happens only when soet is on. */
export const lruCache = onFirstUse<typeof LruCache>('lru-cache');
/** node:net, whose isIP checks `allowedHosts` when they are given: Node loads it only for sockets otherwise. */
export const net = onFirstUse<typeof Net>('node:net');
/**
 * node:fs as CommonJS gives it. An ES module's `import fs from 'node:fs'` builds fs's ESM facade, which
 * reads every export, fs.promises included, and so loads the stream modules: 1-2 ms of a start-up
 * that soet must leave alone when it is off. Used where soet decides whether it is on.
 */
export const nodeFs = onFirstUse<typeof Fs>('node:fs');
/** node:child_process (with dgram, which it loads): the crash hook's, needed only at a crash. */
export const childProcess = onFirstUse<typeof ChildProcess>('node:child_process');
