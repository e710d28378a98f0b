// What the printer knows of each error it has seen, and the lines that tell its repeats.
import type { LookupResult, PreparedLookup } from './lookup.js';
import type { Palette } from './render/color.js';
import { keyLabel, templateText } from './search/index.js';
import { oneLine, truncate } from './sanitize.js';

/** Errors named one by one in a window's repeat lines; the rest are counted on one line. */
const REPEAT_LINES = 5;

export interface Known {
  /** What the repeat line calls it; worked out when first printed, not on the request's tick. */
  label: string | undefined;
  readonly key: string;
  /** Occurrences in this process, the first included. */
  count: number;
  /** `count` when the last line about this error was printed. */
  reported: number;
  /**
   * `skipped`: nothing searchable in it; `paused`: beyond the budget of new lookups; `held`: maybe
   * another occurrence of an error being looked up (see `hold`).
   */
  state: 'looking' | 'found' | 'none' | 'failed' | 'paused' | 'skipped' | 'held';
  /** After a failure or a pause: when the next occurrence may try again. */
  retryAt: number;
  /** With `repeats: 'full'`: what was printed, to print again without a lookup. */
  result?: LookupResult;
  /**
   * While held: the alias in the book that tells whether it is another occurrence of the error it is
   * held by (a word of letters only stands where that one's template may hold an id), and the value
   * thrown, to look up when it is not.
   */
  hold?: { readonly variant: string; readonly thrown: unknown } | undefined;
  /** While looking: the errors held until this one's lookup is over. */
  held?: Known[] | undefined;
}

/**
 * The repeats of the last window, '' when there are none: a line per error, the most frequent first,
 * then a total. Marks them as told.
 */
export function repeatLines(known: readonly Known[], paint: Palette): string {
  const pending = known.filter((entry) => entry.state !== 'looking' && entry.state !== 'skipped' && entry.state !== 'held' && entry.count > entry.reported);
  if (pending.length === 0) return '';
  pending.sort((a, b) => b.count - b.reported - (a.count - a.reported));
  const lines = pending.slice(0, REPEAT_LINES).map((entry) => {
    const where = entry.state === 'found' ? 'answers above' : entry.state === 'none' ? 'no results above' : entry.state === 'paused' ? 'lookups paused' : 'lookup failed above';
    entry.label ??= truncate(oneLine(keyLabel(entry.key)), 80);
    return `${paint.brand('soet ▸')} ${paint.dim(`${entry.label} again (x${entry.count}), ${where}`)}`;
  });
  const rest = pending.slice(REPEAT_LINES);
  if (rest.length > 0) {
    const times = rest.reduce((sum, entry) => sum + entry.count - entry.reported, 0);
    lines.push(`${paint.brand('soet ▸')} ${paint.dim(`and ${rest.length} other known errors again (${times} times)`)}`);
  }
  for (const entry of pending) entry.reported = entry.count;
  return `${lines.join('\n')}\n`;
}

/** The error as a repeat line names it: `Name: first line of the message`, run data as #: by the kind, not one occurrence. */
export function repeatLabel(prepared: PreparedLookup, key: string): string {
  const { description } = prepared;
  if (!description) return oneLine(keyLabel(key));
  const firstLine = oneLine(description.message.split('\n', 1)[0] ?? '');
  return firstLine ? `${description.name}: ${templateText(firstLine)}` : description.name;
}

