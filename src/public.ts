// The public functions that need soet's working parts: each loads them on its first call, not at import.
import { loadCore } from './load-core.js';
import type { LookupOptions, LookupResult } from './lookup.js';
import type { RedactRule } from './redact.js';
import type { RenderOptions } from './render/block.js';

/**
 * Looks a thrown value up on Stack Exchange and resolves with what was found; never rejects for API
 * faults or for any content the API sends (see `status` and `failure`): responses are read up to
 * 1 MB and every item's shape is checked. Runs whatever DEBUG says: call it where you want a lookup.
 * Rejects with a TypeError or RangeError at once for invalid options.
 */
export async function lookup(error: unknown, options?: LookupOptions): Promise<LookupResult> {
  return loadCore().lookup(error, options);
}

/**
 * Renders `result` as text for a terminal, ending in a newline; '' when there is nothing to say.
 * Everything taken from the error or the API is stripped of control sequences; only soet's own
 * colour codes remain. Does not throw for any API content, and takes bounded time: answers are
 * read up to 64 KB of HTML and 32 levels of nesting, and shown up to `answerLines` lines (100 at
 * most); a cut is marked and followed by the answer's link.
 */
export function render(result: LookupResult, options?: RenderOptions): string {
  return loadCore().render(result, options);
}

/**
 * Removes secrets and personal data from `text`: credentials, tokens and keys by their shapes,
 * secret-named values, passwords on command lines, e-mail and IP addresses (loopback aside), host
 * names (public services aside), phone and card numbers, UUIDs, long hex and base64 runs, file
 * system paths, and quoted data that is not a short identifier. Extra rules run after the built-in
 * ones. What remains still names the error ("connect ECONNREFUSED"). Linear in the text's length.
 */
export function redact(text: string, extra?: readonly RedactRule[]): string {
  return loadCore().redact(text, extra);
}
