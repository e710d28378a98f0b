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

// Ids made from a counter by multiplying hashes: cheap (no crypto), so that every route costs the app
// about what the constant one does, and the baseline's route stands for all of them.
let counter = 0;
const mixed = (): number => Math.imul((counter += 1), 2_654_435_761) >>> 0;
const hexId = (): string => mixed().toString(16).padStart(8, '0') + mixed().toString(16).padStart(8, '0');
const base36Id = (): string => `${mixed().toString(36)}${mixed().toString(36)}`.slice(0, 8);
const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ru', 'ta', 'vo', 'shi', 'pel', 'dor', 'fin', 'gra', 'zu', 'bex', 'quo', 'wen'];
/** Letters only, one word per number: a new kind of message on every request. */
function word(seed: number): string {
  let text = '';
  for (let rest = seed; text.length === 0 || rest > 0; rest = Math.floor(rest / SYLLABLES.length)) text += SYLLABLES[rest % SYLLABLES.length] ?? '';
  return text;
}
const TWENTY = [
  'Order could not be shipped to warehouse', 'Invoice total does not match line items', 'Session expired before checkout finished',
  'Payment provider rejected card', 'Cart item has no product reference', 'Inventory count went below zero', 'Coupon code was already redeemed',
  'Address validation failed for postcode', 'Email template variable is missing', 'Report export exceeded row limit', 'Image resize worker crashed',
  'Search index is out of date', 'Webhook signature did not verify', 'Queue consumer lost its lock', 'Cache entry had an unexpected shape',
  'Feature flag service returned nothing', 'Audit log write was rejected', 'Tenant configuration is incomplete', 'Scheduled job overlapped the previous run',
  'User profile could not be loaded',
];

// The same error carrying a different id each time: soet must see one error, not thousands.
const routes: Record<string, () => Error> = {
  '/error-with-id': () => new Error(`User ${100_000 + (counter += 1)} not found`),
  '/hex-id': () => new Error(`User ${hexId()} not found`),
  '/base36-id': () => new Error(`User ${base36Id()} not found`),
  '/user-n': () => new Error(`No user_${(counter += 1)} in the session cache`),
  '/twenty-kinds': () => new Error(`${TWENTY[(counter += 1) % TWENTY.length] ?? ''} (id ${hexId()})`),
  '/new-kind': () => new Error(`Failure while ${word((counter += 1))} the records`),
};
for (const [path, make] of Object.entries(routes)) {
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
