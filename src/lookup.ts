// The lookup step of the pipeline: describe, plan the query, then cache or Stack Exchange, one result.
import { createHash } from 'node:crypto';
import { inspect } from 'node:util';
import { Budget, type Pause } from './budget.js';
import { Cache } from './cache.js';
import { type ErrorDescription, describe, identityKey } from './describe.js';
import { loadEnv } from './env.js';
import { governorFor } from './governor.js';
import { type Hint, hintsFor } from './hints.js';
import { type SoetOptions, type Settings, resolveSettings } from './options.js';
import { type Search, type SearchPlan, fingerprint, planSearch, runChain } from './search/index.js';
import { type FoundQuestion, type LookupResult, type LookupStatus, cachedQuestions, toFound } from './result.js';
import { type ApiAnswer, type ApiQuota, StackExchangeClient, StackExchangeError } from './stackexchange.js';
import { parseStack } from './stack.js';
import { tagsFromFrames } from './tags.js';

export type { FoundAnswer, FoundQuestion, LookupFailureKind, LookupResult, LookupStatus } from './result.js';
export type { Pause } from './budget.js';

/** A thrown value, read and planned, before any network or disk work. */
export interface PreparedLookup {
  readonly description: ErrorDescription | null;
  readonly plan: SearchPlan | null;
  readonly hints: readonly Hint[];
  readonly skipped?: { readonly kind: 'rule'; readonly message: string };
}

interface CachedLookup {
  readonly questions: readonly FoundQuestion[];
}

/** A throttle period, remembered on disk so a restarted dev server does not call into it. */
interface ThrottleState {
  readonly until: number;
}

function validThrottle(raw: unknown): ThrottleState | undefined {
  const until = typeof raw === 'object' && raw !== null ? (raw as { until?: unknown }).until : undefined;
  return typeof until === 'number' && Number.isFinite(until) ? { until } : undefined;
}

/** The settings a lookup needs (a subset of the middleware's). */
export type LookupSettings = Pick<
  Settings,
  'apiUrl' | 'site' | 'tags' | 'results' | 'key' | 'timeoutMs' | 'redact' | 'beforeSearch' | 'cache' | 'cacheDir' | 'cacheTtl' | 'lookupsPerMinute'
> & { readonly onQuery?: ((search: Search, plan: SearchPlan) => void) | undefined };

const MAX_IN_FLIGHT = 3;
const MAX_QUEUED = 50;
const NO_RESULTS_TTL = 24 * 60 * 60 * 1000;
const DEFAULT_MAX_WAIT = 60_000;

function validCached(raw: unknown): CachedLookup | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const questions = cachedQuestions((raw as { questions?: unknown }).questions);
  return questions ? { questions } : undefined;
}

interface Job {
  readonly prepared: PreparedLookup & { readonly plan: SearchPlan };
  readonly key: string;
  readonly maxWaitMs: number;
  /** Asked for by hand (the CLI): not held to the per-minute rate, still to the quota's reserve. */
  readonly explicit: boolean;
  readonly resolve: (result: LookupResult) => void;
}

/** How a caller runs a lookup. */
export interface RunOptions {
  /** Never keeps the process alive (the middleware). Default: false. */
  readonly background?: boolean;
  /** Asked for by hand (the CLI's one-shot): skips the per-minute rate, not the quota's reserve. Default: false. */
  readonly explicit?: boolean;
}

/**
 * Runs lookups for one set of settings: cache first, then the API through the shared governor. Equal
 * fingerprints share one lookup, a few run at once and the rest wait in a bounded queue.
 */
export class LookupEngine {
  readonly #settings: LookupSettings;
  readonly #client: StackExchangeClient;
  readonly #cache: Cache<CachedLookup> | null;
  readonly #throttleState: Cache<ThrottleState> | null;
  readonly #budget: Budget;
  readonly #inFlight = new Map<string, Promise<LookupResult>>();
  readonly #queue: Job[] = [];
  readonly #notices: string[] = [];
  #running = 0;
  #warnedDrop = false;
  #throttleRestored: Promise<void> | undefined;

