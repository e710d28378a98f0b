// Tells names a program would print (error names, codes, MIME types, keys) from random tokens and secrets.

/** Where a run of name characters breaks into words: at separators, camelCase humps, after digits. */
const WORD_BREAK = /[_/+-]+|(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=\d)(?=[A-Za-z])/;

/**
 * True for long names a program would use (SequelizeUniqueConstraintError, ERR_HTTP2_STREAM_ERROR,
 * Float64Array, application/x-www-form-urlencoded), false for random tokens: about one random
 * base64 run of 20 characters in 50,000 passes. A name is made of words of letters, 3.5 letters
 * long on average, with at most one group of digits, at a word's end.
 */
export function looksLikeIdentifier(run: string): boolean {
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

/** Words that, anywhere in a key's name, make its value secret: DB_PASSWORD, apiKey, x-auth-token. */
export const SECRET_KEY_WORDS = [
  'passw(?:or)?d', 'passwd', 'pwd', 'passphrase', 'secret', 'token', 'api[_-]?key', 'access[_-]?key',
  'private[_-]?key', 'auth', 'credentials?', 'session', 'sess[_-]?id', 'cookie', 'signature', 'jwt',
  'bearer', 'conn(?:ection)?[_-]?string', 'dsn', 'salt',
].join('|');

/** Short keys that are secret only as a whole name or after a separator: pass, db_pass, connect.sid. */
export const SECRET_SHORT_KEYS = 'pass|pw|pin|otp|sid|ssn';

const SECRET_KEY_WORD = new RegExp(SECRET_KEY_WORDS, 'i');
const SECRET_SHORT_KEY = new RegExp(`(?:^|[._-])(?:${SECRET_SHORT_KEYS})$`, 'i');

/**
 * Names of errors and conditions, which a message follows rather than a value: `OAuthError:
 * invalid_grant`, `TokenExpiredError: jwt expired`, `JWTExpired: "exp" claim ...`.
 */
const CONDITION = /(?:error|exception|warning|expired|invalid|failed|required|missing|denied|mismatch)$/i;

/** The longest command-line flag read as one: longer runs are not flags, and checking them costs. */
export const MAX_KEY_LENGTH = 128;

/**
 * Whether `name` names a secret: a key such as `password`, `DB_PASSWORD`, `apiKey`, `connect.sid`
 * or a command-line flag such as `--password`, but not an error or a condition named like one.
 */
export function isSecretKey(name: string): boolean {
  if (name.length > MAX_KEY_LENGTH) return false;
  return (SECRET_KEY_WORD.test(name) || SECRET_SHORT_KEY.test(name)) && !CONDITION.test(name);
}

/** Values that say what a setting is, not what it holds: `using password: YES`, `password: undefined`. */
export const TELLING_VALUE = /^(?:yes|no|true|false|null|undefined|none|empty|missing|required|invalid|expired|unset|\*+)$/i;
