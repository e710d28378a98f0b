// The demo app: an ordinary Express app whose routes raise real Node errors, with soet installed as the README says.
import net from 'node:net';
import { createRequire } from 'node:module';
import express, { type NextFunction, type Request, type Response } from 'express';
import { errorPage, soet } from 'soet';

/** The routes that fail, each with the kind of mistake it makes. */
export const ERROR_ROUTES = {
  '/profile': 'reads a property of undefined',
  '/weather': 'parses an HTML page as JSON',
  '/double-send': 'sends a response twice',
  '/report': 'requires a module that is not installed',
  '/orders': 'awaits a database connection that is refused',
} as const;

export function createApp(): express.Express {
  const app = express();

  app.get('/', (_req, res) => {
    const links = Object.entries(ERROR_ROUTES).map(([route, what]) => `<li><a href="${route}">${route}</a>: ${what}</li>`);
    res.type('html').send(`<h1>soet demo</h1><p>Each route fails: open one to see soet's error page, with the answers; the terminal shows them too.</p><ul>${links.join('')}</ul>`);
  });

  app.get('/profile', (_req, res) => {
    const session: { user?: { name: string } } = {};
    res.send(`Hello ${(session.user as { name: string }).name}`);
  });

  app.get('/weather', (_req, res) => {
    // What an upstream API returns when it is down: its HTML error page.
    const body = '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body></body></html>';
    res.json(JSON.parse(body) as unknown);
  });

  app.get('/double-send', (_req, res) => {
    res.send('first answer');
    res.send('second answer');
  });

  app.get('/report', (_req, res) => {
    const require = createRequire(import.meta.url);
    const pdf = require('pdf-report-builder') as { build(): string };
    res.send(pdf.build());
  });

  app.get('/orders', async (_req, res) => {
    // A database that is not running: nothing listens on port 5432 (Express 5 catches the rejection).
    await new Promise<void>((resolve, reject) => {
      const socket = net.connect(5432, '127.0.0.1', () => {
        socket.end();
        resolve();
      });
      socket.on('error', reject);
    });
    res.json([]);
  });

  // soet goes after the routes and before the app's own error handler; the dev error page after it
  // shows the error and its answers in the browser (in development, to this machine; otherwise it
  // passes the error on to the app's handler below).
  app.use(soet());
  app.use(errorPage());

  app.use((err: Error, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    res.status(500).json({ error: err.message });
  });

  return app;
}