  /**
   * Who sees each outgoing query: every caller that shares this engine and asked to (DEBUG=soet:query).
   * Held weakly, so a middleware created again and again (an app rebuilt on reload) leaves no tracer behind.
   */
  readonly #queryListeners = new Set<WeakRef<NonNullable<LookupSettings['onQuery']>>>();

  constructor(settings: LookupSettings) {
    this.#settings = { ...settings, onQuery: (search, plan) => this.#tellQuery(search, plan) };
    if (settings.onQuery) this.addQueryListener(settings.onQuery);
    this.#client = new StackExchangeClient(this.#settings, governorFor(settings.apiUrl));
    const onProblem = (message: string): void => this.#notice(message);
    this.#cache = settings.cache ? new Cache({ dir: settings.cacheDir, validate: validCached, onProblem, owns: /^[0-9a-f]{40}\.json$/ }) : null;
    this.#throttleState = settings.cache ? new Cache({ dir: settings.cacheDir, validate: validThrottle, onProblem: () => undefined, maxMemoryEntries: 1, owns: /^throttle-/ }) : null;
    this.#budget = new Budget({ apiUrl: settings.apiUrl, key: settings.key, cacheDir: settings.cache ? settings.cacheDir : null, lookupsPerMinute: settings.lookupsPerMinute });
  }

  /** Why a new lookup would wait now (the per-minute rate, the quota's reserve), or undefined. Takes nothing. */
  pause(explicit = false): Pause | undefined {
    return this.#budget.pause(explicit);
  }

  /** Lookups running, waiting, and answers held in memory: each bounded by its cap. */
  get stats(): { readonly running: number; readonly queued: number; readonly inFlight: number; readonly cached: number } {
    return { running: this.#running, queued: this.#queue.length, inFlight: this.#inFlight.size, cached: this.#cache?.memorySize ?? 0 };
  }

  /**
   * Adds a caller that wants to see each outgoing query; the engine stays shared with the others. The
   * caller keeps `listener` alive as long as it wants to hear (the engine holds it weakly).
   */
  addQueryListener(listener: NonNullable<LookupSettings['onQuery']>): void {
    this.#queryListeners.add(new WeakRef(listener));
  }

  #tellQuery(search: Search, plan: SearchPlan): void {
    for (const ref of this.#queryListeners) {
      const listener = ref.deref();
      if (listener) listener(search, plan);
      else this.#queryListeners.delete(ref);
    }
  }

