// Real errors of Node.js's own modules (fs, net, http, dns, fetch, crypto...): each row throws its error for real.
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import dns from 'node:dns/promises';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { RealError } from './row.js';
import { thrownBy } from './scene.js';

type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Values typed loosely on purpose: the rows make the mistakes the type checker would catch. */
const loose = (value: unknown): Loose => value as Loose;

async function listenTwice(): Promise<unknown> {
  const first = net.createServer();
  await new Promise<void>((resolve) => first.listen(0, resolve));
  const { port } = first.address() as net.AddressInfo;
  const second = net.createServer();
  try {
    return await new Promise((resolve) => {
      second.once('error', resolve);
      second.listen(port);
    });
  } finally {
    first.close();
  }
}

function request(url: string): Promise<unknown> {
  return new Promise((resolve) => {
    http.get(url, (response) => response.resume()).once('error', resolve);
  });
}

export const NODE_ERRORS: readonly RealError[] = [
  {
    label: 'url: a relative URL',
    make: () => thrownBy(() => new URL('/api/orders?page=2')),
    message: 'Invalid URL',
    query: 'ERR_INVALID_URL Invalid URL',
    alone: 'TypeError Invalid URL',
    tags: [],
    asked: 'TypeError [ERR_INVALID_URL]: Invalid URL when passing a path to new URL()',
  },
  {
    label: 'fs: a missing file',
    make: (scene) => thrownBy(() => fs.readFileSync(path.join(scene.dir, 'config', 'settings.json'))),
    message: "ENOENT: no such file or directory, open '{path}'",
    query: 'ENOENT no such file or directory open',
    tags: [],
    asked: "Error: ENOENT: no such file or directory, open './data/users.json'",
  },
  {
    label: 'fs: a folder read as a file',
    make: (scene) => thrownBy(() => fs.readFileSync(path.join(scene.dir, 'uploads'))),
    message: 'EISDIR: illegal operation on a directory, read',
    query: 'EISDIR illegal operation on a directory read',
    tags: [],
    asked: 'Error: EISDIR: illegal operation on a directory, read',
  },
  {
    label: 'fs: a folder that exists',
    make: (scene) => thrownBy(() => fs.mkdirSync(path.join(scene.dir, 'uploads'))),
    message: "EEXIST: file already exists, mkdir '{path}'",
    query: 'EEXIST file already exists mkdir',
    tags: [],
    asked: "Error: EEXIST: file already exists, mkdir 'public/images'",
  },
  {
    label: 'fs: removing a folder that is not empty',
    make: (scene) => thrownBy(() => fs.rmdirSync(path.join(scene.dir, 'uploads'))),
    message: "ENOTEMPTY: directory not empty, rmdir '{path}'",
    query: 'ENOTEMPTY directory not empty rmdir',
    tags: [],
    asked: "ENOTEMPTY: directory not empty, rmdir 'dist'",
  },
  {
    label: 'fs: an undefined path',
    make: () => thrownBy(() => fs.readFileSync(loose(undefined) as unknown as string)),
    message: 'The "path" argument must be of type string or an instance of Buffer or URL. Received undefined',
    query: "ERR_INVALID_ARG_TYPE The 'path' argument must be of type string",
    tags: [],
    asked: 'TypeError [ERR_INVALID_ARG_TYPE]: The "path" argument must be of type string. Received undefined',
  },
  {
    label: 'fs: writing an object',
    make: (scene) => thrownBy(() => fs.writeFileSync(path.join(scene.dir, 'out.json'), loose({ a: 1 }) as unknown as string)),
    message: 'The "data" argument must be of type string or an instance of Buffer, TypedArray, or DataView. Received an instance of Object',
    query: "ERR_INVALID_ARG_TYPE The 'data' argument must be of type string",
    tags: [],
    asked: 'The "data" argument must be of type string or an instance of Buffer, TypedArray, or DataView with fs.writeFile',
    pasted: 'TypeError [ERR_INVALID_ARG_TYPE]: The "data" argument must be of type string or an instance of Buffer, TypedArray, or DataView. Received an instance of Object',
  },
  {
    label: 'net: a port already in use',
    make: () => listenTwice(),
    message: 'listen EADDRINUSE: address already in use :::{port}',
    query: 'listen EADDRINUSE address already in use',
    tags: [],
    asked: 'Error: listen EADDRINUSE: address already in use :::3000',
  },
  {
    label: 'net: a bad port',
    make: () => thrownBy(() => net.createServer().listen(-1)),
    message: 'options.port should be >= 0 and < 65536. Received type number (-1).',
    query: 'ERR_SOCKET_BAD_PORT options.port should be >= 0 and < 65536',
    tags: [],
    asked: 'RangeError [ERR_SOCKET_BAD_PORT]: options.port should be >= 0 and < 65536. Received NaN',
  },
  {
    label: 'http: a closed port',
    make: (scene) => request(`http://127.0.0.1:${scene.closedPort}/health`),
    message: 'connect ECONNREFUSED 127.0.0.1:{port}',
    query: 'connect ECONNREFUSED 127.0.0.1',
    tags: [],
    asked: 'Error: connect ECONNREFUSED 127.0.0.1:8080 when calling my own API from Node',
  },
  {
    label: 'http: an invalid header name',
    make: () => thrownBy(() => http.request('http://127.0.0.1/', { headers: { 'x user id': '1' } })),
    message: 'Header name must be a valid HTTP token ["x user id"]',
    query: 'ERR_INVALID_HTTP_TOKEN Header name must be a valid HTTP token',
    tags: [],
    asked: 'TypeError [ERR_INVALID_HTTP_TOKEN]: Header name must be a valid HTTP token ["Content Type"]',
  },
  {
    label: 'dns: an unknown host',
    make: () => thrownBy(() => dns.lookup('orders-db.internal.invalid')),
    message: 'getaddrinfo ENOTFOUND orders-db.internal.invalid',
    query: 'getaddrinfo ENOTFOUND',
    tags: [],
    asked: 'Error: getaddrinfo ENOTFOUND api.example.com',
  },
  {
    label: 'fetch: a closed port, with its cause',
    make: (scene) => thrownBy(() => fetch(`http://127.0.0.1:${scene.closedPort}/api/orders`)),
    message: 'fetch failed',
    query: 'fetch failed connect ECONNREFUSED 127.0.0.1',
    alone: 'TypeError fetch failed',
    tags: [],
    asked: 'TypeError: fetch failed in Node 18 when the API runs on localhost',
    pasted: 'TypeError: fetch failed\n  [cause]: Error: connect ECONNREFUSED 127.0.0.1:3000',
  },
  {
    label: 'fetch: a relative URL',
    make: () => thrownBy(() => fetch('/api/orders')),
    message: 'Failed to parse URL from /api/orders',
    query: 'TypeError Failed to parse URL',
    tags: [],
    asked: 'TypeError: Failed to parse URL from /api/users in a Next.js server component',
  },
  {
    label: 'fetch: a timeout',
    make: () => thrownBy(async () => {
      const server = http.createServer(() => undefined);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        await fetch(`http://127.0.0.1:${(server.address() as net.AddressInfo).port}/slow`, { signal: AbortSignal.timeout(50) });
      } finally {
        server.closeAllConnections();
        server.close();
      }
    }),
    message: 'The operation was aborted due to timeout',
    query: 'TimeoutError The operation was aborted due to timeout',
    tags: [],
    asked: 'TimeoutError: The operation was aborted due to timeout with fetch and AbortSignal.timeout',
  },
  {
    label: 'crypto: a key of the wrong length',
    make: () => thrownBy(() => crypto.createCipheriv('aes-256-cbc', Buffer.alloc(16), Buffer.alloc(16))),
    message: 'Invalid key length',
    query: 'ERR_CRYPTO_INVALID_KEYLEN Invalid key length',
    alone: 'RangeError Invalid key length',
    tags: [],
    asked: 'RangeError: Invalid key length with crypto.createCipheriv and aes-256-cbc',
    pasted: 'RangeError [ERR_CRYPTO_INVALID_KEYLEN]: Invalid key length',
  },
  {
    label: 'zlib: gunzip of plain text',
    make: () => thrownBy(() => zlib.gunzipSync(Buffer.from('{"plain":"json"}'))),
    message: 'incorrect header check',
    query: 'incorrect header check',
    tags: [],
    asked: 'Error: incorrect header check when using zlib.gunzip on a response',
  },
  {
    label: 'child_process: a missing command',
    make: () => thrownBy(() => promisify(execFile)('imagemagick-convert', ['in.png'])),
    message: 'spawn imagemagick-convert ENOENT',
    query: 'spawn ENOENT',
    tags: [],
    asked: 'Error: spawn npm ENOENT on Windows',
  },
  {
    label: 'structuredClone: a function',
    make: () => thrownBy(() => structuredClone({ onSave: () => undefined })),
    message: '()=>void 0 could not be cloned.',
    query: 'DataCloneError could not be cloned',
    tags: [],
    asked: 'DataCloneError: (e) => {...} could not be cloned when calling structuredClone',
  },
];
