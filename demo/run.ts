// `npm run demo`: starts the demo app with DEBUG on, requests each failing route once, and keeps serving.
// `npm run demo:offline` (--offline) does the same against a local stand-in API serving sample answers.
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import type { Server } from 'node:http';
import { StandInApi, sampleSite } from '../test/support/standin.js';
import { SAMPLES } from './samples.js';

const offline = process.argv.includes('--offline');
// For tests: exit once every route was requested and its lookup had time to print.
const exitAfterTour = process.argv.includes('--exit');
const say = (line: string): void => void process.stdout.write(`${line}\n`);

/** Whether a TCP connection to the API opens within `ms` (no request is sent, no quota is spent). */
function reachable(apiUrl: string, ms: number): Promise<boolean> {
  const url = new URL(apiUrl);
  const port = Number(url.port || (url.protocol === 'http:' ? 80 : 443));
  return new Promise((resolve) => {
    const socket = net.connect({ host: url.hostname, port, timeout: ms });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}

/** Listens on `port`, or on a free port when it is taken (another dev server, say). */
async function listen(app: { listen: (port: number, callback: () => void) => Server }, port: number): Promise<Server> {
  try {
    return await new Promise<Server>((resolve, reject) => {
      const server = app.listen(port, () => resolve(server));
      server.once('error', reject);
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port === 0) throw error;
    say(`Port ${port} is in use; using a free one instead.`);
    return listen(app, 0);
  }
}

async function main(): Promise<void> {
  // soet reads DEBUG when the middleware is created, so it is set before the app is imported.
  process.env.DEBUG = process.env.DEBUG ? `${process.env.DEBUG},soet` : 'soet';
  let standIn: StandInApi | undefined;
  let apiReachable = true;
  if (offline) {
    standIn = await StandInApi.start(sampleSite(SAMPLES));
    process.env.SOET_API_URL = standIn.url;
    process.env.SOET_CACHE = 'off';
    say('Offline demo: answers come from a local stand-in API serving [sample] questions, not from Stack Overflow.');
  } else {
    const apiUrl = process.env.SOET_API_URL ?? 'https://api.stackexchange.com/2.3';
    apiReachable = await reachable(apiUrl, 3_000);
    if (!apiReachable) {
      say(`${new URL(apiUrl).host} cannot be reached from this machine: run \`npm run demo:offline\` for the same demo against a local stand-in API.`);
    }
  }

  const { createApp, ERROR_ROUTES } = await import('./app.js');
  const server = await listen(createApp(), Number(process.env.PORT ?? 3000));
  const base = `http://localhost:${(server.address() as AddressInfo).port}`;
  say(`Demo app on ${base}: requesting each failing route once; soet's answers follow each error.\n`);

  for (const [route, what] of Object.entries(ERROR_ROUTES)) {
    const response = await fetch(base + route).catch(() => undefined);
    say(`→ GET ${route} (${what}): HTTP ${response?.status ?? 'no answer'}`);
    // soet prints in the background, a few API calls a second at most; give each lookup time to
    // print, so each block follows its route.
    await new Promise((resolve) => setTimeout(resolve, offline || !apiReachable ? 1_200 : 3_000));
  }

  if (exitAfterTour) {
    server.close();
    await standIn?.close();
    return;
  }
  say(`\nStill serving on ${base}: open ${Object.keys(ERROR_ROUTES).map((route) => base + route).join(', ')} in a browser. Ctrl+C to stop.`);
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
