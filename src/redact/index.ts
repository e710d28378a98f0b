// Removes secrets and personal data from text before it leaves the machine. Pure: no I/O, no state.
import { GONE, RULES } from './rules.js';

/** An extra rule of the app's own: a pattern whose matches are removed, or a function that rewrites. */
export type RedactRule = RegExp | ((text: string) => string);

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
      // An apostrophe between two letters (user's) does not close a single quote. Between letters
      // only: one after a space would let every quote start a scan to the end of the text.
      String.raw`'((?:[^'\n]|(?<=[A-Za-z])'(?=[A-Za-z]))*)'`,
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
 * secret-named values, passwords on command lines, e-mail and IP addresses (loopback aside), host
 * names (public services aside), phone and card numbers, UUIDs, long hex and base64 runs, file
 * system paths, and quoted data that is not a short identifier. Extra rules run after the built-in
 * ones. What remains still names the error ("connect ECONNREFUSED"). Linear in the text's length.
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
