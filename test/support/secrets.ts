// Random secrets of every kind redact() must remove, and realistic error messages to embed them in.
// Deterministic: everything is drawn from a small seeded PRNG, so a failure can be reproduced.

/** A seeded source of random choices (mulberry32). */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** `length` characters drawn from `alphabet`. */
  chars(alphabet: string, length: number): string {
    let out = '';
    for (let i = 0; i < length; i += 1) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }

  /** A made-up, pronounceable name of 6 to 10 letters (kovarine): a user, a project, a file. */
  name(): string {
    const syllables = this.int(3, 5);
    let out = '';
    for (let i = 0; i < syllables; i += 1) out += this.pick([...'bdfgklmnprstvz']) + this.pick([...'aeiou']);
    return out;
  }

  bytes(length: number): Buffer {
    return Buffer.from(Array.from({ length }, () => this.int(0, 255)));
  }
}

const DIGITS = '0123456789';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const ALNUM = UPPER + LOWER + DIGITS;
const HEX = '0123456789abcdef';
const BASE64URL = `${ALNUM}-_`;

/** A secret as embedded in a message, and the parts of it that must not survive redaction. */
export interface Secret {
  readonly kind: string;
  readonly text: string;
  readonly parts: readonly string[];
}

export interface SecretKind {
  readonly kind: string;
  readonly make: (random: Random) => Secret;
  /** Finds a secret of this kind in any text; null where only the exact parts can be checked. */
  readonly shape: RegExp | null;
}

/** `text` with a digit somewhere, as generated tokens and passwords have. */
function withDigit(random: Random, text: string): string {
  const at = random.int(1, text.length - 1);
  return text.slice(0, at) + random.pick([...DIGITS]) + text.slice(at + 1);
}

function password(random: Random): string {
  return withDigit(random, random.chars(`${ALNUM}!#$%*+-._~^`, random.int(10, 24)));
}

function ipv4(random: Random): string {
  // Not 127 or 0: loopback and the any-address are kept on purpose (they are no one's).
  const first = random.pick([10, 34, 52, 81, 100, 172, 185, 192, 203]);
  return [first, random.int(0, 255), random.int(0, 255), random.int(1, 254)].join('.');
}

function hexGroup(random: Random): string {
  return random.int(0, 0xffff).toString(16);
}

function ipv6(random: Random): string {
  const groups = (count: number): string => Array.from({ length: count }, () => hexGroup(random)).join(':');
  return random.pick([
    () => Array.from({ length: 8 }, () => random.chars(HEX, 4)).join(':'),
    () => `2001:db8:${groups(random.int(1, 3))}::${groups(random.int(1, 2))}`,
    () => `fe80::${groups(4)}%eth${random.int(0, 3)}`,
    () => `::ffff:${ipv4(random)}`,
    () => `fd${random.chars(HEX, 2)}:${groups(2)}::${groups(1)}`,
  ])();
}

function base64(random: Random, bytes: number): string {
  return random.bytes(bytes).toString('base64');
}

function base64url(text: string): string {
  return Buffer.from(text).toString('base64url');
}

/** Email address of a made-up person. */
function email(random: Random): { text: string; parts: string[] } {
  const [first, last, domain] = [random.name(), random.name(), random.name()];
  const local = random.pick([`${first}.${last}`, `${first}+${random.pick(['test', 'shop', 'dev'])}`, `${first}${random.int(1, 99)}`]);
  const tld = random.pick(['com', 'io', 'co.uk', 'dev', 'org']);
  return { text: `${local}@${domain}.${tld}`, parts: [first, domain, `@${domain}`] };
}

function jwt(random: Random): string {
  const header = base64url(JSON.stringify({ alg: random.pick(['HS256', 'RS256', 'ES256']), typ: 'JWT' }));
  const payload = base64url(
    JSON.stringify({ sub: random.chars(HEX, 24), email: `${random.name()}@example.com`, iat: random.int(1.6e9, 1.8e9) }),
  );
  return `${header}.${payload}.${random.chars(BASE64URL, 43)}`;
}

