// `npm run demo`: starts the demo app with DEBUG on, requests each failing route once, and keeps serving.
// When api.stackexchange.com cannot be reached it says so and runs on local sample answers instead;
// `npm run demo:offline` (--offline) does that from the start.
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { StandInApi, sampleSite } from '../test/support/standin.js';
import { listenOrMove } from './listen.js';
import { SAMPLES } from './samples.js';

const DEFAULT_API = 'https://api.stackexchange.com/2.3';
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

/** Points soet at a local stand-in API serving the samples, in the real wire format. */
async function useSamples(): Promise<StandInApi> {
  const standIn = await StandInApi.start(sampleSite(SAMPLES));
  process.env.SOET_API_URL = standIn.url;
  process.env.SOET_CACHE = 'off';
  return standIn;
}

async function main(): Promise<void> {
  // soet reads DEBUG when the middleware is created, so it is set before the app is imported.
  process.env.DEBUG = process.env.DEBUG ? `${process.env.DEBUG},soet` : 'soet';
  let standIn: StandInApi | undefined;
  try {
    if (offline) {
      standIn = await useSamples();
      say('Offline demo: answers come from a local stand-in API serving [sample] questions, not from Stack Overflow.');
    } else {
      const apiUrl = process.env.SOET_API_URL ?? DEFAULT_API;
      if (!(await reachable(apiUrl, 3_000))) {
        standIn = await useSamples();
        say(`${new URL(apiUrl).host} cannot be reached from this machine: the demo runs on local [sample] answers instead (the same as \`npm run demo:offline\`).`);
      }
    }

    const { createApp, ERROR_ROUTES } = await import('./app.js');
    const port = Number(process.env.PORT ?? 3000);
    const { server, movedFrom } = await listenOrMove(createApp(), port);
    const base = `http://localhost:${(server.address() as AddressInfo).port}`;
    if (movedFrom !== undefined) say(`Port ${movedFrom} is in use (another server?), so the demo runs on ${base} instead.`);
    say(`Demo app on ${base}: requesting each failing route once; ${standIn ? 'sample answers' : "soet's answers"} follow each error.\n`);

    for (const [route, what] of Object.entries(ERROR_ROUTES)) {
      const response = await fetch(base + route).catch(() => undefined);
      say(`→ GET ${route} (${what}): HTTP ${response?.status ?? 'no answer'}`);
      // soet prints in the background, a few API calls a second at most; give each lookup time to
      // print, so each block follows its route.
      await new Promise((resolve) => setTimeout(resolve, standIn ? 1_200 : 3_000));
    }

    if (exitAfterTour) {
      server.close();
      await standIn?.close();
      return;
    }
    say(`\nStill serving on ${base}: open ${Object.keys(ERROR_ROUTES).map((route) => base + route).join(', ')} in a browser. Ctrl+C to stop.`);
  } catch (error) {
    // Nothing may keep a failed demo running (the stand-in is a server).
    await standIn?.close();
    throw error;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
