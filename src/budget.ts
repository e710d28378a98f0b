// Keeps new lookups within a budget: a few a minute per process, and a reserve of the day's API quota kept on disk.
import { createHash } from 'node:crypto';
import { Cache } from './cache.js';
import type { ApiQuota } from './stackexchange.js';

/** The most calls one lookup makes: three searches, then one call for the answers. */
export const MAX_CALLS_PER_LOOKUP = 4;
/** The share of the day's quota soet leaves to the developer's other tools (and to itself tomorrow). */
export const QUOTA_RESERVE = 0.1;
/** The daily quota per IP the API documents, used until a response states the real one. */
const DOCUMENTED_QUOTA = { withKey: 10_000, withoutKey: 300 } as const;

/** Why new lookups wait, until when (epoch ms), and the line that says so. */
export interface Pause {
  readonly reason: 'rate' | 'quota';
  readonly until: number;
  readonly message: string;
}

/** The day's spending, shared by every engine for one API and key, and written beside the cache entries. */
interface DayState {
  /** The UTC day, `2024-05-01`. */
  readonly day: string;
  /** Calls soet sent that day (in this process and in those that wrote the file before it). */
  calls: number;
  /** The last quota a response stated, and when. */
  quota?: { max: number; remaining: number; at: number };
}

function validDayState(raw: unknown): DayState | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { day, calls, quota } = raw as Record<string, unknown>;
  const count = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
  if (typeof day !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(day) || !count(calls)) return undefined;
  if (quota === undefined) return { day, calls };
  const { max, remaining, at } = (typeof quota === 'object' && quota !== null ? quota : {}) as Record<string, unknown>;
  if (!count(max) || !count(remaining) || remaining > max || !count(at)) return undefined;
  return { day, calls, quota: { max, remaining, at } };
}

const utcDay = (time: number): string => new Date(time).toISOString().slice(0, 10);
const nextUtcMidnight = (time: number): number => Date.UTC(new Date(time).getUTCFullYear(), new Date(time).getUTCMonth(), new Date(time).getUTCDate() + 1);

