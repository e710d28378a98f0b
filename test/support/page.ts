// Helpers for the error page's tests: real Express apps with soet's handlers, raw HTTP requests, a browser.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import express5 from 'express';
import express4 from 'express4';
import { type Browser, chromium } from 'playwright-core';
import { type ExpressVersion, ROOT } from './helpers.js';

type Handler = (...args: never[]) => unknown;
export type AppLike = {
  use: (...handlers: unknown[]) => unknown;
  get: (path: string, ...handlers: unknown[]) => unknown;
  post: (path: string, ...handlers: unknown[]) => unknown;
  set: (name: string, value: unknown) => unknown;
  listen: (port: number, host: string, callback: () => void) => http.Server;
};

export interface PageApp {
  readonly url: string;
  readonly port: number;
  /** Every value the app's own error handler received (when it has one). */
  readonly handled: unknown[];
  close(): Promise<void>;
}

export interface PageAppOptions {
  readonly routes: (app: AppLike) => void;
  /** Error handlers after the routes, in order: soet(), errorPage(), or none. */
  readonly handlers?: readonly Handler[];
  /** Add the app's own error handler last (it records the error and answers 500 'handled by the app'). */
  readonly ownHandler?: boolean;
  /** Address to listen on; 127.0.0.1 unless a test needs the network (0.0.0.0). */
  readonly host?: string;
  readonly setup?: (app: AppLike) => void;
}

/** A real Express app (4 or 5) on a random port. */
export async function startPageApp(version: ExpressVersion, options: PageAppOptions): Promise<PageApp> {
  const app = (version === 4 ? express4() : express5()) as unknown as AppLike;
  const handled: unknown[] = [];
  options.setup?.(app);
  options.routes(app);
  for (const handler of options.handlers ?? []) app.use(handler);
  if (options.ownHandler) {
    app.use((err: unknown, _req: unknown, res: { status: (code: number) => { send: (body: string) => void } }, _next: unknown) => {
      handled.push(err);
      res.status(500).send('handled by the app');
    });
  }
  const host = options.host ?? '127.0.0.1';
  const server = await new Promise<http.Server>((resolve) => {
    const listening = app.listen(0, host, () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    handled,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface RawResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
  /** The connection closed before the response ended (Express destroys it when headers were sent). */
  readonly aborted: boolean;
  /** Milliseconds until the response's headers and then its first body bytes arrived. */
  readonly headersMs: number;
  readonly firstByteMs: number;
}

export interface RawRequest {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  /** Connect to this address (default 127.0.0.1) from `localAddress`: another address of this machine. */
  readonly host?: string;
  readonly localAddress?: string;
}

/** One HTTP request with full control of its headers (Host included) and of the address it comes from. */
export function rawRequest(port: number, route: string, options: RawRequest = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.request({
      host: options.host ?? '127.0.0.1',
      port,
      path: route,
      method: options.method ?? 'GET',
      headers: { accept: 'text/html', ...options.headers },
      ...(options.localAddress ? { localAddress: options.localAddress } : {}),
      agent: false,
    });
    req.on('error', reject);
    req.on('response', (res) => {
      const headersMs = performance.now() - started;
      let firstByteMs = -1;
      let body = '';
      let aborted = false;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (firstByteMs < 0) firstByteMs = performance.now() - started;
        body += chunk;
      });
      res.on('aborted', () => (aborted = true));
      res.on('error', () => (aborted = true));
      res.on('close', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, aborted: aborted || !res.complete, headersMs, firstByteMs }));
    });
    req.end();
  });
}

/** An IPv4 address of this machine that is not loopback, for requests that come "from the network". */
export function networkAddress(): string {
  for (const addresses of Object.values(os.networkInterfaces())) {
    for (const address of addresses ?? []) if (address.family === 'IPv4' && !address.internal) return address.address;
  }
  throw new Error('this machine has no IPv4 address besides loopback: the non-loopback tests need one (any network interface)');
}

/** Where screenshots go: kept as test artefacts, ignored by git. */
export const ARTIFACTS = path.join(ROOT, 'test-results');

/** Debian's Chromium, headless, with nothing of its own going to the network. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-component-update', '--disable-sync', '--disable-default-apps'],
  });
}
