// Prints lookups for the middleware: one block per distinct error, batched lines for repeats, quiet faults.
import { lruCache } from './deps.js';
import { identityKey } from './describe.js';
import { type LookupEngine, type LookupResult, type PreparedLookup, engineFor } from './lookup.js';
import type { Settings } from './options.js';
import { type Search, type SearchPlan, kindOf } from './search/index.js';
import { colorEnabled, palette } from './render/color.js';
import { render } from './render/block.js';
import { oneLine, truncate } from './sanitize.js';

interface Known {
  readonly label: string;
  /** Occurrences in this process, the first included. */
  count: number;
  /** `count` when the last line about this error was printed. */
  reported: number;
  state: 'looking' | 'found' | 'none' | 'failed';
  /** After a failure: when the next occurrence may try again. */
  retryAt: number;
  /** With `repeats: 'full'`: what was printed, to print again without a lookup. */
  result?: LookupResult;
}

const MAX_KNOWN = 1_000;
const MAX_SEEN_MESSAGES = 5_000;
const REPEAT_WINDOW_MS = 5_000;
const REPEAT_LINES = 5;
const FAILURE_LINE_EVERY_MS = 60_000;

/** What a door other than the middleware needs to hear from the printer (the CLI's companion). */
export interface ReporterHooks {
  /** Called with each lookup's result, just before its block is printed. */
  readonly onResult?: (result: LookupResult) => void;
  /** Keep the process alive until each lookup has printed (a CLI); default: lookups never hold it (an app). */
  readonly keepAlive?: boolean;
}

/**
 * The middleware's printer. Everything here runs after `next(err)`, and nothing here throws: a
 * failure to look up or to print is a line of output at most.
 */
export class Reporter {
  readonly #settings: Settings;
  readonly #engine: LookupEngine;
  readonly #known = new (lruCache().LRUCache)<string, Known>({ max: MAX_KNOWN });
  /** Exact name, message and code already planned -> their fingerprint, so a repeat skips the planning. */
  readonly #fingerprintOf = new (lruCache().LRUCache)<string, string>({ max: MAX_SEEN_MESSAGES });
  readonly #lastLineFor = new (lruCache().LRUCache)<string, number>({ max: 100 });
  readonly #color: boolean;
  readonly #hooks: ReporterHooks;
  /** Lookups whose block is not printed yet; bounded by the engine's queue, which drops the oldest. */
  readonly #printing = new Set<Promise<void>>();
  #flushTimer: NodeJS.Timeout | undefined;

  constructor(settings: Settings, hooks: ReporterHooks = {}) {
    this.#settings = settings;
    this.#hooks = hooks;
    this.#color = colorEnabled(settings.output, settings.env);
    const onQuery = settings.traceQueries ? (search: Search, plan: SearchPlan) => this.#trace(search, plan) : undefined;
    this.#engine = engineFor({ ...settings, onQuery });
  }

  /** Known errors and lookups in progress: bounded by their caps whatever is thrown. */
  get stats(): { readonly known: number } & LookupEngine['stats'] {
    return { known: this.#known.size, ...this.#engine.stats };
  }

  /** Looks `thrown` up in the background and prints the outcome. Never throws. */
  report(thrown: unknown): void {
    try {
      this.#report(thrown);
    } catch {
      // A fault in soet itself must not reach the app: the error already went on untouched.
    }
  }

  #report(thrown: unknown): void {
    const full = this.#settings.repeats === 'full';
    const quick = full ? undefined : this.#quickFingerprint(thrown);
    if (quick !== undefined && this.#countRepeat(quick)) return;

    const prepared = this.#engine.prepare(thrown);
    if (!prepared.plan) {
      if (prepared.skipped) this.#writeLimited('rule', render({ ...emptyResult(this.#settings), failure: prepared.skipped }, this.#renderOptions()));
      return;
    }
    const { fingerprint } = prepared.plan;
    const known = this.#known.get(fingerprint);
    if (full && known?.result) {
      known.count += 1;
      this.#write(render({ ...known.result, notices: [] }, this.#renderOptions()));
      return;
    }
    // A value without a readable message could not take the quick path: count its repeat here.
    if (!full && quick === undefined && this.#countRepeat(fingerprint)) return;

    const count = (known?.count ?? 0) + 1;
    // Repeats are named as the block's header names the error, with numbers and ids as #: by the kind, not one occurrence.
    const entry: Known = { label: truncate(repeatLabel(prepared), 80), count, reported: count, state: 'looking', retryAt: 0 };
    this.#known.set(fingerprint, entry);
    // The middleware's lookups run in the background: they never keep the app alive (a graceful
    // shutdown exits at once). The CLI's companion waits for its own.
    const background = this.#hooks.keepAlive !== true;
    const printed: Promise<void> = this.#engine.run(prepared, undefined, { background }).then((result) => {
      this.#printing.delete(printed);
      this.#print(fingerprint, entry, result);
    });
    this.#printing.add(printed);
  }