/** `14:03:07 (in 6 s)`, `00:00 UTC (in 5 h 12 min)`: when a pause ends, as a reader plans by it. */
function when(until: number, now: number, utc: boolean): string {
  const seconds = Math.max(1, Math.ceil((until - now) / 1000));
  const wait = seconds < 120 ? `${seconds} s` : seconds < 7_200 ? `${Math.round(seconds / 60)} min` : `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
  const clock = utc ? `${new Date(until).toISOString().slice(11, 16)} UTC` : new Date(until).toTimeString().slice(0, 8);
  return `${clock} (in ${wait})`;
}

/** The day's spending for one API and key: in memory for the process, read from and written to disk. */
class DayBook {
  readonly #file: Cache<DayState> | null;
  readonly #name: string;
  readonly #withKey: boolean;
  #state: DayState;
  /** Lookups admitted and not finished: each may still spend MAX_CALLS_PER_LOOKUP. */
  inFlight = 0;
  #dayEnds = 0;
  /** The last pause said, reused while nothing in it changed (building its line costs more than the check). */
  #lastPause: { pause: Pause; remaining: number } | undefined;
  readonly loaded: Promise<void>;

  constructor(name: string, withKey: boolean, cacheDir: string | null) {
    this.#name = name;
    this.#withKey = withKey;
    this.#state = { day: utcDay(Date.now()), calls: 0 };
    this.#file = cacheDir === null ? null : new Cache({ dir: cacheDir, validate: validDayState, onProblem: () => undefined, maxMemoryEntries: 1, owns: /^budget-/ });
    this.loaded = this.#load().catch(() => undefined);
  }

  async #load(): Promise<void> {
    const stored = await this.#file?.get(this.#name);
    // What this process spent before the file came back is added to what the file says.
    if (stored && stored.day === this.#state.day) this.#state = { ...stored, calls: stored.calls + this.#state.calls, ...(this.#state.quota ? { quota: this.#state.quota } : {}) };
  }

  #today(now: number): DayState {
    // Read on every new error: the day is worked out again only once it is over.
    if (now < this.#dayEnds) return this.#state;
    const day = utcDay(now);
    this.#dayEnds = nextUtcMidnight(now);
    if (this.#state.day !== day) this.#state = { day, calls: 0 };
    return this.#state;
  }

  /** Why a new lookup must wait for the quota, or undefined when the reserve allows one more. */
  pause(now: number): Pause | undefined {
    const state = this.#today(now);
    const max = state.quota?.max ?? (this.#withKey ? DOCUMENTED_QUOTA.withKey : DOCUMENTED_QUOTA.withoutKey);
    const remaining = state.quota ? state.quota.remaining : max - state.calls;
    const reserve = Math.ceil(max * QUOTA_RESERVE);
    if (remaining - (this.inFlight + 1) * MAX_CALLS_PER_LOOKUP >= reserve) return undefined;
    const until = nextUtcMidnight(now);
    const last = this.#lastPause;
    if (last && last.remaining === remaining && last.pause.until === until) return last.pause;
    const holder = this.#withKey ? 'for this key' : 'for this IP';
    const hint = this.#withKey ? '' : '; set STACKEXCHANGE_KEY (a free Stack Apps key) for 10,000 a day';
    const pause: Pause = {
      reason: 'quota',
      until,
      message: `lookups paused until ${when(until, now, true)}: ${Math.max(0, remaining)} of ${max} Stack Exchange requests left today ${holder}, and soet leaves ${reserve} in reserve; known errors are still answered from the cache${hint}`,
    };
    this.#lastPause = { pause, remaining };
    return pause;
  }

  /** Records what a finished lookup sent, and the quota its last response stated. */
  spent(calls: number, quota: ApiQuota | undefined, now: number): void {
    const state = this.#today(now);
    state.calls += calls;
    if (quota) state.quota = { max: quota.max, remaining: Math.min(quota.remaining, quota.max), at: now };
    else if (state.quota) state.quota.remaining = Math.max(0, state.quota.remaining - calls);
    if (calls > 0) void this.#file?.set(this.#name, { ...state, ...(state.quota ? { quota: { ...state.quota } } : {}) }, nextUtcMidnight(now) - now, now);
  }
}

const dayBooks = new Map<string, DayBook>();
const MAX_DAY_BOOKS = 16;

function dayBookFor(apiUrl: string, key: string | undefined, cacheDir: string | null): DayBook {
  const id = createHash('sha256').update(`${apiUrl}\n${key ?? ''}\n${cacheDir ?? ''}`).digest('hex').slice(0, 32);
  let book = dayBooks.get(id);
  if (!book) {
    if (dayBooks.size >= MAX_DAY_BOOKS) dayBooks.delete(dayBooks.keys().next().value ?? '');
    book = new DayBook(`budget-${id}`, key !== undefined, cacheDir);
    dayBooks.set(id, book);
  }
  return book;
}

export interface BudgetSettings {
  readonly apiUrl: string;
  readonly key: string | undefined;
  readonly cacheDir: string | null;
  /** New lookups a minute; half a minute's worth may start at once. */
  readonly lookupsPerMinute: number;
}

/**
 * Decides whether a new lookup (one the cache could not answer) may go to the API: at most
 * `lookupsPerMinute` a minute in this process, with a burst of half a minute's worth, and never into
 * the last 10% of the day's quota. A request the user made explicitly (the CLI) skips the rate, not
 * the reserve.
 */
export class Budget {
  readonly #perMs: number;
  readonly #burst: number;
  readonly #perMinute: number;
  readonly #day: DayBook;
  #tokens: number;
  #refilledAt = Date.now();
  #lastRatePause: Pause | undefined;

  constructor(settings: BudgetSettings) {
    this.#perMinute = settings.lookupsPerMinute;
    this.#perMs = settings.lookupsPerMinute / 60_000;
    this.#burst = Math.max(1, Math.ceil(settings.lookupsPerMinute / 2));
    this.#tokens = this.#burst;
    this.#day = dayBookFor(settings.apiUrl, settings.key, settings.cacheDir);
  }

  /** Resolves once the day's spending was read back from disk (at once without a cache). */
  get loaded(): Promise<void> {
    return this.#day.loaded;
  }

  #refill(now: number): void {
    this.#tokens = Math.min(this.#burst, this.#tokens + Math.max(0, now - this.#refilledAt) * this.#perMs);
    this.#refilledAt = now;
  }

  #ratePause(now: number): Pause {
    // Until the next lookup is allowed: a moment that does not move while the budget refills.
    if (this.#lastRatePause && now < this.#lastRatePause.until) return this.#lastRatePause;
    const until = now + Math.ceil((1 - this.#tokens) / this.#perMs);
    this.#lastRatePause = {
      reason: 'rate',
      until,
      message: `lookups paused until ${when(until, now, false)}: more than ${this.#perMinute} new errors a minute (lookupsPerMinute, SOET_LOOKUPS_PER_MINUTE); errors are still counted, known ones still answered from the cache, and new ones looked up at that rate again`,
    };
    return this.#lastRatePause;
  }

  /** Why a new lookup would wait now, without taking one from the budget. */
  pause(explicit = false, now = Date.now()): Pause | undefined {
    const quota = this.#day.pause(now);
    if (quota || explicit) return quota;
    this.#refill(now);
    return this.#tokens >= 1 ? undefined : this.#ratePause(now);
  }

  /** Takes one lookup from the budget; returns why not when it cannot. */
  take(explicit = false, now = Date.now()): Pause | undefined {
    const pause = this.pause(explicit, now);
    if (pause) return pause;
    if (!explicit) this.#tokens -= 1;
    this.#day.inFlight += 1;
    return undefined;
  }

  /** Gives back a lookup taken for nothing (the disk cache answered, or the quota turned out spent). */
  refund(explicit = false): void {
    if (!explicit) this.#tokens = Math.min(this.#burst, this.#tokens + 1);
    this.#day.inFlight = Math.max(0, this.#day.inFlight - 1);
  }

  /** Ends a lookup taken with `take`: what it sent, and the quota its last response stated. */
  spent(calls: number, quota: ApiQuota | undefined, now = Date.now()): void {
    this.#day.inFlight = Math.max(0, this.#day.inFlight - 1);
    this.#day.spent(calls, quota, now);
  }

  /** The quota's verdict alone, once the day's spending is known: for a lookup already taken. */
  quotaPause(now = Date.now()): Pause | undefined {
    this.#day.inFlight = Math.max(0, this.#day.inFlight - 1);
    const pause = this.#day.pause(now);
    this.#day.inFlight += 1;
    return pause;
  }
}