  #notice(message: string): void {
    this.#notices.push(message);
  }

  #cacheKey(plan: SearchPlan): string {
    return createHash('sha256').update(`${this.#settings.apiUrl}\n${plan.fingerprint}\n${this.#settings.results}`).digest('hex').slice(0, 40);
  }

  #throttleKey(): string {
    return `throttle-${createHash('sha256').update(this.#settings.apiUrl).digest('hex').slice(0, 32)}`;
  }

  /**
   * The fingerprint of a thrown value, from its key alone: no description, no stack, no plan.
   * Undefined for values without a string message or code.
   */
  fingerprintOf(thrown: unknown): string | undefined {
    const key = identityKey(thrown);
    return key === undefined ? undefined : fingerprint(this.#settings.site, this.#settings.tags, key);
  }

  /**
   * Reads the thrown value and plans its searches, once; no network, no disk. `key` is its key when
   * the caller read it already (`identityKey`, or a key `TemplateBook` matched it to). Never throws.
   */
  prepare(thrown: unknown, key: string | undefined = identityKey(thrown)): PreparedLookup {
    const description = describe(thrown);
    if (!description) return { description: null, plan: null, hints: [] };
    const frames = parseStack(description.stack);
    const hints = hintsFor(description, process.cwd(), frames);
    try {
      const plan = planSearch(description, this.#settings, tagsFromFrames(frames), key);
      return { description, plan, hints };
    } catch (error) {
      // The app's own redact or beforeSearch threw: send nothing rather than risk sending a secret.
      const reason = error instanceof Error ? error.message : 'it threw';
      return { description, plan: null, hints, skipped: { kind: 'rule', message: `your redact or beforeSearch option threw (${reason.slice(0, 80)}); nothing was sent` } };
    }
  }

  /**
   * Looks a prepared error up. Never rejects: every failure is a result with `status: 'failed'`.
   * Bounded at once, not later: a lookup joins one for the same fingerprint, is answered from memory,
   * or waits in the queue, whose oldest entry is dropped when it is full.
   *
   * Sockets and waits never keep the process alive; a caller that awaits the result (the CLI, the
   * crash hook, `lookup()`) is kept alive until it settles, a `background` one (the middleware) is not.
   */
  run(prepared: PreparedLookup, maxWaitMs: number = DEFAULT_MAX_WAIT, { background = false, explicit = false }: RunOptions = {}): Promise<LookupResult> {
    const result = this.#schedule(prepared, maxWaitMs, explicit);
    return background ? result : keptAliveUntil(result);
  }

  #schedule(prepared: PreparedLookup, maxWaitMs: number, explicit: boolean): Promise<LookupResult> {
    const { plan } = prepared;
    if (!plan) return Promise.resolve(this.#result(prepared, 'skipped', { failure: prepared.skipped }));
    const key = this.#cacheKey(plan);
    const existing = this.#inFlight.get(key);
    if (existing) return existing;
    const inMemory = this.#cache?.peek(key);
    if (inMemory) return Promise.resolve(this.#fromCache(prepared, inMemory));

    // The budget is taken now, not when the lookup starts: a burst of new errors in one tick must
    // see it spent after the first few, and not queue them all.
    const pause = this.#budget.take(explicit);
    const promise = pause
      ? this.#fromDiskOr(prepared, key, pause)
      : new Promise<LookupResult>((resolve) => {
          this.#queue.push({ prepared: { ...prepared, plan }, key, maxWaitMs, explicit, resolve });
          if (this.#queue.length > MAX_QUEUED) this.#dropOldest();
        });
    this.#inFlight.set(key, promise);
    if (pause) void promise.finally(() => this.#inFlight.delete(key));
    this.#pump();
    return promise;
  }

  /** Beyond the budget: an answer on disk is still shown; else the lookup waits for the budget. */
  async #fromDiskOr(prepared: PreparedLookup, key: string, pause: Pause): Promise<LookupResult> {
    const cached = await this.#cache?.get(key).catch(() => undefined);
    return cached ? this.#fromCache(prepared, cached) : this.#paused(prepared, pause);
  }

  #paused(prepared: PreparedLookup, pause: Pause): LookupResult {
    return this.#result(prepared, 'failed', { failure: { kind: 'paused', message: pause.message } });
  }

  #dropOldest(): void {
    const dropped = this.#queue.shift();
    if (!dropped) return;
    if (!this.#warnedDrop) {
      this.#warnedDrop = true;
      this.#notice(`more distinct errors at once than soet looks up (${MAX_IN_FLIGHT} at a time, ${MAX_QUEUED} waiting); the oldest waiting lookups are dropped`);
    }
    this.#inFlight.delete(dropped.key);
    this.#budget.refund(dropped.explicit);
    dropped.resolve(this.#result(dropped.prepared, 'failed', { failure: { kind: 'dropped', message: 'too many errors at once; this lookup was dropped' } }));
  }

  #fromCache(prepared: PreparedLookup, cached: CachedLookup): LookupResult {
    return this.#result(prepared, cached.questions.length > 0 ? 'found' : 'none', { questions: cached.questions, fromCache: true });
  }

  /** Runs one queued lookup: the disk cache first, then the API, within the budget taken for it. */
  async #execute(job: Job): Promise<LookupResult> {
    try {
      const cached = await this.#cache?.get(job.key);
      if (cached) {
        this.#budget.refund(job.explicit);
        return this.#fromCache(job.prepared, cached);
      }
      await this.#restoreThrottle();
    } catch {
      // The cache never decides whether a lookup happens: on any fault, ask the API.
    }
    // The day's spending may have come back from disk since the budget was taken.
    await this.#budget.loaded;
    const pause = this.#budget.quotaPause();
    if (pause) {
      this.#budget.refund(job.explicit);
      return this.#paused(job.prepared, pause);
    }
    let result: LookupResult | undefined;
    try {
      result = await this.#search(job.prepared, job.maxWaitMs);
      return result;
    } finally {
      this.#budget.spent(result?.apiCalls ?? 0, result?.quota);
    }
  }

  /** A throttle period from an earlier run still holds after a restart. */
  #restoreThrottle(): Promise<void> {
    this.#throttleRestored ??= (async () => {
      const state = await this.#throttleState?.get(this.#throttleKey());
      if (state) governorFor(this.#settings.apiUrl).restore(state.until);
    })().catch(() => undefined);
    return this.#throttleRestored;
  }

  #pump(): void {
    while (this.#running < MAX_IN_FLIGHT && this.#queue.length > 0) {
      const job = this.#queue.shift();
      if (!job) return;
      this.#running += 1;
      const settle = (result: LookupResult): void => {
        this.#inFlight.delete(job.key);
        job.resolve(result);
      };
      void this.#execute(job)
        .then(settle, (error: unknown) => settle(this.#result(job.prepared, 'failed', { failure: this.#failure(error) })))
        .finally(() => {
          this.#running -= 1;
          this.#pump();
        });
    }
  }

  async #search(prepared: PreparedLookup & { plan: SearchPlan }, maxWaitMs: number): Promise<LookupResult> {
    const { plan } = prepared;
    const { results, onQuery } = this.#settings;
    const deadline = Date.now() + maxWaitMs;
    // The chain decides what to search next; the engine only schedules it and keeps what it found.
    const chain = await runChain(plan, this.#client, { results, deadline, onQuery });
    let quota = chain.quota;
    if (chain.failure !== undefined) return await this.#failed(prepared, chain.failure, chain.sent, quota);
    const { questions, sent } = chain;
    if (questions.length === 0) {
      await this.#store(plan, { questions: [] }, Math.min(NO_RESULTS_TTL, this.#settings.cacheTtl));
      return this.#result(prepared, 'none', { searches: sent, apiCalls: sent.length, quota });
    }
    let answers: readonly ApiAnswer[] = [];
    let failure: LookupResult['failure'];
    try {
      const page = await this.#client.answers(questions.map((question) => question.id), deadline);
      answers = page.items;
      quota = page.quota ?? quota;
    } catch (error) {
      failure = this.#failure(error);
    }
    const found = questions.map((question) => toFound(question, answers));
    if (!failure) await this.#store(plan, { questions: found }, this.#settings.cacheTtl);
    return this.#result(prepared, 'found', { questions: found, searches: sent, apiCalls: sent.length + 1, quota, failure });
  }

  async #store(plan: SearchPlan, value: CachedLookup, ttl: number): Promise<void> {
    if (ttl > 0) await this.#cache?.set(this.#cacheKey(plan), value, ttl);
  }

  #failure(error: unknown): NonNullable<LookupResult['failure']> {
    if (error instanceof StackExchangeError) return { kind: error.kind, message: error.message };
    return { kind: 'network', message: 'the lookup failed unexpectedly; soet tries again with the next error' };
  }

  async #failed(prepared: PreparedLookup, error: unknown, sent: readonly Search[], quota: ApiQuota | undefined): Promise<LookupResult> {
    const requestSent = !(error instanceof StackExchangeError) || error.sent;
    if (error instanceof StackExchangeError && error.kind === 'throttled' && error.sent) {
      const until = governorFor(this.#settings.apiUrl).blockedUntil;
      await this.#throttleState?.set(this.#throttleKey(), { until }, until - Date.now());
    }
    return this.#result(prepared, 'failed', { failure: this.#failure(error), searches: sent, apiCalls: sent.length + (requestSent ? 1 : 0), quota });
  }

  #result(
    prepared: PreparedLookup,
    status: LookupStatus,
    extra: {
      questions?: readonly FoundQuestion[];
      searches?: readonly Search[];
      failure?: LookupResult['failure'] | undefined;
      quota?: ApiQuota | undefined;
      fromCache?: boolean;
      apiCalls?: number;
    },
  ): LookupResult {
    const { description, plan } = prepared;
    const notices = this.#notices.splice(0);
    return {
      status,
      error: description ? errorOf(description) : null,
      query: plan?.text ?? null,
      searches: extra.searches ?? [],
      questions: extra.questions ?? [],
      hints: prepared.hints,
      site: plan?.site ?? this.#settings.site,
      tags: plan?.tags ?? this.#settings.tags,
      ...(extra.failure ? { failure: extra.failure } : {}),
      ...(extra.quota ? { quota: extra.quota } : {}),
      notices,
      fromCache: extra.fromCache ?? false,
      apiCalls: extra.apiCalls ?? 0,
      fingerprint: plan?.fingerprint ?? null,
    };
  }
}