  /** Resolves once every lookup started so far has printed its block. */
  async settled(): Promise<void> {
    while (this.#printing.size > 0) await Promise.all(this.#printing);
  }

  /** Prints the repeat lines now instead of at the end of the window (a crash that restarted and came back). */
  flush(): void {
    if (this.#flushTimer) clearTimeout(this.#flushTimer);
    this.#flushTimer = undefined;
    try {
      this.#flushRepeats();
    } catch {
      // Printing is best effort.
    }
  }

  /**
   * The fingerprint of `thrown`, the cheap way. A storm of one error is a map lookup: the same name,
   * code and message as before, with no cleaning, no redaction and no stack. A new message of a
   * known kind (another id) costs its redaction, still without reading the stack.
   */
  #quickFingerprint(thrown: unknown): string | undefined {
    const exactKey = identityKey(thrown);
    if (exactKey === undefined) return undefined;
    let fingerprint = this.#fingerprintOf.get(exactKey);
    if (fingerprint === undefined) {
      fingerprint = this.#engine.fingerprintOf(thrown);
      if (fingerprint !== undefined) this.#fingerprintOf.set(exactKey, fingerprint);
    }
    return fingerprint;
  }

  /** Counts another occurrence of a known error; false when it is new, or failed and due a retry. */
  #countRepeat(fingerprint: string): boolean {
    const known = this.#known.get(fingerprint);
    if (!known || (known.state === 'failed' && Date.now() >= known.retryAt)) return false;
    known.count += 1;
    if (this.#settings.repeats === 'summary') this.#scheduleFlush();
    return true;
  }

  #print(fingerprint: string, entry: Known, result: LookupResult): void {
    try {
      this.#hooks.onResult?.(result);
    } catch {
      // A hook's fault is its own; the block is still printed.
    }
    try {
      entry.reported = entry.count;
      if (result.status === 'failed') {
        entry.state = 'failed';
        entry.retryAt = Date.now() + FAILURE_LINE_EVERY_MS;
        if (result.failure?.kind === 'dropped') {
          this.#known.delete(fingerprint);
          this.#write(render({ ...emptyResult(this.#settings), notices: result.notices }, this.#renderOptions()));
          return;
        }
        const shown = this.#withCauseOnce(result);
        // When the cause was said already, only offline hints (which need no network) are worth a line.
        if (shown === result || result.hints.some((hint) => hint.kind !== 'user-frame')) this.#write(render(shown, this.#renderOptions()));
        return;
      }
      entry.state = result.status === 'found' ? 'found' : 'none';
      if (this.#settings.repeats === 'full') entry.result = result;
      // Questions came back but their answers did not: the reason is said once a minute like any other.
      this.#write(render(this.#withCauseOnce(result), this.#renderOptions()));
      if (entry.count > entry.reported) this.#scheduleFlush();
    } catch {
      // Printing is best effort.
    }
  }

  #renderOptions() {
    return { color: this.#color, stream: this.#settings.output, env: this.#settings.env };
  }

  #trace(search: Search, plan: SearchPlan): void {
    const paint = palette(this.#color);
    const target = `${search.method === 'similar' ? 'title' : 'q'}=${JSON.stringify(search.text)}`;
    this.#write(`${paint.dim(`soet:query GET /${search.method} ${target} tagged=${plan.tags.join(';')} site=${plan.site}`)}\n`);
  }

  /** One line per cause per minute: an API outage during a storm prints a line, not thousands. */
  #allowLine(cause: string): boolean {
    const now = Date.now();
    const last = this.#lastLineFor.get(cause);
    if (last !== undefined && now - last < FAILURE_LINE_EVERY_MS) return false;
    this.#lastLineFor.set(cause, now);
    return true;
  }

  /** `result` as is when its failure may be told now; else with the failure pointing to the line above. */
  #withCauseOnce(result: LookupResult): LookupResult {
    const { failure } = result;
    if (!failure || this.#allowLine(failure.kind)) return result;
    return { ...result, failure: { kind: failure.kind, message: 'the reason is said above' } };
  }

  #writeLimited(cause: string, text: string): void {
    if (this.#allowLine(cause)) this.#write(text);
  }

  #scheduleFlush(): void {
    if (this.#flushTimer) return;
    this.#flushTimer = setTimeout(() => {
      this.#flushTimer = undefined;
      this.#flushRepeats();
    }, REPEAT_WINDOW_MS);
    this.#flushTimer.unref();
  }

  /** Prints the repeats of the last window: a line per error, the most frequent first, then a total. */
  #flushRepeats(): void {
    const pending = [...this.#known.values()].filter((known) => known.state !== 'looking' && known.count > known.reported);
    if (pending.length === 0) return;
    pending.sort((a, b) => b.count - b.reported - (a.count - a.reported));
    const paint = palette(this.#color);
    const lines = pending.slice(0, REPEAT_LINES).map((known) => {
      const where = known.state === 'found' ? 'answers above' : known.state === 'none' ? 'no results above' : 'lookup failed above';
      return `${paint.brand('soet ▸')} ${paint.dim(`${known.label} again (x${known.count}), ${where}`)}`;
    });
    const rest = pending.slice(REPEAT_LINES);
    if (rest.length > 0) {
      const times = rest.reduce((sum, known) => sum + known.count - known.reported, 0);
      lines.push(`${paint.brand('soet ▸')} ${paint.dim(`and ${rest.length} other known errors again (${times} times)`)}`);
    }
    for (const known of pending) known.reported = known.count;
    this.#write(`${lines.join('\n')}\n`);
  }

  #write(text: string): void {
    if (!text) return;
    try {
      this.#settings.output.write(text);
    } catch {
      // A closed or broken output stream is the app's business; soet just stops printing.
    }
  }
}

/** The error as a repeat line names it: `Name: first line of the message`, run data as #. */
function repeatLabel(prepared: PreparedLookup): string {
  const { description, plan } = prepared;
  if (!description) return plan?.kind ?? 'an error';
  const firstLine = oneLine(description.message.split('\n', 1)[0] ?? '');
  return kindOf(firstLine ? `${description.name}: ${firstLine}` : description.name);
}

function emptyResult(settings: Settings): LookupResult {
  return { status: 'skipped', error: null, query: null, searches: [], questions: [], hints: [], site: settings.site, tags: settings.tags, notices: [], fromCache: false, apiCalls: 0, fingerprint: null };
}
