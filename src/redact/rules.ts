// The built-in redaction rules: each a shape of secret or personal data, and what a match becomes.
import { HOST_NAME, PHONE, hostReplacement, isLoopback, isPhoneNumber } from './hosts.js';
import { MAX_KEY_LENGTH, SECRET_KEY_WORDS, SECRET_SHORT_KEYS, TELLING_VALUE, isSecretKey, looksLikeIdentifier } from './words.js';

export interface Rule {
  readonly name: string;
  readonly pattern: RegExp;
  /** What a match becomes; by default it is removed (replaced with GONE). */
  readonly replace?: (match: string, ...groups: string[]) => string;
}

/**
 * Marks removed text until the end, where it becomes a space. Later rules do not read it as a
 * value, so `GITHUB_TOKEN=<removed> is expired` keeps `is expired`. A noncharacter, never in real
 * text; any in the input is dropped first.
 */
export const GONE = '\uFFFF';

// Every pattern runs in time linear in the text (test/linear.test.ts feeds each 1 MB of the shapes
// that hurt). The rules that keep it so: a run of characters a pattern repeats over is anchored with
// a lookbehind, so a match is tried from the start of the run only, not from each of its characters;
// what is tried from many places is bounded ({1,128}) or stops at the next delimiter; repetitions
// never overlap ((?:a+b?)* is written (?:a+|b+)*); a quantified group's alternatives begin with
// different characters; an unclosed bracket or brace runs to the end of the line rather than failing
// (a failed attempt from every opening would be quadratic); and names are checked in a function
// after a cheap match, not by a pattern that searches a run for a word in it.

/**
 * A secret key's name: a secret word with up to 64 name characters on either side (DB_PASSWORD,
 * x-api-key), or a short key after a prefix (db_pass, connect.sid). Bounded on both sides, so a
 * long run (`tokentoken...`) costs a fixed number of steps. isSecretKey then rules out the names of
 * errors and conditions (TokenExpiredError).
 */
const SECRET_KEY = String.raw`(?<![\w.-])(?:[\w.-]{0,64}?(?:${SECRET_KEY_WORDS})[\w.-]{0,64}|(?:[\w-]{1,64}[._-])?(?:${SECRET_SHORT_KEYS}))`;

/**
 * A path goes, except the npm package it points into (`.../node_modules/bcrypt/lib/...` leaves
 * `bcrypt`): a public package name says which library failed, and names no user or project.
 */
function packageOnly(path: string): string {
  let name: string | undefined;
  for (const match of path.matchAll(/node_modules[\\/]+((?:@[\w.-]+[\\/]+)?[\w.-]+)/g)) name = match[1];
  return name === undefined ? GONE : name.replace(/\\+/g, '/');
}

/** Letters, digits and marks of any script, for names, paths and addresses in any language. */
const WORD = String.raw`\p{L}\p{N}\p{M}_`;

/** Characters an unquoted value runs over: up to a space, a quote, or the punctuation that ends a pair. */
const BARE_VALUE = String.raw`[^\s,;&)}\]"'\x60\uFFFF]+`;
/** A quoted value, also one cut off at the end of the text or line (`{"apiKey":"k_83hf7`). */
const QUOTED_VALUE = String.raw`"(?:[^"\\\n]|\\.)*(?:"|$|(?=\n))|'(?:[^'\\\n]|\\.)*(?:'|$|(?=\n))`;

/**
 * What follows an authorization scheme and is not its credential: a plain word, which is prose
 * (`Bearer undefined`, `the security token included in`), and a key, which the key-value rule
 * takes whole (`token API_KEY: ...`, `token apiKey="..."`).
 */
const NOT_A_CREDENTIAL = String.raw`[a-z]+(?:-[a-z]+)*(?![\w~+/=-]|\.\w)|[A-Za-z_][A-Za-z_.-]*\s*(?:=>|=|:)|[\w.-]+=["'\x60]`;

