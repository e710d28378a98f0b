// Prints lookups for the middleware: one block per distinct error, batched lines for repeats, quiet faults.
import { keyPartsOf, read } from './describe.js';
import { type LookupEngine, type LookupResult, type Pause, type PreparedLookup, engineFor } from './lookup.js';
import type { Settings } from './options.js';
import { RecentKeys, type Search, type SearchPlan, TemplateBook } from './search/index.js';
import { colorEnabled, palette } from './render/color.js';
import { render } from './render/block.js';
import { type Known, repeatLabel, repeatLines } from './repeats.js';
import { oneLine, truncate } from './sanitize.js';

const MAX_KNOWN = 1_000;
const REPEAT_WINDOW_MS = 5_000;
const FAILURE_LINE_EVERY_MS = 60_000;
/** A pause is told again only after this long without one (a storm that goes on is one pause). */
const PAUSE_QUIET_MS = 60_000;
/**
 * While lookups are paused, new errors are still read and checked against the disk cache, this many
 * a second: a restarted server still prints yesterday's answers, and a storm of new messages costs
 * each request only its template.
 */
const PROBES_PER_SECOND = 2;
/**
 * New errors waiting for their turn after the request's tick, each holding its thrown value. More
 * new errors in one tick (a synchronous loop of throws) are counted and read at their next occurrence.
 */
const MAX_WAITING = 50;
/**
 * Recent messages compared with a new one before it is read: twenty kinds of error thrown in turn,
 * each with new ids, cost a comparison each.
 */
const RECENT_MESSAGES = 32;
/**
 * Errors of one tick held until it ends, then known together. More (a synchronous loop of throws), and
 * errors with long messages, are known at once: what is held stays small.
 */
