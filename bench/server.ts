// The app under load, in its own process: an Express 5 route that throws, soet or not, then the app's 500.
// Usage: node --import tsx bench/server.ts <without|on|off> <stand-in API url>; prints its port.
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler } from 'express';
import { soet } from '../src/index.js';
import { ROUTES } from './routes.js';
import { CountingOutput, isMode } from './support.js';

const [mode, apiUrl] = process.argv.slice(2);
if (!isMode(mode) || apiUrl === undefined) {
  process.stderr.write('usage: bench/server.ts <without|on|off> <stand-in API url>\n');
  process.exit(2);
}

const app = express();

for (const [path, make] of Object.entries(ROUTES)) {
  app.get(path, () => {
    throw make();
  });
}

let served = 0;
// The server's own CPU time and the requests it answered, read before and after each slice of load.
app.get('/__stats', (_req, res) => {
  const { user, system } = process.cpuUsage();
  res.json({ cpuMicroseconds: user + system, served });
});

if (mode === 'on') app.use(soet({ enabled: true, apiUrl, output: new CountingOutput(), cache: false }));
if (mode === 'off') app.use(soet({ enabled: false }));

const answer500: ErrorRequestHandler = (_err, _req, res, _next) => {
  served += 1;
  res.status(500).send('Internal Server Error');
};
app.use(answer500);

const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});

// The bench holds our stdin open: should it die without cleaning up (SIGKILL, a crash), we go too.
process.stdin.on('end', () => process.exit(0)).resume();