/**
 * Two words that name a secret when written apart: `Invalid API key: 7Qm2Lp9Rt4Vw8Zy1`, `access
 * token = ...`, `client secret provided: ...`.
 */
const SECRET_PHRASE = String.raw`\b(?:api|access|secret|private|auth|authentication|session|refresh|bearer|client|app|master|admin|id|signing|encryption|webhook)[ \t]+(?:key|token|secret|password|passphrase)(?:[ \t]+id)?(?:[ \t]+(?:provided|given|used))?`;

/**
 * The value of a secret-named key, unless it says what the setting is (`password: undefined`) or,
 * after a colon, is a word followed by more words: prose, not a value (Mongo's `bad auth :
 * Authentication failed`, Mongoose's `password: Path \`password\` is required`).
 */
function secretValue(whole: string, prefix: string, sep: string, bare: string | undefined, prose: string | undefined): string {
  if (bare !== undefined && TELLING_VALUE.test(bare)) return whole;
  if (bare !== undefined && prose && sep.includes(':') && /^[A-Za-z]+$/.test(bare)) return whole;
  return `${prefix}${sep.trimEnd()}${GONE}`;
}

/**
 * The built-in rules, in order. Earlier rules remove whole structures (PEM blocks, URLs) so later,
 * smaller rules do not see half of them.
 */
