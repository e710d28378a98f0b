// Twenty kinds of error whose messages change on every occurrence the way real ones do: ids, paths, addresses.
import { randomBytes, randomUUID } from 'node:crypto';

export interface ErrorKind {
  /** A word of the message that survives soet's cleaning, so the stand-in can tell which kind a search is for. */
  readonly marker: string;
  readonly make: () => Error;
}

const int = (min: number, max: number): number => min + Math.floor(Math.random() * (max - min + 1));
const hex = (chars: number): string => randomBytes(Math.ceil(chars / 2)).toString('hex').slice(0, chars);
const email = (): string => `user${int(1, 99_999)}@example.com`;
const withCode = (error: Error, code: string): Error => Object.assign(error, { code });

/**
 * Only what soet documents as particular to a run varies here (ids of 4+ digits, UUIDs, long hex,
 * paths, e-mail and IP addresses, URLs, secrets): each kind should cost one lookup whatever the values.
 */
export const KINDS: readonly ErrorKind[] = [
  { marker: 'User', make: () => new Error(`User ${int(10_000, 999_999)} not found (session ${randomUUID()})`) },
  { marker: 'Order', make: () => new Error(`Order ${hex(24)} does not exist`) },
  { marker: 'ECONNREFUSED', make: () => withCode(new Error(`connect ECONNREFUSED 10.0.${int(0, 255)}.${int(1, 254)}:5432`), 'ECONNREFUSED') },
  { marker: 'ENOENT', make: () => withCode(new Error(`ENOENT: no such file or directory, open '/srv/app/uploads/${randomUUID()}.png'`), 'ENOENT') },
  { marker: 'duplicate', make: () => new Error(`duplicate key value violates unique constraint "users_email_key": Key (email)=(${email()}) already exists.`) },
  { marker: 'Request', make: () => new Error(`Request to https://api.example.com/v1/items/${int(1, 99_999)} failed with status code 503`) },
  { marker: 'Cart', make: () => new Error(`Cart ${int(1_000_000, 9_999_999)} is locked by worker ${hex(32)}`) },
  { marker: 'Payment', make: () => new Error(`Payment ${randomUUID()} declined for card 4242 4242 4242 ${int(1000, 9999)}`) },
  { marker: 'ENOTFOUND', make: () => withCode(new Error(`getaddrinfo ENOTFOUND db-${hex(16)}.internal`), 'ENOTFOUND') },
  { marker: 'stock', make: () => new Error(`Product SKU-${int(100_000, 999_999)} is out of stock`) },
  { marker: 'validation', make: () => new Error(`Document ${hex(24)} failed validation: path 'email' is required`) },
  { marker: 'Rate', make: () => new Error(`Rate limit exceeded for API key sk_live_${hex(24)}`) },
  { marker: 'POST', make: () => new Error(`Cannot POST /api/users/${int(10_000, 99_999)}/avatar`) },
  { marker: 'subscription', make: () => new Error(`Tenant ${randomUUID()} has no active subscription`) },
  { marker: 'Upload', make: () => new Error(`Upload of /home/dev${int(1, 99)}/projects/shop/export-${int(1000, 9999)}.csv exceeded the size limit`) },
  { marker: 'hang', make: () => withCode(new Error(`socket hang up while calling 192.168.${int(0, 255)}.${int(1, 254)}:${int(1024, 65_535)}`), 'ECONNRESET') },
  { marker: 'registered', make: () => new Error(`Email ${email()} is already registered`) },
  { marker: 'Job', make: () => new Error(`Job ${int(10_000_000, 99_999_999)} failed after 3 attempts`) },
  { marker: 'Webhook', make: () => new Error(`Webhook signature mismatch for event evt_${hex(24)} from 203.0.113.${int(1, 254)}`) },
  { marker: 'Token', make: () => new Error(`Token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI${hex(12)}.${hex(20)} has expired`) },
];

/**
 * Variable parts that soet did not take out before it read messages as templates (0.1.0: every value
 * made a fingerprint, hence a lookup, of its own). Checked locally, without sending anything.
 */
export const UNNORMALIZED: readonly { readonly label: string; readonly make: () => Error }[] = [
  { label: 'short id: `Order 42 not found`', make: () => new Error(`Order ${int(1, 999)} not found`) },
  { label: 'duration: `Query took 1234ms`', make: () => new Error(`Query took ${int(1000, 9999)}ms`) },
  { label: 'timestamp: `Lock expired at 2024-05-01T12:34:56.789Z`', make: () => new Error(`Lock expired at ${new Date(Date.now() - int(0, 1e9)).toISOString()}`) },
  { label: 'short hex id: `Request 5aced8d9 failed`', make: () => new Error(`Request ${hex(8)} failed`) },
  { label: 'JSON position: `Unexpected token } in JSON at position 87`', make: () => new SyntaxError(`Unexpected token } in JSON at position ${int(0, 999)}`) },
];
