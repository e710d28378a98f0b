// Removes secrets and personal data from text before it leaves the machine. Pure: no I/O, no state.

/** An extra rule of the app's own: a pattern whose matches are removed, or a function that rewrites. */
export type RedactRule = RegExp | ((text: string) => string);

interface Rule {
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
const GONE = '\uFFFF';

// No pattern below backtracks badly on hostile input (2,000 characters of `a-a-`, `::::` or quotes
// take well under 50 ms; see the tests): a run of characters a pattern repeats over is anchored
// with a lookbehind, so a match is tried from the start of the run only, not from each of its
// characters; repetitions are bounded or never overlap ((?:a+b?)* is written (?:a+|b+)*).

/** Words that, anywhere in a key's name, make its value secret: DB_PASSWORD, apiKey, x-auth-token. */
const SECRET_KEY_WORDS = [
  'passw(?:or)?d', 'passwd', 'pwd', 'passphrase', 'secret', 'token', 'api[_-]?key', 'access[_-]?key',
  'private[_-]?key', 'auth', 'credentials?', 'session', 'sess[_-]?id', 'cookie', 'signature', 'jwt',
  'bearer', 'conn(?:ection)?[_-]?string', 'dsn', 'salt',
].join('|');

/** Short keys that are secret only as a whole name (or after a prefix), not inside a word: db_pass, connect.sid. */
const SECRET_KEYS = 'pass|pw|pin|otp|sid|ssn';

/**
 * A secret key's name; not the name of an error or a condition, which a message follows
 * (`OAuthError: invalid_grant`, `TokenExpiredError: jwt expired`, `JWTExpired: "exp" claim ...`).
 */
const SECRET_KEY =
  String.raw`(?<![\w.-])(?:[\w.-]*(?:${SECRET_KEY_WORDS})[\w.-]*|(?:[\w-]+[._-])?(?:${SECRET_KEYS}))` +
  String.raw`(?<!error|exception|warning|expired|invalid|failed|required|missing|denied|mismatch)`;

/** Characters an unquoted value runs over: up to a space, a quote, or the punctuation that ends a pair. */
const BARE_VALUE = String.raw`[^\s,;&)}\]"'\x60\uFFFF]+`;
/** A quoted value, also one cut off at the end of the text or line (`{"apiKey":"k_83hf7`). */
const QUOTED_VALUE = String.raw`"(?:[^"\\\n]|\\.)*(?:"|$|(?=\n))|'(?:[^'\\\n]|\\.)*(?:'|$|(?=\n))`;

/** Values that say what a setting is, not what it holds: `using password: YES`, `password: undefined`. */
const TELLING_VALUE = /^(?:yes|no|true|false|null|undefined|none|\*+)$/i;

/**
 * What follows an authorization scheme and is not its credential: a plain word, which is prose
 * (`Bearer undefined`, `the security token included in`), and a key, which the key-value rule
 * takes whole (`token API_KEY: ...`, `token apiKey="..."`).
 */
const NOT_A_CREDENTIAL = String.raw`[a-z]+(?:-[a-z]+)*(?![\w~+/=-]|\.\w)|[A-Za-z_][A-Za-z_.-]*\s*(?:=>|=|:)|[\w.-]+=["'\x60]`;

/**
 * The built-in rules, in order. Earlier rules remove whole structures (PEM blocks, URLs) so later,
 * smaller rules do not see half of them.
 */
const RULES: readonly Rule[] = [
  // --- Keys in text form, credentials and tokens --------------------------------------------
  {
    // A PEM block goes whole with its base64 body, to its END line or, when cut short, to the end.
    name: 'pem',
    pattern: /-----BEGIN [A-Z0-9 ]{1,40}-----[\s\S]*?(?:-----END [A-Z0-9 ]{1,40}-----|$)/g,
  },
  // Whole URLs go: credentials, host, path and query string can each identify a person or a project.
  { name: 'url', pattern: /\b[a-z][a-z0-9+.-]{1,30}:\/\/[^\s'"`<>\uFFFF]*/gi },
  {
    // Credentials without a scheme, as some clients print them: admin:hunter2@db.example.com
    name: 'userinfo',
    pattern: /(?<![\w.%+-])[\w.%+-]{1,256}:[^\s:@/'"`\uFFFF]{1,256}@(?=[\w[])/g,
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
  { name: 'github', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/g },
  { name: 'slack', pattern: /\bx(?:ox[abposre]|app)-[A-Za-z0-9-]{8,}/g },
  // Google API keys, OAuth access tokens and OAuth client secrets.
  { name: 'google', pattern: /\b(?:AIza[0-9A-Za-z_-]{30,}|ya29\.[0-9A-Za-z_-]{20,}|GOCSPX-[0-9A-Za-z_-]{20,})/g },
  { name: 'npm', pattern: /\bnpm_[A-Za-z0-9]{30,}/g },
  // OpenAI and Anthropic API keys, also as OpenAI masks them (sk-proj-****abcd).
  { name: 'ai-api-key', pattern: /\bsk-(?:proj-|ant-)?[A-Za-z0-9_*-]{20,}/g },

  // --- Values named by their key or by the message around them ------------------------------
  {
    // The values of a duplicate key are user data: MongoDB's `dup key: { email: "..." }` and
    // PostgreSQL's `Key (email)=(...)`. The key's name stays; it says which constraint failed.
    name: 'duplicate-key-values',
    pattern: /\b(dup key:\s*)\{[^}\n]*\}|\b(Key \([^)\n]{1,200}\))=\((?:[^()\n]|\([^()\n]*\))*\)/g,
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
    // After a colon, a word followed by more words is prose, not a value: Mongo's `bad auth :
    // Authentication failed`, Mongoose's `password: Path \`password\` is required`.
    name: 'key-value',
    pattern: new RegExp(
      String.raw`(["']?)(${SECRET_KEY})\1(\s*(?:=>|=|:)\s*)(?:(${QUOTED_VALUE})|(${BARE_VALUE}))(?=(\s+[A-Za-z\x60'"([])?)`,
      'gi',
    ),
    replace: (whole, quote: string, key: string, sep: string, _quoted?: string, bare?: string, prose?: string) => {
      if (bare !== undefined && TELLING_VALUE.test(bare)) return whole;
      if (bare !== undefined && prose && sep.includes(':') && /^[A-Za-z]+$/.test(bare)) return whole;
      return `${quote}${key}${quote}${sep.trimEnd()}${GONE}`;
    },
  },
  {
    // The quoted value after a word that labels it: for user "alice", Duplicate entry 'bob' for
    // key, for value "abc", database "shop". The label stays and keeps the message searchable.
    name: 'labelled-data',
    pattern: /\b(user(?:name)?|login|role|database|db|schema|tenant|account|value|entry)\s+(?:"[^"\n]*"|'[^'\n]*'|`[^`\n]*`)/gi,
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
    name: 'email',
    pattern: /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g,
  },
  {
    name: 'uuid',
    pattern: /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi,
  },
  // Paths go whole, with any :line:column after them, so no user, project or file name leaves.
  // Separators may be doubled, as in JSON-escaped Windows paths (C:\\Users\\alice).
  {
    name: 'windows-path',
    pattern: /(?:\b[A-Za-z]:|\\\\[^\\\s'"]+)[\\/]+(?:[^\\\s'"`<>|:*?]+|\\+)*(?::\d+){0,2}/g,
    replace: packageOnly,
  },
  {
    name: 'windows-relative-path',
    pattern: /(?<![\w.@-])(?:[\w.@-]+\\+)+[\w.@-]+(?::\d+){0,2}/g,
    replace: packageOnly,
  },
  {
    name: 'posix-path',
    pattern: new RegExp(
      [
        // two or more segments: /home/alice/app, ./src/routes, node_modules/pkg/lib
        String.raw`(?:~|\.{1,2}|(?<![\w.@+-])[\w.@+-]+)?(?:\/[\w.@+~%-]+){2,}\/?`,
        // one segment after a root: /app.js, ~/.npmrc, /.env
        String.raw`(?<![\w/])(?:~|\.{1,2})?\/[\w.@+~%-]*\.[A-Za-z0-9]{1,8}`,
        // a relative path to a source or data file: routes/users.js
        String.raw`(?<![\w.@-])[\w.@-]+\/[\w@-]+\.(?:[cm]?[jt]sx?|json|node|html?|css|vue|svelte|ya?ml|env|txt|log|sql|db|sqlite|pem|key|crt)\b`,
      ]
        .map((alternative) => `(?:${alternative})(?::\\d+){0,2}`)
        .join('|'),
      'g',
    ),
    replace: packageOnly,
  },
  {
    // Before IPv4, so that an IPv4-mapped address (::ffff:10.0.0.7, as Express reports req.ip)
    // goes whole. Node prints an address and its port without brackets: ECONNREFUSED ::1:5432.
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
    replace: keepLoopback,
  },
  {
    name: 'ipv4',
    pattern: /\b(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}(?::\d{1,5})?\b/g,
    replace: keepLoopback,
  },
  { name: 'card', pattern: /\b\d(?:[ -]?\d){12,18}\b/g },
  { name: 'hex', pattern: /\b(?:0x)?[0-9a-f]{16,}\b/gi },
  {
    // Long runs of base64 or base64url: kept only when they read as an identifier (see below).
    name: 'base64',
    pattern: /[A-Za-z0-9+/_-]{20,}={0,2}/g,
    replace: (match) => (looksLikeIdentifier(match) ? match : GONE),
  },
];

/**
 * A path goes, except the npm package it points into (`.../node_modules/bcrypt/lib/...` leaves
 * `bcrypt`): a public package name says which library failed, and names no user or project.
 */
function packageOnly(path: string): string {
  let name: string | undefined;
  for (const match of path.matchAll(/node_modules[\\/]+((?:@[\w.-]+[\\/]+)?[\w.-]+)/g)) name = match[1];
  return name === undefined ? GONE : name.replace(/\\+/g, '/');
}

/** Loopback addresses (`127.0.0.1:5432`, `::1`) stay with their port: they name this machine and a service, no one's network. */
const LOOPBACK = /^\[?(?:::1|127\.0\.0\.1)\]?(?::\d{1,5})?$/;

function keepLoopback(address: string): string {
  return LOOPBACK.test(address) ? address : GONE;
}

/** Where a run of name characters breaks into words: at separators, camelCase humps, after digits. */
const WORD_BREAK = /[_/+-]+|(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=\d)(?=[A-Za-z])/;

/**
 * True for long names a program would use (SequelizeUniqueConstraintError, ERR_HTTP2_STREAM_ERROR,
 * Float64Array, application/x-www-form-urlencoded), false for random tokens: about one random
 * base64 run of 20 characters in 50,000 passes. A name is made of words of letters, 3.5 letters
 * long on average, with at most one group of digits, at a word's end.
 */
function looksLikeIdentifier(run: string): boolean {
  if (!/^[A-Za-z0-9_/+-]+$/.test(run) || (run.match(/\d+/g) ?? []).length > 1) return false;
  const words = run.split(WORD_BREAK).filter(Boolean);
  if (words.length === 0 || !words.every((word) => /^(?:[a-z]+|[A-Z][a-z]+|[A-Z]+)\d{0,2}$/.test(word))) return false;
  const meanLength = words.reduce((sum, word) => sum + word.length, 0) / words.length;
  if (meanLength < 3.5) return false;
  // CONSTANT_CASE codes (ERR_OSSL_EVP_UNSUPPORTED) are words of capitals; random runs have small letters.
  return !/[a-z]/.test(run) || readsAsWords(words);
}

/**
 * Whether words with small letters could be spoken: a third of their letters are vowels, each
 * word of four letters or more has one (Http aside), capitals run as acronyms of at most four
 * (XMLHttpRequest), and at most one word is shorter than three letters (getElementsByTagName).
 */
function readsAsWords(words: readonly string[]): boolean {
  const spelled = words.map((word) => word.replace(/\d+$/, '')).filter((word) => /[a-z]/.test(word));
  const letters = spelled.join('');
  const vowels = letters.replace(/[^aeiouy]/gi, '').length;
  return (
    vowels / letters.length >= 0.3 &&
    spelled.every((word) => word.length < 4 || /[aeiouy]/i.test(word) || /^https?$/i.test(word)) &&
    words.every((word) => !/^[A-Z]{5}/.test(word)) &&
    words.filter((word) => word.length < 3).length <= 1
  );
}

/**
 * A quoted part worth keeping in a search: a short name (a property, a module, an npm package, a
 * package's subpath, a MIME type, a call: `users.findOne()`), a small number (an index: reading
 * '0'), punctuation (Expected ',' or '}'), a file extension (".ts") or a loopback address.
 */
const SHORT_IDENTIFIER =
  /^(?:(?:node:|@[a-z0-9][\w.-]*\/)?[A-Za-z_$][\w$.-]{0,39}(?:\/[A-Za-z_$][\w$.+-]{0,39}|\(\))?|\d{1,3}|[^\w\s]{1,3}|\.[A-Za-z0-9]{1,8}|(?:localhost|127\.0\.0\.1|\[?::1\]?)(?::\d{1,5})?)$/;

/**
 * Quoted parts, each quote closed by its own kind. An apostrophe inside a word (it's) does not
 * close a single quote, and quotes must stand apart from words, so `can't` opens nothing.
 */
const QUOTED_DATA = new RegExp(
  String.raw`(?<![A-Za-z0-9])(?:` +
    [
      String.raw`"([^"\n]*)"`,
      String.raw`'((?:[^'\n]|'(?=[A-Za-z]))*)'`,
      String.raw`\x60([^\x60\n]*)\x60`,
      String.raw`\u2018([^\u2019\n]*)\u2019`,
      String.raw`\u201c([^\u201d\n]*)\u201d`,
    ].join('|') +
    String.raw`)(?![A-Za-z0-9])`,
  'g',
);

/** Removes quoted data that is not a short identifier, keeping `'map'` and `'express'`. */
export function removeQuotedData(text: string): string {
  return text.replace(QUOTED_DATA, (whole: string, ...groups: (string | undefined)[]) => {
    const inner = groups.slice(0, 5).find((group) => group !== undefined) ?? '';
    return SHORT_IDENTIFIER.test(inner) ? whole : ' ';
  });
}

/**
 * Removes secrets and personal data from `text`: credentials, tokens and keys by their shapes,
 * secret-named values, e-mail and IP addresses, card numbers, UUIDs, long hex and base64 runs,
 * file system paths, and quoted data that is not a short identifier. Extra rules run after the
 * built-in ones. What remains still names the error ("connect ECONNREFUSED").
 */
export function redact(text: string, extra: readonly RedactRule[] = []): string {
  let out = text.replaceAll(GONE, '');
  for (const rule of RULES) {
    out = rule.replace ? out.replace(rule.pattern, rule.replace) : out.replace(rule.pattern, GONE);
  }
  out = collapseSpaces(removeQuotedData(out.replaceAll(GONE, ' ')));
  for (const rule of extra) {
    out = typeof rule === 'function' ? rule(out) : out.replace(globalCopy(rule), ' ');
  }
  return collapseSpaces(out);
}

function collapseSpaces(text: string): string {
  return text.replace(/[ \t]{2,}/g, ' ').trim();
}

const globalCopies = new WeakMap<RegExp, RegExp>();

/** A global copy of `pattern`, so `replace` removes every match, made once per pattern. */
function globalCopy(pattern: RegExp): RegExp {
  if (pattern.global) return pattern;
  let copy = globalCopies.get(pattern);
  if (!copy) {
    copy = new RegExp(pattern.source, `${pattern.flags}g`);
    globalCopies.set(pattern, copy);
  }
  return copy;
}