function cardNumber(random: Random): string {
  const digits = random.pick(['4242', '4111', '5555', '3782', '6011']) + random.chars(DIGITS, 12);
  const amex = digits.startsWith('37');
  const plain = amex ? digits.slice(0, 15) : digits;
  const separator = random.pick(['', ' ', '-']);
  if (!separator) return plain;
  return amex
    ? [plain.slice(0, 4), plain.slice(4, 10), plain.slice(10)].join(separator)
    : (plain.match(/\d{4}/g) ?? []).join(separator);
}

function uuid(random: Random): string {
  const hex = random.chars(HEX, 32);
  const value = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
  return random.chance(0.3) ? value.toUpperCase() : value;
}

function pem(random: Random): string {
  const label = random.pick(['RSA PRIVATE KEY', 'PRIVATE KEY', 'EC PRIVATE KEY', 'CERTIFICATE', 'OPENSSH PRIVATE KEY']);
  const lines = Array.from({ length: random.int(2, 6) }, (_, i) => (i === 0 ? 'MII' : '') + base64(random, 48)).map((l) => l.slice(0, 64));
  const newline = random.pick(['\n', '\\n']);
  return [`-----BEGIN ${label}-----`, ...lines, `-----END ${label}-----`].join(newline);
}

/** Keys whose values are secret, as apps and libraries name them. */
const SECRET_KEYS = [
  'password', 'DB_PASSWORD', 'passwd', 'pwd', 'secret', 'client_secret', 'token', 'access_token', 'refresh_token',
  'api_key', 'apiKey', 'x-api-key', 'auth', 'authToken', 'credentials', 'session', 'sessionId', 'PHPSESSID',
  'connect.sid', 'private_key', 'pass', 'pw', 'AWS_SECRET_ACCESS_KEY', 'STRIPE_SECRET',
];