const MAX_BATCH = 64;
const MAX_BATCHED_MESSAGE = 2_000;
/** Errors held by one lookup in progress, each with its thrown value (see `#hold`). More are looked up as usual. */
const MAX_HELD = 16;

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
  readonly #onQuery: ((search: Search, plan: SearchPlan) => void) | undefined;
  /** Known errors by key (name, code, template): a repeat costs its template and one Map lookup. */
  readonly #known = new TemplateBook<Known>(MAX_KNOWN);
  /** When a line about each kind of failure was last printed; the kinds are few, so the Map stays small. */
  readonly #lastLineFor = new Map<string, number>();
  readonly #color: boolean;
  readonly #hooks: ReporterHooks;
  /** Lookups not printed yet (bounded by the engine's queue, which drops the oldest). */
  readonly #printing = new Set<Promise<void>>();
  #flushTimer: NodeJS.Timeout | undefined;
  #pauseSaid: { reason: Pause['reason']; at: number } | undefined;
  #waiting = 0;
  /** Errors of this tick, known together once it ends: soet's code and tables are warm for all of them. */
  readonly #batch: unknown[] = [];
  /** True while the batch is read: new errors are read then and there, already off the requests' tick. */
  #draining = false;
  /** The keys of recent messages: a new id in a known message costs a comparison. */
  readonly #recentKeys = new RecentKeys(RECENT_MESSAGES);
  #probes = { tokens: PROBES_PER_SECOND, at: Date.now() };

  constructor(settings: Settings, hooks: ReporterHooks = {}) {
    this.#settings = settings;
    this.#hooks = hooks;
    this.#color = colorEnabled(settings.output, settings.env);
    // Kept here: the engine holds its tracers weakly, for as long as their reporter lives.
    this.#onQuery = settings.traceQueries ? (search: Search, plan: SearchPlan) => this.#trace(search, plan) : undefined;
    this.#engine = engineFor({ ...settings, onQuery: this.#onQuery });
  }

  /** Known errors and lookups in progress: bounded by their caps whatever is thrown. */
  get stats(): { readonly known: number; readonly batched: number; readonly waiting: number } & LookupEngine['stats'] {
    return { known: this.#known.size, batched: this.#batch.length, waiting: this.#waiting, ...this.#engine.stats };
  }

  /**
   * Looks `thrown` up in the background and prints the outcome. Never throws. The request's share is
   * to put it with the tick's other errors; they are known (a template and a Map lookup each) when the
   * tick ends, one after another, rather than each between two requests' work, where soet's code and
   * tables have gone cold.
   */
  report(thrown: unknown): void {
    try {
      const batch = this.#batch;
      if (batch.length >= MAX_BATCH || this.#draining || isLong(thrown)) {
        this.#report(thrown);
        return;
      }
      batch.push(thrown);
      if (batch.length === 1) {
        const immediate = setImmediate(this.#drain);
        if (this.#hooks.keepAlive !== true) immediate.unref();
      }
    } catch {
      // A fault in soet itself must not reach the app: the error already went on untouched.
    }
  }

  readonly #drain = (): void => {
    const batch = this.#batch;
    this.#draining = true;
    try {
      for (const thrown of batch) {
        try {
          this.#report(thrown);
        } catch {
          // As in report(): one error's fault is not the next one's.
        }
      }
    } finally {
      batch.length = 0;
      this.#draining = false;
    }
  };

  /**
   * One error of the tick's batch (or one known at once): its key, by comparison with a recent message
   * or one linear pass, and a Map lookup. A known error is counted; a new one is read, planned and
   * looked up after the tick, once.
   */
  #report(thrown: unknown): void {
    const parts = keyPartsOf(thrown);
    if (parts === undefined) {
      this.#later(() => this.#lookUpUnkeyed(thrown));
      return;
    }
    // With where words that may be ids of letters only stand: asked for in the same pass, used on a miss.
    const { key: ownKey, slots } = this.#recentKeys.keyOf(parts);
    // On a miss, maybe an id of letters only where other occurrences had ids with digits.
    const known = this.#known.find(ownKey, slots);
    if (known && this.#seenAgain(known.value)) return;
    if (!known && this.#hold(ownKey, slots, thrown)) return;
    const key = known ? known.key : ownKey;
    const entry = this.#entry(key, known?.value, known?.value.label, known ? undefined : slots);
    if (this.#waiting >= MAX_WAITING) {
      // Read at its next occurrence: its `retryAt` has passed.
      entry.state = 'paused';
      return;
    }
    // Beyond the budget a new error is only counted: nothing is kept of it, nothing waits for the tick.
    const pause = this.#engine.pause();
    const probe = pause !== undefined && this.#takeProbe();
    if (pause && !probe) {
      this.#paused(entry, pause);
      return;
    }
    const entryKey = key;
    this.#later(() => this.#lookUp(thrown, entryKey, entry, probe));
  }

  #entry(key: string, previous: Known | undefined, label: string | undefined, slots?: readonly number[]): Known {
    const count = (previous?.count ?? 0) + 1;
    const entry: Known = { label, key, count, reported: count, state: 'looking', retryAt: 0 };
    this.#known.set(key, entry, slots);
    return entry;
  }

  /**
   * A word of letters only where an error being looked up had another word (`User qhkyxdyx not found`
   * after `User kxqzmabf not found`): both may be ids, or two errors (`Request failed`, `Request
   * aborted`). The first id with digits in that place tells; it comes within a few errors of a storm.
   * So the error waits, counted, until that lookup is over; then it is that error's repeat, or it is
   * looked up. False when there is nothing to wait for.
   */
  #hold(key: string, slots: readonly number[], thrown: unknown): boolean {
    const guess = this.#known.guess(key);
    if (guess === undefined || guess.value.state !== 'looking') return false;
    const owner = guess.value;
    const held = (owner.held ??= []);
    if (held.length >= MAX_HELD) return false;
    const entry: Known = { label: undefined, key, count: 1, reported: 1, state: 'held', retryAt: 0, hold: { variant: guess.variant, thrown } };
    this.#known.set(key, entry, slots);
    held.push(entry);
    return true;
  }

  /**
   * `owner`'s lookup is over: each error it held is its repeat when ids have stood in the held word's
   * place since (its occurrences are `owner`'s, told by its block), else looked up now.
   */
  #release(owner: Known): void {
    const held = owner.held;
    if (held === undefined) return;
    owner.held = undefined;
    for (const entry of held) {
      const hold = entry.hold;
      entry.hold = undefined;
      if (hold === undefined) continue;
      if (this.#known.confirmed(hold.variant, owner)) {
        owner.count += entry.count;
        this.#known.set(entry.key, owner);
        continue;
      }
      entry.state = 'looking';
      this.#later(() => this.#lookUp(hold.thrown, entry.key, entry, false));
    }
  }

  /** Runs `work` after the request's tick (now, when the tick's batch is being read); `settled()` waits for it too. */
  #later(work: () => void): void {
    if (this.#draining) {
      work();
      return;
    }
    this.#waiting += 1;
    const immediate = setImmediate(() => {
      this.#waiting -= 1;
      try {
        work();
      } catch {
        // Best effort, as everything here.
      }
    });
    // The middleware's work never keeps the app alive; the CLI's companion waits for its own.
    if (this.#hooks.keepAlive !== true) immediate.unref();
  }

  /** An error seen again: counted, or printed again in full; false when it is due another try. */
  #seenAgain(known: Known): boolean {
    if (this.#settings.repeats === 'full' && known.result) {
      known.count += 1;
      known.reported = known.count;
      this.#write(render({ ...known.result, notices: [] }, this.#renderOptions()));
      return true;
    }
    return this.#countRepeat(known);
  }

  /** Reads, plans and looks up a new error, off the request's tick: within the budget, or as a probe of the cache. */
  #lookUp(thrown: unknown, key: string, entry: Known, probe: boolean): void {
    // New errors of the same tick were let through before the first of them spent the budget.
    const pause = probe ? undefined : this.#engine.pause();
    if (pause && !this.#takeProbe()) {
      this.#paused(entry, pause);
      return;
    }
    const prepared = this.#engine.prepare(thrown, key);
    entry.label = truncate(repeatLabel(prepared, key), 80);
    if (!prepared.plan) {
      entry.state = 'skipped';
      this.#release(entry);
      if (prepared.skipped) this.#writeLimited('rule', render({ ...emptyResult(this.#settings), failure: prepared.skipped }, this.#renderOptions()));
      return;
    }
    this.#run(prepared, key, entry);
  }

  /** A value without a string message or code (`{ message: 42 }`): known by its fingerprint once planned. */
  #lookUpUnkeyed(thrown: unknown): void {
    const prepared = this.#engine.prepare(thrown, undefined);
    if (!prepared.plan) {
      if (prepared.skipped) this.#writeLimited('rule', render({ ...emptyResult(this.#settings), failure: prepared.skipped }, this.#renderOptions()));
      return;
    }
    const key = `\u0001${prepared.plan.fingerprint}`;
    const known = this.#known.find(key);
    if (known && this.#seenAgain(known.value)) return;
    this.#run(prepared, key, this.#entry(key, known?.value, truncate(repeatLabel(prepared, key), 80)));
  }

  #run(prepared: PreparedLookup, key: string, entry: Known): void {
    // The middleware's lookups run in the background: they never keep the app alive (a graceful
    // shutdown exits at once). The CLI's companion waits for its own.
    const background = this.#hooks.keepAlive !== true;
    const printed: Promise<void> = this.#engine.run(prepared, undefined, { background }).then((result) => {
      this.#printing.delete(printed);
      this.#print(key, entry, result);
    });
    this.#printing.add(printed);
  }

  #takeProbe(): boolean {
    const now = Date.now();
    this.#probes = { tokens: Math.min(PROBES_PER_SECOND, this.#probes.tokens + ((now - this.#probes.at) * PROBES_PER_SECOND) / 1000), at: now };
    if (this.#probes.tokens < 1) return false;
    this.#probes.tokens -= 1;
    return true;
  }

  /** Beyond the budget: the error is counted, tried again when the pause ends, and the pause told once. */
  #paused(entry: Known, pause: Pause): void {
    entry.state = 'paused';
    entry.retryAt = pause.until;
    this.#release(entry);
    const now = Date.now();
    const said = this.#pauseSaid;
    this.#pauseSaid = { reason: pause.reason, at: now };
    if (said && said.reason === pause.reason && now - said.at < PAUSE_QUIET_MS) return;
    const paint = palette(this.#color);
    this.#write(`${paint.brand('soet ▸')} ${paint.warning(oneLine(pause.message))}\n`);
  }

  /** Resolves once every lookup started so far has printed its block. */
  async settled(): Promise<void> {
    while (this.#waiting > 0 || this.#batch.length > 0 || this.#printing.size > 0) {
      if (this.#waiting > 0 || this.#batch.length > 0) await new Promise((resolve) => setImmediate(resolve));
      await Promise.all(this.#printing);
    }
  }

  /** Prints the repeat lines now instead of at the end of the window (a crash that restarted and came back). */
  flush(): void {
    // Errors reported in this tick are counted first.
    if (this.#batch.length > 0 && !this.#draining) this.#drain();
    if (this.#flushTimer) clearTimeout(this.#flushTimer);
    this.#flushTimer = undefined;
    try {
      this.#flushRepeats();
    } catch {
      // Printing is best effort.
    }
  }

  /** Counts another occurrence of a known error; false when it is new, or failed and due a retry. */
  #countRepeat(known: Known): boolean {
    if ((known.state === 'failed' || known.state === 'paused') && Date.now() >= known.retryAt) return false;
    known.count += 1;
    if (this.#settings.repeats === 'summary') this.#scheduleFlush();
    return true;
  }

  #print(key: string, entry: Known, result: LookupResult): void {
    try {
      this.#release(entry);
    } catch {
      // Best effort: a fault here costs held errors their block, not the app.
    }
    if (result.failure?.kind === 'paused') {
      this.#paused(entry, this.#engine.pause() ?? { reason: 'rate', until: Date.now() + FAILURE_LINE_EVERY_MS, message: result.failure.message });
      return;
    }
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
          this.#known.delete(key);
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
    this.#write(repeatLines(this.#known.values(), palette(this.#color)));
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

/** Whether `thrown` carries a message too long to hold for the rest of the tick (it is known at once instead). */
function isLong(thrown: unknown): boolean {
  const message = typeof thrown === 'string' ? thrown : read(thrown, 'message');
  return typeof message === 'string' && message.length > MAX_BATCHED_MESSAGE;
}

function emptyResult(settings: Settings): LookupResult {
  return { status: 'skipped', error: null, query: null, searches: [], questions: [], hints: [], site: settings.site, tags: settings.tags, notices: [], fromCache: false, apiCalls: 0, fingerprint: null };
}
