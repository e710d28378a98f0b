// Which addresses, host names and numbers in a message identify someone, and which only say what failed.

/**
 * Loopback and unspecified addresses: not personal, and they say what kind of failure it is (a
 * local service that is not running, a port already taken). Kept with their port.
 */
const LOOPBACK = new Set(['127.0.0.1', '0.0.0.0', '::1', '::', '::ffff:127.0.0.1', '0:0:0:0:0:0:0:1', 'localhost']);

/** Whether an address as a message prints it (`[::1]:5432`, `127.0.0.1:3000`, `::1`) is loopback. */
export function isLoopback(address: string): boolean {
  const bare = address.replace(/^\[([^\]]*)\](?::\d+)?$/, '$1');
  if (LOOPBACK.has(bare.toLowerCase())) return true;
  // Node prints IPv6 with its port and no brackets (ECONNREFUSED ::1:5432); IPv4 with a port.
  const withoutPort = bare.replace(/:\d{1,5}$/, '');
  return withoutPort !== bare && LOOPBACK.has(withoutPort.toLowerCase());
}

/**
 * Public hosts that name a service everyone uses, not a person or a project: a registry, a code
 * host, an API. Kept, since `getaddrinfo ENOTFOUND registry.npmjs.org` is searched as it is.
 * Exact names only: a subdomain of one (`mybucket.s3.amazonaws.com`) can name a project.
 */
export const PUBLIC_HOSTS: ReadonlySet<string> = new Set([
  'registry.npmjs.org', 'registry.npmjs.com', 'registry.yarnpkg.com', 'npmjs.com', 'www.npmjs.com', 'nodejs.org',
  'github.com', 'api.github.com', 'raw.githubusercontent.com', 'objects.githubusercontent.com', 'codeload.github.com',
  'gitlab.com', 'bitbucket.org', 'api.stackexchange.com', 'stackoverflow.com', 'api.stripe.com', 'api.twilio.com',
  'api.openai.com', 'api.anthropic.com', 'hooks.slack.com', 'slack.com', 'smtp.gmail.com', 'gmail.com',
  'accounts.google.com', 'oauth2.googleapis.com', 'www.googleapis.com', 'fonts.googleapis.com',
  'login.microsoftonline.com', 's3.amazonaws.com', 'sts.amazonaws.com', 'unpkg.com', 'cdn.jsdelivr.net',
  'example.com', 'example.org', 'example.net', 'socket.io',
]);

/**
 * Top-level domains a name must end in to be taken for a host. Generic and private ones (`.com`,
 * `.internal`, `.local`) mark a host in two labels already (db.internal); country and newer ones
 * only in three or more (api.acme.io), since `socket.io` or `user.id` in two labels is code as
 * often as a host. Domains that are also file extensions or method names (.md, .sh, .py, .zip,
 * .app, .info, .test) are left out: `logger.info` and `README.md` are not hosts.
 */
const GENERIC_TLDS = [
  'com', 'net', 'org', 'edu', 'gov', 'mil', 'internal', 'local', 'localdomain', 'lan', 'corp', 'intranet', 'cloud', 'example', 'invalid',
  // Domains in other scripts are never code.
  'рф', 'укр', 'бел', 'қаз', 'срб', '中国', '中國', '公司', '网络', '香港', '台灣', '한국', 'みんな', 'ไทย',
];
const COUNTRY_TLDS = [
  'io', 'co', 'dev', 'ai', 'me', 'us', 'uk', 'de', 'fr', 'nl', 'be', 'es', 'pt', 'ch', 'at', 'se', 'dk', 'fi', 'no', 'pl', 'cz', 'ru', 'ua',
  'cn', 'jp', 'kr', 'br', 'ar', 'mx', 'ca', 'au', 'nz', 'za', 'eu', 'tv', 'xyz', 'online', 'site', 'tech', 'biz',
];

const TLD_ALTERNATIVES = [...GENERIC_TLDS, ...COUNTRY_TLDS].sort((a, b) => b.length - a.length).join('|');
const GENERIC = new Set(GENERIC_TLDS);

/**
 * One label of a host name: letters and digits in any script, hyphens inside, at most 63 long; an
 * underscore too, as in the SRV names drivers look up (_mongodb._tcp.cluster0.example.net).
 */
const LABEL = String.raw`[\p{L}\p{N}_](?:[\p{L}\p{N}_-]{0,61}[\p{L}\p{N}])?`;

/**
 * A host name outside a URL (`db-primary.internal`, `cluster0.ab1cd.mongodb.net:27017`), then what
 * is glued to it after a colon: a port, or anything else up to a space (a password the MongoDB
 * driver printed after the host it took from a broken URL: `пример.рф:S3cret`; a path after
 * scp's `host:`). It starts a word and ends where no label goes on; `hostReplacement` decides.
 */
export const HOST_NAME = new RegExp(
  String.raw`(?<![\p{L}\p{N}\p{M}_.@/\\-])((?:${LABEL}\.)+(?:${TLD_ALTERNATIVES}))(?![\p{L}\p{N}\p{M}_-]|\.[\p{L}\p{N}])(:\d{1,5}(?![\w.])|:[^\s'"\x60,;)\]}>\uFFFF]+)?`,
  'giu',
);

/**
 * What a match of HOST_NAME becomes: `gone` for a host that names someone's machine (any host with
 * three labels or more, or two under a generic domain: db.internal); the public services everyone
 * uses stay, with a port but without anything else glued on.
 */
export function hostReplacement(match: string, host: string, suffix: string | undefined, gone: string): string {
  const name = host.toLowerCase();
  const labels = name.split('.');
  const isHost = labels.length >= 3 || GENERIC.has(labels[labels.length - 1] ?? '');
  if (!isHost) return match;
  if (!PUBLIC_HOSTS.has(name)) return gone;
  return suffix === undefined || /^:\d+$/.test(suffix) ? match : host + gone;
}

/**
 * Phone numbers as people and APIs write them: international (`+1 415 555 2671`, `+15005550001`),
 * with an area code in parentheses (`(415) 555-2671`, `8 (999) 123-45-67`), North American
 * (`415-555-2671`), and national with a leading 0 (`020 7946 0958`, `01 23 45 67 89`).
 */
export const PHONE = new RegExp(
  [
    // Each group of digits is taken whole ((?!\d)) and separators are required between groups, so
    // a long run of digits is split one way only: no backtracking over ways to split it.
    String.raw`(?<![\w+])\+\d{8,15}(?![\w.-]?\d)`,
    String.raw`(?<![\w+])\+\d{1,3}(?!\d)(?:[ .-]?\(\d{1,4}\))?(?:[ .-]\d{1,5}(?!\d)){1,5}(?![\w.-]?\d)`,
    String.raw`(?<![\w(])(?:[78][ -]?)?\(\d{2,5}\)[ .-]?\d{2,4}(?!\d)(?:[ .-]\d{2,4}(?!\d)){1,3}(?![\w.-]?\d)`,
    String.raw`(?<![\w.-])\d{3}[-. ]\d{3}[-. ]\d{4}(?![\w.-]?\d)`,
    String.raw`(?<![\w.-])0\d{1,4}(?:[ -]\d{2,4}(?!\d)){2,4}(?![\w.-]?\d)`,
  ].join('|'),
  'g',
);

/** Whether a match of PHONE holds as many digits as a phone number does (8 to 15). */
export function isPhoneNumber(match: string): boolean {
  const digits = match.replace(/\D/g, '').length;
  return digits >= 8 && digits <= 15;
}
