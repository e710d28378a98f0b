// The app under load, in its own process: an Express 5 route that throws, soet or not, then the app's 500.
// Usage: node --import tsx bench/server.ts <without|on|off> <stand-in API url>; prints its port.
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler } from 'express';
import { soet } from '../src/index.js';
import { CountingOutput, isMode } from './support.js';

const [mode, apiUrl] = process.argv.slice(2);
if (!isMode(mode) || apiUrl === undefined) {
  process.stderr.write('usage: bench/server.ts <without|on|off> <stand-in API url>\n');
  process.exit(2);
}

const app = express();

// A constant message is the common case in development: the same bug, hit again and again.
app.get('/error', () => {
  throw new TypeError("Cannot read properties of undefined (reading 'map')");
});

// The same error carrying a different id each time: soet must see one error, not thousands.
let userId = 100_000;
app.get('/error-with-id', () => {
  userId += 1;
  throw new Error(`User ${userId} not found`);
});

if (mode === 'on') app.use(soet({ enabled: true, apiUrl, output: new CountingOutput(), cache: false }));
if (mode === 'off') app.use(soet({ enabled: false }));

const answer500: ErrorRequestHandler = (_err, _req, res, _next) => {
  res.status(500).send('Internal Server Error');
};
app.use(answer500);

const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});

// The bench holds our stdin open: should it die without cleaning up (SIGKILL, a crash), we go too.
process.stdin.on('end', () => process.exit(0)).resume();
