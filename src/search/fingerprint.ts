// Names the kind of an error and fingerprints it, so errors that differ only in run data share one lookup.
import { createHash } from 'node:crypto';

/** A date, or a date and time (ISO 8601 or with a space), as logs and libraries print them. */
const TIMESTAMP = /\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b/g;

/**
 * `text` with what changes from one occurrence to the next replaced by `#`: timestamps, times, short
 * hex ids, and numbers (with their units), except HTTP status codes, which tell errors apart. Used
 * for fingerprints and labels only.
 */
export function kindOf(text: string): string {
  return text
    .replace(TIMESTAMP, '#')
    .replace(/\b\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\b/g, '#')
    // hex ids: six or more hex digits with a digit, starting with one or with two letters in them
    // (5aced8d9, 1a2b3c4d), but not codes like E11000
    .replace(/\b(?=[a-f]*\d)(?:(?=\d)|(?=(?:\d*[a-f]){2}))[0-9a-f]{6,}\b/gi, '#')
    .replace(/(?<!\b(?:status|code|HTTP)\s*)\b\d+(?:\.\d+)?(?:ms|s|m|h|kb|mb|gb|b)?\b/gi, '#');
}

/**
 * One fingerprint for errors of the same kind: the kind, the code, the site and the configured tags.
 * Tags read from the stack are left out, so an error is known again without reading its stack.
 */
export function fingerprint(site: string, tags: readonly string[], kind: string, code: string | undefined): string {
  return createHash('sha256')
    .update(JSON.stringify([site, [...tags].sort(), kind, code ?? '']))
    .digest('hex')
    .slice(0, 20);
}