/** Every kind of secret the issue lists, with a generator of realistic values and a shape to find them by. */
export const SECRET_KINDS: readonly SecretKind[] = [
  {
    kind: 'URL credentials',
    make: (random) => {
      const [user, host, database] = [random.name(), random.name(), random.name()];
      const pass = withDigit(random, random.chars(`${ALNUM}-._~`, random.int(8, 20)));
      const scheme = random.pick(['postgres', 'postgresql', 'mongodb', 'mongodb+srv', 'mysql', 'redis', 'amqp', 'https']);
      const port = random.pick(['', ':5432', ':27017', ':6379', ':3306', ':5672']);
      return { kind: 'URL credentials', text: `${scheme}://${user}:${pass}@${host}.internal${port}/${database}`, parts: [user, pass, host, database] };
    },
    shape: /\/\/[^\s/@]+:[^\s/@]+@/,
  },
  {
    kind: 'URL query string',
    make: (random) => {
      const token = random.chars(ALNUM, random.int(16, 32));
      const { text: address, parts } = email(random);
      const query = `?${random.pick(['token', 'api_key', 'key', 'code', 'sig'])}=${token}&email=${encodeURIComponent(address)}`;
      const page = random.name();
      const text = random.pick([`https://api.${random.name()}.com/v2/${page}${query}`, `/api/${page}${query}`, `/reset${query}`]);
      return { kind: 'URL query string', text, parts: [token, ...parts] };
    },
    shape: /\?[\w.%-]+=/,
  },
  {
    kind: 'bearer token',
    make: (random) => {
      const token = random.pick([
        () => withDigit(random, random.chars(`${ALNUM}-._~+/`, random.int(20, 48))),
        () => base64(random, random.int(16, 32)),
        () => `${random.chars(ALNUM, 4)}_${random.int(0, 9)}.${random.chars(ALNUM, 3)}-${random.int(0, 9)}.${random.chars(ALNUM, 5)}`,
      ])();
      const scheme = random.pick(['Bearer', 'bearer', 'Basic', 'Token', 'token']);
      return { kind: 'bearer token', text: `${scheme} ${token}`, parts: [token] };
    },
    shape: /\b(?:Bearer|Basic|token)\s+[\w.~+/-]*\d[\w.~+/=-]*/i,
  },
  {
    kind: 'JWT',
    make: (random) => {
      const token = jwt(random);
      return { kind: 'JWT', text: token, parts: [token, ...token.split('.')] };
    },
    shape: /eyJ[\w-]{4,}/,
  },
  {
    kind: 'AWS access key',
    make: (random) => {
      const key = random.pick(['AKIA', 'ASIA']) + random.chars(UPPER + DIGITS, 16);
      return { kind: 'AWS access key', text: key, parts: [key, key.slice(4)] };
    },
    shape: /A(?:KIA|SIA)[A-Z0-9]{12,}/,
  },
  {
    kind: 'Stripe key',
    make: (random) => {
      const key = random.pick(['sk_live_', 'sk_test_', 'pk_live_', 'pk_test_', 'rk_live_', 'whsec_']) + random.chars(ALNUM, random.int(24, 99));
      return { kind: 'Stripe key', text: key, parts: [key, key.slice(-20)] };
    },
    shape: /\b(?:sk|pk|rk)_(?:live|test)_|whsec_/,
  },
  {
    kind: 'GitHub token',
    make: (random) => {
      const token = random.chance(0.7)
        ? random.pick(['ghp_', 'gho_', 'ghs_', 'ghu_', 'ghr_']) + random.chars(ALNUM, 36)
        : `github_pat_${random.chars(ALNUM, 22)}_${random.chars(ALNUM, 59)}`;
      return { kind: 'GitHub token', text: token, parts: [token, token.slice(-20)] };
    },
    shape: /\bgh[pousr]_[A-Za-z0-9]{8,}|github_pat_/,
  },
  {
    kind: 'Slack token',
    make: (random) => {
      const token = random.pick([
        () => `${random.pick(['xoxb', 'xoxp', 'xoxa', 'xoxr'])}-${random.chars(DIGITS, 12)}-${random.chars(DIGITS, 13)}-${random.chars(ALNUM, 24)}`,
        () => `xapp-1-A${random.chars(UPPER + DIGITS, 10)}-${random.chars(DIGITS, 13)}-${random.chars(HEX, 64)}`,
      ])();
      return { kind: 'Slack token', text: token, parts: [token, token.slice(-16)] };
    },
    shape: /\bx(?:ox[abposre]|app)-\w/,
  },
  {
    kind: 'Google API key',
    make: (random) => {
      const key = `AIza${random.chars(`${ALNUM}-_`, 35)}`;
      return { kind: 'Google API key', text: key, parts: [key, key.slice(4, 24)] };
    },
    shape: /AIza[\w-]{8,}/,
  },
  {
    kind: 'npm token',
    make: (random) => {
      const token = `npm_${random.chars(ALNUM, 36)}`;
      return { kind: 'npm token', text: token, parts: [token, token.slice(4, 24)] };
    },
    shape: /\bnpm_[A-Za-z0-9]{8,}/,
  },
  {
    kind: 'PEM block',
    make: (random) => {
      const block = pem(random);
      const body = block.split(/\n|\\n/).slice(1, -1);
      return { kind: 'PEM block', text: block, parts: body.map((line) => line.slice(0, 24)) };
    },
    shape: /-----(?:BEGIN|END) |MII[A-Za-z0-9+/]{8,}/,
  },
  {
    kind: 'secret key=value',
    make: (random) => {
      const key = random.pick(SECRET_KEYS);
      const value = password(random);
      const [head, word, tail] = [value.slice(0, 6), random.name(), value.slice(6)];
      const spaced = `${head} ${word}; ${tail}`;
      const text = random.pick([
        () => `${key}=${value}`,
        () => `${key}: ${value}`,
        () => `${key} => ${value}`,
        () => `"${key}":"${value}"`,
        () => `"${key}": "${spaced}"`,
        () => `${key}="${spaced}"`,
        () => `{ ${key}: '${value}' }`,
      ])();
      return { kind: 'secret key=value', text, parts: text.includes(spaced) ? [head, word, tail].filter((part) => part.length >= 4) : [value] };
    },
    shape: null,
  },
  {
    kind: 'e-mail address',
    make: (random) => ({ kind: 'e-mail address', ...email(random) }),
    shape: /[\w.+-]+@[\w-]+\.[\w.-]+/,
  },
  {
    kind: 'IPv4 address',
    make: (random) => {
      const address = ipv4(random);
      return { kind: 'IPv4 address', text: address + random.pick(['', `:${random.int(80, 65535)}`]), parts: [address] };
    },
    shape: /\b\d{1,3}(?:\.\d{1,3}){3}\b/,
  },
  {
    kind: 'IPv6 address',
    make: (random) => {
      const address = ipv6(random);
      const port = random.int(80, 65535);
      const text = random.pick([address, `${address}:${port}`, `[${address}]:${port}`]);
      return { kind: 'IPv6 address', text, parts: [address] };
    },
    shape: /(?:[0-9a-f]{1,4}:){2,}|::[0-9a-f]{1,4}\b/i,
  },
  {
    kind: 'card number',
    make: (random) => {
      const number = cardNumber(random);
      return { kind: 'card number', text: number, parts: [number, number.replace(/\D/g, '').slice(0, 12)] };
    },
    shape: /\b\d(?:[ -]?\d){12,18}\b/,
  },
  {
    kind: 'UUID',
    make: (random) => {
      const id = uuid(random);
      return { kind: 'UUID', text: id, parts: [id, id.slice(0, 8), id.slice(-12)] };
    },
    shape: /[0-9a-f]{8}-[0-9a-f]{4}-/i,
  },
  {
    kind: 'long hex',
    make: (random) => {
      const hex = random.chars(HEX, random.pick([16, 24, 32, 40, 64]));
      const text = random.pick([hex, hex.toUpperCase(), `0x${hex}`]);
      return { kind: 'long hex', text, parts: [text, text.slice(-12)] };
    },
    shape: /[0-9a-f]{16,}/i,
  },
  {
    kind: 'long base64',
    make: (random) => {
      const value = random.pick([() => base64(random, random.int(15, 64)), () => random.bytes(random.int(15, 48)).toString('base64url')])();
      return { kind: 'long base64', text: value, parts: [value] };
    },
    // A run of base64 characters, 20 or more, with a digit, a capital and a small letter in it.
    shape: /(?<![\w+/=-])(?=[\w+/=-]*\d)(?=[\w+/=-]*[a-z])(?=[\w+/=-]*[A-Z])[\w+/=-]{20,}/,
  },
  {
    kind: 'POSIX path',
    make: (random) => {
      const [user, project, file] = [random.name(), random.name(), random.name()];
      const ext = random.pick(['js', 'ts', 'mjs', 'json', 'env', 'sqlite', 'png']);
      const line = random.pick(['', `:${random.int(1, 400)}`, `:${random.int(1, 400)}:${random.int(1, 80)}`]);
      const text = random.pick([
        `/home/${user}/projects/${project}/src/${file}.${ext}`,
        `/Users/${user}/code/${project}/.env`,
        `/var/www/${project}/uploads/${user}/${file}.${ext}`,
        `~/${project}/config/${file}.${ext}`,
        `./${project}/${file}.${ext}`,
        // A package's name is left in place of a path into node_modules: here a public one.
        `/srv/${project}/node_modules/express/lib/${file}.${ext}`,
        `/tmp/${user}-${project}/${file}`,
      ]);
      return { kind: 'POSIX path', text: text + (text.includes('.') ? line : ''), parts: [user, project, file].filter((part) => text.includes(part)) };
    },
    shape: /[\w.~-]*\/[\w.@-]+\/[\w.@-]+/,
  },
  {
    kind: 'Windows path',
    make: (random) => {
      const [user, project, file, host] = [random.name(), random.name(), random.name(), random.name()];
      const ext = random.pick(['js', 'ts', 'json', 'env', 'xlsx', 'log']);
      const text = random.pick([
        `C:\\Users\\${user}\\${project}\\src\\${file}.${ext}`,
        `D:\\work\\${project}\\dist\\${file}.${ext}:${random.int(1, 400)}:${random.int(1, 80)}`,
        `\\\\${host}\\share\\${project}\\${file}.${ext}`,
        `C:/Users/${user}/${project}/${file}.${ext}`,
        `C:\\\\Users\\\\${user}\\\\${project}\\\\${file}.${ext}`,
        `${project}\\lib\\${file}.${ext}`,
      ]);
      return { kind: 'Windows path', text, parts: [user, project, file, host].filter((part) => text.includes(part)) };
    },
    shape: /[A-Za-z]:[\\/]|\\\\\w|\w\\+\w/,
  },
  {
    kind: 'quoted data',
    make: (random) => {
      const words = Array.from({ length: random.int(2, 5) }, () => random.name());
      const quote = random.pick(['"', "'", '`', '\u201c']);
      const close = quote === '\u201c' ? '\u201d' : quote;
      return { kind: 'quoted data', text: `${quote}${words.join(' ')}${close}`, parts: words };
    },
    shape: null,
  },
];

