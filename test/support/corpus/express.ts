// Real errors of Express 4 and 5 apps, thrown in real apps on loopback ports or while they are set up.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express5 from 'express';
import multer from 'multer';
import type { RealError } from './row.js';
import { thrownBy } from './scene.js';

type App = ReturnType<typeof express5>;
type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * The error a request makes in a real app: `routes` on a fresh Express 5 app, an error
 * handler that keeps what it receives, one request with `init`.
 */
export async function errorOfRequest(routes: (app: App) => void, route: string, init: RequestInit = {}): Promise<unknown> {
  const app = express5();
  let received: unknown;
  routes(app);
  app.use((error: unknown, _req: express5.Request, res: express5.Response, _next: express5.NextFunction) => {
    received ??= error;
    if (!res.headersSent) res.status(500).end();
  });
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  try {
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}${route}`, init);
    await response.arrayBuffer();
    // Some errors reach the handler after the response has started.
    for (let i = 0; i < 50 && received === undefined; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
  } finally {
    server.closeAllConnections();
    server.close();
  }
  if (received === undefined) throw new Error(`GET ${route} made no error`);
  return received;
}

function upload(field: string, bytes: number): RequestInit {
  const form = new FormData();
  form.append(field, new Blob([Buffer.alloc(bytes, 1)], { type: 'image/png' }), 'avatar.png');
  return { method: 'POST', body: form };
}

export const EXPRESS_ERRORS: readonly RealError[] = [
  {
    label: 'express: a second response to one request',
    make: () => errorOfRequest((app) => app.get('/orders', (_req, res) => { res.json([]); res.json([]); }), '/orders'),
    message: 'Cannot set headers after they are sent to the client',
    query: 'ERR_HTTP_HEADERS_SENT Cannot set headers after they are sent to the client',
    tags: ['express'],
    asked: 'Error [ERR_HTTP_HEADERS_SENT]: Cannot set headers after they are sent to the client',
  },
  {
    label: 'express: invalid JSON in a request body',
    make: () => errorOfRequest((app) => app.post('/orders', express5.json(), (_req, res) => { res.end(); }), '/orders', { method: 'POST', headers: { 'content-type': 'application/json' }, body: "{'sku': 'lamp'}" }),
    message: "Expected property name or '}' in JSON at position 1",
    query: "SyntaxError Expected property name or '}' in JSON",
    tags: ['body-parser'],
    asked: "SyntaxError: Expected property name or '}' in JSON at position 1 with express.json() and a POST from curl",
  },
  {
    label: 'express: a request body over the limit',
    make: () => errorOfRequest((app) => app.post('/orders', express5.json({ limit: '1kb' }), (_req, res) => { res.end(); }), '/orders', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ note: 'x'.repeat(2_000) }) }),
    message: 'request entity too large',
    query: 'PayloadTooLargeError request entity too large',
    tags: ['body-parser'],
    asked: 'PayloadTooLargeError: request entity too large in Express',
  },
  {
    label: 'express 5: a bare * route',
    make: () => thrownBy(() => express5().get('*', (_req, res) => { res.end(); })),
    message: 'Missing parameter name at index 1: *; visit https://git.new/pathToRegexpError for info',
    query: 'TypeError Missing parameter name',
    tags: ['express'],
    asked: 'TypeError: Missing parameter name at 1: https://git.new/pathToRegexpError after upgrading to Express 5',
  },
  {
    label: 'express: app.use() without a function',
    make: () => thrownBy(() => express5().use(({} as Loose).ordersRouter)),
    message: 'app.use() requires a middleware function',
    query: 'TypeError app.use requires a middleware function',
    tags: ['express'],
    asked: 'TypeError: app.use() requires a middleware function',
  },
  {
    label: 'express: router.use() with an object',
    make: () => thrownBy(() => express5.Router().use('/orders', { ordersRouter: true } as unknown as express5.RequestHandler)),
    message: 'argument handler must be a function',
    query: 'TypeError argument handler must be a function',
    tags: [],
    asked: 'TypeError: argument handler must be a function with an Express 5 router',
  },
  {
    label: 'express: res.sendFile with a relative path',
    make: () => errorOfRequest((app) => app.get('/avatar', (_req, res) => res.sendFile('uploads/avatar.png')), '/avatar'),
    message: 'path must be absolute or specify root to res.sendFile',
    query: 'TypeError path must be absolute or specify root to res.sendFile',
    tags: ['express'],
    asked: 'TypeError: path must be absolute or specify root to res.sendFile',
  },
  {
    label: 'express: res.render without a view engine',
    make: () => errorOfRequest((app) => app.get('/', (_req, res) => res.render('home')), '/'),
    message: 'No default engine was specified and no extension was provided.',
    query: 'No default engine was specified and no extension was provided',
    tags: ['express'],
    asked: 'Error: No default engine was specified and no extension was provided.',
  },
  {
    label: 'express: a view engine that is not installed',
    make: (scene) => errorOfRequest((app) => { app.set('views', path.join(scene.dir, 'views')); app.set('view engine', 'ejs'); app.get('/', (_req, res) => res.render('home')); }, '/'),
    message: "Cannot find module 'ejs'\nRequire stack:\n- {path}\n- {path}\n- {path}",
    query: "Cannot find module 'ejs'",
    // No tag: the ten frames V8 keeps are all Node's and tsx's module loader, none of them express's.
    tags: [],
    asked: "Error: Cannot find module 'ejs' with app.set('view engine', 'ejs')",
  },
  {
    label: 'express: a view that is not there',
    make: (scene) => errorOfRequest((app) => { app.engine('html', (_file, _options, done) => done(null, '')); app.set('views', path.join(scene.dir, 'views')); app.set('view engine', 'html'); app.get('/', (_req, res) => res.render('home')); }, '/'),
    message: 'Failed to lookup view "home" in views directory "{path}"',
    query: 'Failed to lookup view in views directory',
    tags: ['express'],
    asked: 'Error: Failed to lookup view "index" in views directory "/app/views"',
  },
  {
    label: 'express: an invalid status code',
    make: () => errorOfRequest((app) => app.get('/orders', (_req, res) => { res.status(Number('ok')).end(); }), '/orders'),
    message: 'Invalid status code: null. Status code must be an integer.',
    query: 'TypeError Invalid status code Status code must be an integer',
    tags: ['express'],
    asked: 'TypeError: Invalid status code: undefined. Status code must be an integer.',
  },
  {
    label: 'multer: an unexpected field',
    make: () => errorOfRequest((app) => app.post('/avatar', multer().single('avatar'), (_req, res) => { res.end(); }), '/avatar', upload('photo', 100)),
    message: 'Unexpected file field',
    query: 'MulterError Unexpected file field',
    tags: ['multer'],
    asked: 'MulterError: Unexpected field when uploading several images',
    pasted: 'MulterError: Unexpected file field\n    at wrappedFileFilter (/app/node_modules/multer/index.js:40:19)',
  },
  {
    label: 'multer: a file too large',
    make: () => errorOfRequest((app) => app.post('/avatar', multer({ limits: { fileSize: 1024 } }).single('avatar'), (_req, res) => { res.end(); }), '/avatar', upload('avatar', 4096)),
    message: 'File too large',
    query: 'MulterError File too large',
    tags: ['multer'],
    asked: 'MulterError: File too large even with limits.fileSize set',
  },
];
