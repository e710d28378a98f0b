// Removes secrets and personal data from text before it leaves the machine. Pure: no I/O, no state.

/** An extra rule of the app's own: a pattern whose matches are removed, or a function that rewrites. */
export type RedactRule = RegExp | ((text: string) => string);

interface Rule {
  readonly name: string;
  readonly pattern: RegExp;
  readonly replace: string | ((match: string, ...groups: string[]) => string);
}

const SECRET_KEY_WORDS =
  'passw(?:or)?d|passwd|pwd|passphrase|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|' +
  'auth|authorization|credentials?|session(?:[_-]?id)?|cookie|signature|jwt|bearer|' +
  'client[_-]?secret|conn(?:ection)?[_-]?string|dsn';

/** Characters a secret value runs over when it is not quoted. */
const BARE_VALUE = String.raw`[^\s,;&)}\]]+`;
const QUOTED_VALUE = String.raw`"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'`;

/**
 * The built-in rules, in order. Earlier rules remove whole structures (PEM blocks, URLs) so later,
 * smaller rules do not see half of them.
 */
const RULES: readonly Rule[] = [
  {
    name: 'pem',
    pattern: /-----BEGIN [A-Z0-9 ]{1,40}-----[\s\S]*?(?:-----END [A-Z0-9 ]{1,40}-----|$)/g,
    replace: ' ',
  },
  // Whole URLs go: credentials, host, path and query string can each identify a person or a project.
  { name: 'url', pattern: /\b[a-z][a-z0-9+.-]{1,30}:\/\/[^\s'"`<>]*/gi, replace: ' ' },
  {
    name: 'bearer',
    pattern: /\b(bearer|basic|digest|token)\s+[A-Za-z0-9\-._~+/]{6,}=*/gi,
    replace: (_m, scheme: string) => scheme,
  },
  { name: 'jwt', pattern: /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.?[A-Za-z0-9_-]*/g, replace: ' ' },
  { name: 'aws', pattern: /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b/g, replace: ' ' },
  { name: 'stripe', pattern: /\b(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{8,}\b/g, replace: ' ' },
  { name: 'stripe-webhook', pattern: /\bwhsec_[A-Za-z0-9+/=]{8,}/g, replace: ' ' },
  { name: 'github', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})\b/g, replace: ' ' },
  { name: 'slack', pattern: /\bxox[abposre]-[A-Za-z0-9-]{8,}/g, replace: ' ' },
  { name: 'google', pattern: /\bAIza[0-9A-Za-z_-]{30,}/g, replace: ' ' },
  { name: 'npm', pattern: /\bnpm_[A-Za-z0-9]{30,}\b/g, replace: ' ' },
  {
    // password=..., "apiKey": "...", DB_PASSWORD: ..., Authorization: ... (the key stays, its value goes)
    name: 'key-value',
    pattern: new RegExp(
      String.raw`(["']?)([\w.-]*(?:${SECRET_KEY_WORDS})[\w.-]*)\1(\s*(?:=|:|=>)\s*)(?:${QUOTED_VALUE}|${BARE_VALUE})`,
      'gi',
    ),
    replace: (_m, quote: string, key: string, sep: string) => `${quote}${key}${quote}${sep.trimEnd()} `,
  },
  {
    // for user "alice", role 'admin', database "shop"
    name: 'account',
    pattern: /\b(user(?:name)?|login|role|database|db|schema|tenant|account)(\s+)(?:"[^"]*"|'[^']*'|`[^`]*`)/gi,
    replace: (_m, word: string) => word,
  },
  { name: 'email', pattern: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g, replace: ' ' },
  {
    name: 'uuid',
    pattern: /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi,
    replace: ' ',
  },
  // Paths go whole, with any :line:column after them, so no user, project or file name leaves.
  {
    name: 'windows-path',
    pattern: /(?:\b[A-Za-z]:|\\\\[^\\\s'"]+)\\(?:[^\\\s'"`<>|:*?]+\\?)*(?::\d+){0,2}/g,
    replace: ' ',
  },
  { name: 'windows-relative-path', pattern: /\b(?:[\w.@-]+\\){1,}[\w.@-]+(?::\d+){0,2}/g, replace: ' ' },
  {
    name: 'posix-path',
    pattern: new RegExp(
      [
        // two or more segments: /home/alice/app, ./src/routes, node_modules/pkg/lib
        String.raw`(?:~|\.{1,2}|\b[\w.@-]+)?(?:\/[\w.@+~%-]+){2,}\/?`,
        // one segment after a root: /app.js, ~/notes.txt
        String.raw`(?<![\w/])(?:~|\.{1,2})?\/[\w.@+~%-]+\.[A-Za-z0-9]{1,8}`,
        // a relative path to a source or data file: routes/users.js
        String.raw`\b[\w.@-]+\/[\w@-]+\.(?:[cm]?[jt]sx?|json|node|html?|css|vue|svelte|ya?ml|env|txt|log|sql|db|sqlite|pem|key|crt)\b`,
      ]
        .map((alternative) => `(?:${alternative})(?::\\d+){0,2}`)
        .join('|'),
      'g',
    ),
    replace: ' ',
  },
  {
    name: 'ipv4',
    pattern: /\b(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}(?::\d{1,5})?\b/g,
    replace: ' ',
  },
  {
    name: 'ipv6',
    pattern:
      /\[?(?<![\w:])(?:(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}|(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){0,6})?::(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){0,6})?)(?:%[\w.]+)?(?![\w:])\]?(?::\d{1,5})?/gi,
    replace: ' ',
  },
  { name: 'card', pattern: /\b\d(?:[ -]?\d){12,18}\b/g, replace: ' ' },
  { name: 'hex', pattern: /\b(?:0x)?[0-9a-f]{16,}\b/gi, replace: ' ' },
  {
    // Long runs of base64 or base64url: kept only when they read as an identifier (see below).
    name: 'base64',
    pattern: /[A-Za-z0-9+/_-]{20,}={0,2}/g,
    replace: (match) => (looksLikeIdentifier(match) ? match : ' '),
  },
];

/**
 * True for long names a program would use (SequelizeUniqueConstraintError, ERR_HTTP_HEADERS_SENT,
 * getElementsByTagName): letters only, in words of three letters or more on average. Random
 * tokens have digits or symbols, or break into words of one or two letters.
 */
function looksLikeIdentifier(run: string): boolean {
  if (!/^[A-Za-z_/+-]+$/.test(run)) return false;
  const words = run.split(/[_/+-]+|(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/).filter(Boolean);
  if (words.length === 0) return false;
  const wellFormed = words.every((word) => /^(?:[a-z]+|[A-Z][a-z]+|[A-Z]+)$/.test(word));
  const meanLength = words.reduce((sum, word) => sum + word.length, 0) / words.length;
  return wellFormed && meanLength >= 3.5;
}

/** A quoted part worth keeping in a search: a short name (a property, a module, an npm package). */
const SHORT_IDENTIFIER = /^(?:@[a-z0-9][\w.-]*\/)?[A-Za-z_$][\w$.-]{0,39}$/;

/** Quoted data that is not a short identifier: user input, values, messages inside messages. */
const QUOTED_DATA =
  /(?<![A-Za-z0-9])(["'`\u2018\u201c])([^"'`\u2019\u201d\n]{0,200})(["'`\u2019\u201d])(?![A-Za-z0-9])/g;

/** Removes quoted data that is not a short identifier, keeping `'map'` and `'express'`. */
export function removeQuotedData(text: string): string {
  return text.replace(QUOTED_DATA, (whole, _open: string, inner: string) =>
    SHORT_IDENTIFIER.test(inner) ? whole : ' ',
  );
}

/**
 * Removes secrets and personal data from `text`: credentials, tokens and keys by their shapes,
 * secret-named values, e-mail and IP addresses, card numbers, UUIDs, long hex and base64 runs,
 * file system paths, and quoted data that is not a short identifier. Extra rules run after the
 * built-in ones. What remains still names the error ("connect ECONNREFUSED").
 */
export function redact(text: string, extra: readonly RedactRule[] = []): string {
  let out = text;
  for (const rule of RULES) {
    out = out.replace(rule.pattern, rule.replace as (substring: string, ...args: string[]) => string);
  }
  out = removeQuotedData(out);
  for (const rule of extra) {
    out = typeof rule === 'function' ? rule(out) : out.replace(globalCopy(rule), ' ');
  }
  return out.replace(/[ \t]{2,}/g, ' ').trim();
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