/** Keeps the process alive until `promise` settles, with one ref'd timer that never fires. */
function keptAliveUntil<T>(promise: Promise<T>): Promise<T> {
  const timer = setInterval(() => undefined, 2 ** 31 - 1);
  return promise.finally(() => clearInterval(timer));
}

/** What the result says about the error: its name, message and code, and its nearest cause. */
function errorOf(description: ErrorDescription): NonNullable<LookupResult['error']> {
  const cause = description.causes?.[0];
  return {
    name: description.name,
    message: description.message,
    ...(description.code ? { code: description.code } : {}),
    ...(cause ? { cause } : {}),
  };
}

const engines = new Map<string, LookupEngine>();
const MAX_ENGINES = 16;
const functionIds = new WeakMap<object, number>();
let lastFunctionId = 0;

/** A stable id for a function option, so equal options find the same engine. */
function idOf(value: unknown): unknown {
  if (value instanceof RegExp) return `${value}`;
  if (typeof value !== 'function') return value;
  let id = functionIds.get(value);
  if (id === undefined) {
    lastFunctionId += 1;
    id = lastFunctionId;
    functionIds.set(value, id);
  }
  return `function#${id}`;
}

/**
 * The engine for these settings, shared so that the cache and coalescing work across callers: the
 * middleware and the error page find the same one, whether or not one of them traces queries.
 */