/** A realistic error message with slots (`{}`) for secrets, and the words that must survive redaction. */
export interface Template {
  readonly text: string;
  readonly keep: readonly string[];
}

export const TEMPLATES: readonly Template[] = [
  { text: 'connect ECONNREFUSED {}', keep: ['connect ECONNREFUSED'] },
  { text: 'getaddrinfo ENOTFOUND {}', keep: ['getaddrinfo ENOTFOUND'] },
  { text: 'connect ETIMEDOUT {}', keep: ['connect ETIMEDOUT'] },
  { text: 'Redis connection to {} failed - connect ECONNRESET', keep: ['Redis connection to', 'failed - connect ECONNRESET'] },
  { text: "ENOENT: no such file or directory, open '{}'", keep: ['ENOENT: no such file or directory, open'] },
  { text: "EACCES: permission denied, mkdir '{}'", keep: ['EACCES: permission denied, mkdir'] },
  { text: "EPERM: operation not permitted, rename '{}' -> '{}'", keep: ['EPERM: operation not permitted, rename'] },
  { text: 'E11000 duplicate key error collection: shop.users index: email_1 dup key: { email: "{}" }', keep: ['E11000 duplicate key error collection', 'index: email_1 dup key'] },
  { text: 'password authentication failed for user "{}"', keep: ['password authentication failed for user'] },
  { text: 'ER_ACCESS_DENIED_ERROR: Access denied for user {} (using password: YES)', keep: ['ER_ACCESS_DENIED_ERROR: Access denied for user', '(using password: YES)'] },
  { text: "PrismaClientInitializationError: Can't reach database server at {}", keep: ["PrismaClientInitializationError: Can't reach database server at"] },
  { text: 'MongoServerSelectionError: connect ECONNREFUSED {} (uri {})', keep: ['MongoServerSelectionError: connect ECONNREFUSED', '(uri'] },
  { text: 'MongoServerError: bad auth : Authentication failed. {}', keep: ['MongoServerError: bad auth : Authentication failed.'] },
  { text: 'Cast to ObjectId failed for value "{}" (type string) at path "_id" for model "User"', keep: ['Cast to ObjectId failed for value', '(type string) at path "_id" for model "User"'] },
  { text: 'SequelizeUniqueConstraintError: Validation error on {}', keep: ['SequelizeUniqueConstraintError: Validation error on'] },
  { text: 'AxiosError: Request failed with status code 401 ({})', keep: ['AxiosError: Request failed with status code 401'] },
  { text: 'FetchError: request to {} failed, reason: connect ECONNREFUSED {}', keep: ['FetchError: request to', 'failed, reason: connect ECONNREFUSED'] },
  { text: 'JsonWebTokenError: invalid signature for {}', keep: ['JsonWebTokenError: invalid signature for'] },
  { text: 'TokenExpiredError: jwt expired, token {} from {}', keep: ['TokenExpiredError: jwt expired, token', 'from'] },
  { text: 'StripeAuthenticationError: Invalid API Key provided: {}', keep: ['StripeAuthenticationError: Invalid API Key provided'] },
  { text: 'InvalidClientTokenId: The security token included in the request is invalid. {}', keep: ['InvalidClientTokenId: The security token included in the request is invalid.'] },
  { text: 'HttpError: Bad credentials - {} - https://docs.github.com/rest', keep: ['HttpError: Bad credentials'] },
  { text: 'An API error occurred: invalid_auth ({})', keep: ['An API error occurred: invalid_auth'] },
  { text: 'npm ERR! code E401 npm ERR! Unable to authenticate with {}', keep: ['npm ERR! code E401 npm ERR! Unable to authenticate with'] },
  { text: 'secretOrPrivateKey must be an asymmetric key when using RS256: {}', keep: ['secretOrPrivateKey must be an asymmetric key when using RS256'] },
  { text: "TypeError: Cannot read properties of undefined (reading 'map') while rendering {}", keep: ["TypeError: Cannot read properties of undefined (reading 'map') while rendering"] },
  { text: 'Error [ERR_HTTP_HEADERS_SENT]: Cannot set headers after they are sent to the client ({})', keep: ['Error [ERR_HTTP_HEADERS_SENT]: Cannot set headers after they are sent to the client'] },
  { text: 'SyntaxError: Unexpected token < in JSON at position 0 while parsing {}', keep: ['SyntaxError: Unexpected token < in JSON at position 0 while parsing'] },
  { text: "Error: Cannot find module '@prisma/client' from {}", keep: ["Error: Cannot find module '@prisma/client' from"] },
  { text: 'ValidationError: "email" with value "{}" fails to match the required pattern', keep: ['ValidationError: "email" with value', 'fails to match the required pattern'] },
  { text: 'Unsupported content type application/json in request from {}', keep: ['Unsupported content type application/json in request from'] },
  { text: 'UnauthorizedError: No authorization token was found in {}; expected {}', keep: ['UnauthorizedError: No authorization token was found in', 'expected'] },
  { text: 'TypeError [ERR_INVALID_ARG_TYPE]: The "path" argument must be of type string. Received {}', keep: ['TypeError [ERR_INVALID_ARG_TYPE]: The "path" argument must be of type string. Received'] },
  { text: 'Error: self-signed certificate in certificate chain at {} for {}', keep: ['Error: self-signed certificate in certificate chain at', 'for'] },
  { text: 'QueryFailedError: invalid input syntax for type uuid: "{}"', keep: ['QueryFailedError: invalid input syntax for type uuid'] },
  { text: 'Error: Invalid login: 535-5.7.8 Username and Password not accepted for {}.', keep: ['Error: Invalid login: 535-5.7.8 Username and Password not accepted for'] },
  { text: 'TypeError: Failed to parse URL from {}', keep: ['TypeError: Failed to parse URL from'] },
  { text: 'Error: getaddrinfo EAI_AGAIN {}, retrying in 5s', keep: ['Error: getaddrinfo EAI_AGAIN', 'retrying in 5s'] },
  { text: 'WebSocket connection to {} failed: Connection closed before receiving a handshake response', keep: ['WebSocket connection to', 'failed: Connection closed before receiving a handshake response'] },
  { text: '[ioredis] Unhandled error event: Error: connect ECONNREFUSED {}', keep: ['[ioredis] Unhandled error event: Error: connect ECONNREFUSED'] },
  { text: 'Error: Request failed\n    at {}\n    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)', keep: ['Error: Request failed', 'at process.processTicksAndRejections'] },
];

/** A message: a template with its slots filled, the secrets in it, and the words that must remain. */
export interface Message {
  readonly text: string;
  readonly secrets: readonly Secret[];
  readonly keep: readonly string[];
}

/**
 * Fills each slot of a random template with a random secret. A secret is drawn again when it
 * holds the quote its slot is quoted with (a real message would have escaped it), or when one of
 * its parts happens to be in the template (a made-up name `databa` in `database`).
 */
export function randomMessage(random: Random): Message {
  const template = random.pick(TEMPLATES);
  const pieces = template.text.split('{}');
  const secrets: Secret[] = [];
  let text = pieces[0] ?? '';
  for (const piece of pieces.slice(1)) {
    const quote = /["'`]$/.exec(text)?.[0];
    const fits = (secret: Secret): boolean =>
      !(quote !== undefined && secret.text.includes(quote)) && !secret.parts.some((part) => template.text.includes(part));
    let secret = random.pick(SECRET_KINDS).make(random);
    while (!fits(secret)) secret = random.pick(SECRET_KINDS).make(random);
    secrets.push(secret);
    text += secret.text + piece;
  }
  return { text, secrets, keep: template.keep };
}
