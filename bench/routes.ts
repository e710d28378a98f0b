// The errors the bench's routes throw: built the same way in the server under load and in the in-process timing.
import type { BenchPath } from './throughput.js';

// Ids made from a counter by multiplying hashes: cheap (no crypto). Still, each route costs the app its own
// amount, so the bench compares soet on a route with the app without soet on the same route.
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

/**
 * What each route of bench/server.ts throws. The constant message is the common case in development (the
 * same bug, hit again and again); the others are the same error carrying a different id each time (soet
 * must see one error, not thousands), twenty such errors in turn, and a new kind of error every time.
 */
export const ROUTES: Readonly<Record<BenchPath, () => Error>> = {
  '/error': () => new TypeError("Cannot read properties of undefined (reading 'map')"),
  '/hex-id': () => new Error(`User ${hexId()} not found`),
  '/base36-id': () => new Error(`User ${base36Id()} not found`),
  '/user-n': () => new Error(`No user_${(counter += 1)} in the session cache`),
  '/twenty-kinds': () => new Error(`${TWENTY[(counter += 1) % TWENTY.length] ?? ''} (id ${hexId()})`),
  '/new-kind': () => new Error(`Failure while ${word((counter += 1))} the records`),
};