export function engineFor(settings: LookupSettings): LookupEngine {
  const { apiUrl, site, tags, results, key, timeoutMs, cache, cacheDir, cacheTtl, redact, beforeSearch, onQuery, lookupsPerMinute } = settings;
  const id = JSON.stringify([apiUrl, site, tags, results, key, timeoutMs, cache, cacheDir, cacheTtl, lookupsPerMinute, redact.map(idOf), idOf(beforeSearch)]);
  let engine = engines.get(id);
  if (!engine) {
    if (engines.size >= MAX_ENGINES) engines.delete(engines.keys().next().value ?? '');
    engine = new LookupEngine(settings);
    engines.set(id, engine);
  } else if (onQuery) {
    engine.addQueryListener(onQuery);
  }
  return engine;
}

/** Options of `lookup()`: those of `soet()` that shape a search, and whether it may keep the process alive. */
export type LookupOptions = Omit<SoetOptions, 'enabled' | 'output' | 'repeats'> & {
  /**
   * `true`: the pending lookup never keeps the process alive, as the middleware's never do (for an
   * error handler in a server that shuts down gracefully). Default: `false`, the process is kept alive
   * until the result is in, as a pending `fetch()` would (for a script that awaits it).
   */
  background?: boolean;
};

/**
 * Looks a thrown value up on Stack Exchange and resolves with what was found; never rejects for API
 * faults or for any content the API sends (see `status` and `failure`): responses are read up to
 * 1 MB and every item's shape is checked. Runs whatever DEBUG says: call it where you want a lookup.
 * Throws a TypeError or RangeError at once for invalid options.
 */
export async function lookup(error: unknown, options?: LookupOptions): Promise<LookupResult> {
  const { background = false, ...searchOptions } = options ?? {};
  if (typeof background !== 'boolean') {
    throw new TypeError(`soet: \`background\` must be true or false, received ${inspect(background, { depth: 0 })}. Pass e.g. { background: true }, or leave it out for the default.`);
  }
  const settings = resolveSettings(searchOptions, loadEnv(), true);
  const engine = engineFor(settings);
  return engine.run(engine.prepare(error), settings.timeoutMs * 2, { background });
}