export const RULES: readonly Rule[] = [
  // --- Keys in text form, credentials and tokens --------------------------------------------
  {
    // A PEM block goes whole with its base64 body, to its END line or, when cut short, to the end.
    name: 'pem',
    pattern: /-----BEGIN [A-Z0-9 ]{1,40}-----[\s\S]*?(?:-----END [A-Z0-9 ]{1,40}-----|$)/g,
  },
  {
    // Whole URLs go: credentials, host, path and query string can each identify a person or a
    // project. Credentials may hold characters a URL should not (a quote in a password): up to the
    // last `@` before a space they go too.
    name: 'url',
    pattern: /\b[a-z][a-z0-9+.-]{1,30}:\/\/(?:[^\s@\uFFFF]{1,256}@)?[^\s'"`<>\uFFFF]*/gi,
  },
  {
    // Credentials without a scheme, as some clients print them: admin:hunter2@db.example.com
    name: 'userinfo',
    pattern: /(?<![\w.%+-])[\w.%+-]{1,256}:[^\s:@/'"`\uFFFF]{1,256}@(?=[\p{L}\p{N}[])/gu,
  },
  // The query string of a URL without a scheme: Cannot GET /reset?token=...&email=...
  { name: 'query-string', pattern: /\?[\w.%[\]-]+=[^\s'"`<>\uFFFF]*/g },
  {
    // Authorization schemes and their credentials. A credential ends at a space or closing
    // punctuation; one running into `@` or `=` is part of something later rules take whole
    // (`token alice@example.com`).
    name: 'auth-scheme',
    pattern: new RegExp(
      String.raw`\b(bearer|basic|digest|token)\s+(?!${NOT_A_CREDENTIAL})[A-Za-z0-9\-._~+/]{6,}={0,2}(?=[\s,;:!?&#)\]}'"\x60<>]|$)`,
      'gi',
    ),
    replace: (_m, scheme: string) => scheme + GONE,
  },
  // JWTs (and five-part JWEs): a header always starts `{"`, which is `eyJ` in base64url.
  { name: 'jwt', pattern: /\beyJ[A-Za-z0-9_-]{4,}(?:\.[A-Za-z0-9_-]*){1,4}/g },
  {
    name: 'aws-access-key',
    pattern: /\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|AROA|APKA)[A-Z0-9]{16}\b/g,
  },
  // An ARN names the account (its 12-digit id), the user or role, and the resource.
  { name: 'aws-arn', pattern: /\barn:aws[a-z-]*:[^\s'"`,;)]*/g },
  // Stripe keys, also as Stripe masks them in its own errors (sk_live_****1234).
  { name: 'stripe-key', pattern: /\b(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9*]{8,}/g },
  { name: 'stripe-webhook', pattern: /\bwhsec_[A-Za-z0-9+/=]{8,}/g },
  // Stripe object ids name a customer, a payment or an account: No such customer: 'cus_NffrFeUfNV2Hib'
  {
    name: 'stripe-id',
    pattern: /\b(?:cus|pi|pm|ch|acct|sub|seti|evt|price|prod|tok|cs_(?:live|test))_[A-Za-z0-9]{14,}\b/g,
  },
  // Twilio account and API key ids: AC or SK and 32 hex digits.
  { name: 'twilio-sid', pattern: /\b(?:AC|SK)[0-9a-f]{32}\b/g },
  { name: 'github', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/g },
  { name: 'slack', pattern: /\bx(?:ox[abposre]|app)-[A-Za-z0-9-]{8,}/g },
  // Google API keys, OAuth access tokens and OAuth client secrets.
  { name: 'google', pattern: /\b(?:AIza[0-9A-Za-z_-]{30,}|ya29\.[0-9A-Za-z_-]{20,}|GOCSPX-[0-9A-Za-z_-]{20,})/g },
  { name: 'npm', pattern: /\bnpm_[A-Za-z0-9]{30,}/g },
  // OpenAI and Anthropic API keys, also as OpenAI masks them (sk-proj-****abcd).
  { name: 'ai-api-key', pattern: /\bsk-(?:proj-|ant-)?[A-Za-z0-9_*-]{20,}/g },

  // --- Passwords on command lines --------------------------------------------------------------
  {
    // curl -u user:password, --user user:password: the user stays out too.
    name: 'cli-user-password',
    pattern: /(?<![^\s'"`([])(-u|--user)(\s+|=)(?!-)[^\s:'"`\uFFFF]{1,256}:[^\s'"`\uFFFF]+/g,
    replace: (_m, flag: string, sep: string) => `${flag}${sep.trimEnd()}${GONE}`,
  },
  {
    // mysql -pS3cret: a password glued to -p. `-p` with all small letters is another tool's flag
    // (-pthread, -pedantic), kept.
    name: 'cli-glued-password',
    pattern: /(?<![^\s'"`([])-p(?=[^\s'"`\uFFFF]{0,256}[^a-z\s'"`\uFFFF])[^\s'"`\uFFFF]{2,}/g,
    replace: () => `-p${GONE}`,
  },
  {
    // --password pw, --api-key pw, --token pw: a flag named like a secret, then its value.
    name: 'cli-secret-flag',
    pattern: new RegExp(String.raw`(?<![^\s'"\x60([])(--?[\w-]{1,${MAX_KEY_LENGTH}})([ \t]+)(?!-)(${BARE_VALUE})(?=([ \t]+[A-Za-z])?)`, 'g'),
    replace: (whole, flag: string, sep: string, value: string, prose?: string) => {
      if (!isSecretKey(flag) || TELLING_VALUE.test(value) || (prose && /^[A-Za-z]+$/.test(value))) return whole;
      return `${flag}${sep}${GONE}`;
    },
  },

  // --- Values named by their key or by the message around them ------------------------------
  {
    // The values of a duplicate key are user data: MongoDB's `dup key: { email: "..." }` and
    // PostgreSQL's `Key (email)=(...)`, also with brackets inside (`Key (lower(email::text))=(...)`).
    // The key's name stays; it says which constraint failed. Unclosed, the value runs to the line's end.
    name: 'duplicate-key-values',
    pattern:
      /\b(dup key:\s*)\{[^}\n]*(?:\}|(?=\n)|$)|\b(Key \((?:[^()\n]|\((?:[^()\n]|\([^()\n]*\))*\))*\))=\((?:[^()\n]|\((?:[^()\n]|\([^()\n]*\))*\))*(?:\)|(?=\n)|$)/g,
    replace: (_m, mongo: string | undefined, postgres: string | undefined) => (mongo ?? postgres ?? '') + GONE,
  },
  {
    // A cookie header holds every cookie of the request, each one a possible session.
    name: 'cookie-header',
    pattern: /\b((?:set-)?cookie)(\s*:\s*)[^\s;,\uFFFF]+(?:;\s*[^\s;,=\uFFFF]+=[^\s;,\uFFFF]*)*/gi,
    replace: (_m, key: string, sep: string) => `${key}${sep.trimEnd()}${GONE}`,
  },
  {
    // password=..., "apiKey": "...", DB_PASSWORD: ..., Authorization: ... (the key stays, its value goes).
    name: 'key-value',
    pattern: new RegExp(
      String.raw`(["']?)(${SECRET_KEY})\1(\s*(?:=>|=|:)\s*)(?:(${QUOTED_VALUE})|(${BARE_VALUE}))(?=(\s+[A-Za-z\x60'"([])?)`,
      'gi',
    ),
    replace: (whole, quote: string, key: string, sep: string, _quoted?: string, bare?: string, prose?: string) =>
      isSecretKey(key) ? secretValue(whole, `${quote}${key}${quote}`, sep, bare, prose) : whole,
  },
  {
    // The same, with the key in two words: Invalid API key: 7Qm2Lp9Rt4Vw8Zy1
    name: 'phrase-key-value',
    pattern: new RegExp(
      String.raw`(${SECRET_PHRASE})([ \t]*(?:=>|=|:)[ \t]*)(?:(${QUOTED_VALUE})|(${BARE_VALUE}))(?=(\s+[A-Za-z\x60'"([])?)`,
      'gi',
    ),
    replace: (whole, phrase: string, sep: string, _quoted?: string, bare?: string, prose?: string) => secretValue(whole, phrase, sep, bare, prose),
  },
  {
    // The quoted value after a word that labels it: for user "alice", Duplicate entry 'bob' for
    // key, for value "abc", database "shop", credentials for `shop_owner`. The label stays and keeps
    // the message searchable.
    name: 'labelled-data',
    pattern: /\b(user(?:name)?|login|role|database|db|schema|tenant|account|value|entry|credentials for)\s+(?:"[^"\n]*"|'[^'\n]*'|`[^`\n]*`)/gi,
    replace: (_m, label: string) => label + GONE,
  },
  {
    // Mongoose validators print the rejected value: Path `password` (`hunter2`) is shorter than
    // ..., and `superadmin` is not a valid enum value for path `role`.
    name: 'validator-value',
    pattern: /(\bPath `[^`\n]*`\s*)\(`[^`\n]*`\)|`[^`\n]*`(?=\s+is not a valid enum value)/g,
    replace: (_m, path?: string) => (path ?? '') + GONE,
  },

  // --- Personal data and identifiers --------------------------------------------------------
  {
    // Also percent-encoded (ann%40example.com) and in any script (josé@correo.es, иван@почта.рф).
    name: 'email',
    pattern: new RegExp(
      String.raw`(?<![${WORD}.%+-])[${WORD}.%+-]+(?:@|%40)[\p{L}\p{N}\p{M}-]+(?:\.[\p{L}\p{N}\p{M}-]+)*\.\p{L}{2,}`,
      'gu',
    ),
  },
  {
    name: 'uuid',
    pattern: /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi,
  },
  // Paths go whole, with any :line:column after them, so no user, project or file name leaves.
  // Separators may be doubled, as in JSON-escaped Windows paths (C:\\Users\\alice); folder names
  // may hold spaces (C:\Users\ann\OneDrive - Acme\), the last name (a file) may not.
  {
    name: 'windows-path',
    pattern:
      /(?:\b[A-Za-z]:|\\\\[^\\\s'"]+)[\\/]+(?:[^\\\s'"`<>|:*?\uFFFF]+(?:[ ]+[^\\\s'"`<>|:*?\uFFFF]+)*[\\/]+|[^\\\s'"`<>|:*?\uFFFF]+|\\+)*(?::\d+){0,2}/g,
    replace: packageOnly,
  },
  {
    name: 'windows-relative-path',
    pattern: new RegExp(String.raw`(?<![${WORD}.@-])(?:[${WORD}.@-]+\\+)+[${WORD}.@-]+(?::\d+){0,2}`, 'gu'),
    replace: packageOnly,
  },
  {
    name: 'posix-path',
    pattern: new RegExp(
      [
        // two or more segments: /home/alice/app, ./src/routes, node_modules/pkg/lib, /home/иван/app
        String.raw`(?:~|\.{1,2}|(?<![${WORD}.@+-])[${WORD}.@+-]+)?(?:\/[${WORD}.@+~%-]+){2,}\/?`,
        // one segment after a root: /app.js, ~/.npmrc, /.env
        String.raw`(?<![${WORD}/])(?:~|\.{1,2})?\/[${WORD}.@+~%-]*\.[A-Za-z0-9]{1,8}`,
        // a relative path to a source or data file: routes/users.js
        String.raw`(?<![${WORD}.@-])[${WORD}.@-]+\/[${WORD}@-]+\.(?:[cm]?[jt]sx?|json|node|html?|css|vue|svelte|ya?ml|env|txt|log|sql|db|sqlite|pem|key|crt)\b`,
      ]
        .map((alternative) => `(?:${alternative})(?::\\d+){0,2}`)
        .join('|'),
      'gu',
    ),
    replace: packageOnly,
  },
  {
    // Before IPv4, so that an IPv4-mapped address (::ffff:10.0.0.7, as Express reports req.ip)
    // goes whole. Node prints an address and its port without brackets: ECONNREFUSED ::1:5432.
    // Loopback (::1) stays: it is no one's, and it says the service is local.
    name: 'ipv6',
    pattern: new RegExp(
      String.raw`\[?(?<![\w:.])(?:` +
        [
          String.raw`(?:(?:H:){6}|(?:H(?::H){0,4})?::(?:H:){0,4})V4`,
          String.raw`(?:H:){7}H`,
          String.raw`(?:H(?::H){0,6})?::(?:H(?::H){0,6})?`,
        ]
          .join('|')
          .replaceAll('H', '[0-9a-f]{1,4}')
          .replaceAll('V4', String.raw`\d{1,3}(?:\.\d{1,3}){3}`) +
        String.raw`)(?:%[\w.]+)?\]?(?::\d{1,5})?(?!\w|:[\w:]|\.\d)`,
      'gi',
    ),
    replace: (match) => (isLoopback(match) ? match : GONE),
  },
  {
    name: 'ipv4',
    pattern: /\b(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}(?::\d{1,5})?\b/g,
    replace: (match) => (isLoopback(match) ? match : GONE),
  },
  // Host names outside URLs (db-primary.internal, cluster0.ab1cd.mongodb.net), but not the public
  // services everyone uses (registry.npmjs.org): see hosts.ts.
  { name: 'host', pattern: HOST_NAME, replace: (match, host: string, suffix?: string) => hostReplacement(match, host, suffix, GONE) },
  { name: 'card', pattern: /\b\d(?:[ -]?\d){12,18}\b/g },
  { name: 'phone', pattern: PHONE, replace: (match) => (isPhoneNumber(match) ? GONE : match) },
  { name: 'hex', pattern: /\b(?:0x)?[0-9a-f]{16,}\b/gi },
  {
    // Long runs of base64 or base64url: kept only when they read as an identifier (see words.ts).
    name: 'base64',
    pattern: /[A-Za-z0-9+/_-]{20,}={0,2}/g,
    replace: (match) => (looksLikeIdentifier(match) ? match : GONE),
  },
];
