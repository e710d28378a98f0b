// Keeps soet inside the API's rules: a few requests a second, `backoff` per method, throttle periods.
import { setTimeout as sleep } from 'node:timers/promises';
import { type ApiMethod, MAX_BACKOFF_SECONDS, MAX_THROTTLE_SECONDS, StackExchangeError } from './stackexchange.js';

export interface GovernorSettings {
  /** Request starts allowed in any one second, all methods together. The API bans an IP above 30. */
  readonly perSecond?: number;
  /** Added to every `backoff`, as clients that waited exactly `backoff` were still throttled. */
  readonly backoffMarginMs?: number;
}

/**
 * Decides when the next call may start. One governor serves every lookup against the same API, since
 * the API counts requests per IP, not per lookup.
 */
export class Governor {
  readonly #perSecond: number;
  readonly #marginMs: number;
  /** Start times of the calls in the last second, oldest first. */
  readonly #recentStarts: number[] = [];
  readonly #backoffUntil = new Map<ApiMethod, number>();
  #blockedUntil = 0;

  constructor(settings: GovernorSettings = {}) {
    this.#perSecond = settings.perSecond ?? 5;
    this.#marginMs = settings.backoffMarginMs ?? 1_000;
  }

  /** Epoch ms until which no call at all may start (0 when none is blocked). */
  get blockedUntil(): number {
    return this.#blockedUntil;
  }

  /** Waits until a call to `method` may start, or throws when that would be after `deadline`. */
  async admit(method: ApiMethod, deadline: number): Promise<void> {
    for (;;) {
      const now = Date.now();
      if (this.#blockedUntil > now) {
        const seconds = Math.ceil((this.#blockedUntil - now) / 1000);
        throw new StackExchangeError(
          'throttled',
          `the Stack Exchange API throttled this IP; soet makes no call for another ${seconds} s; set STACKEXCHANGE_KEY (a free Stack Apps key) to raise the daily quota from 300 to 10,000`,
          this.#blockedUntil - now,
          false,
        );
      }
      while (this.#recentStarts.length > 0 && (this.#recentStarts[0] ?? 0) <= now - 1_000) this.#recentStarts.shift();
      const rateWait = this.#recentStarts.length < this.#perSecond ? 0 : (this.#recentStarts[0] ?? now) + 1_000 - now;
      const backoffWait = (this.#backoffUntil.get(method) ?? 0) - now;
      const wait = Math.max(rateWait, backoffWait, 0);
      if (wait === 0) {
        this.#recentStarts.push(now);
        return;
      }
      if (now + wait > deadline) {
        throw new StackExchangeError(
          'backoff',
          `the Stack Exchange API asked soet to wait ${Math.ceil(wait / 1000)} s before its next ${method} call; this lookup was skipped`,
          wait,
          false,
        );
      }
      // An unref'd wait: a waiting lookup never keeps the process alive.
      await sleep(wait, undefined, { ref: false });
    }
  }

  /** Records a response's `backoff` (seconds) for `method`, at most an hour: a larger one is a fault. */
  observe(method: ApiMethod, backoffSeconds: number | undefined): void {
    if (backoffSeconds === undefined || !(backoffSeconds > 0)) return;
    const until = Date.now() + Math.min(backoffSeconds, MAX_BACKOFF_SECONDS) * 1_000 + this.#marginMs;
    this.#backoffUntil.set(method, Math.max(until, this.#backoffUntil.get(method) ?? 0));
  }

  /** Blocks every call for `ms` from now (at most a day), after a throttle_violation. */
  throttle(ms: number): void {
    if (!(ms > 0)) return;
    const until = Date.now() + Math.min(ms, MAX_THROTTLE_SECONDS * 1_000);
    if (until > this.#blockedUntil) this.#blockedUntil = until;
  }

  /**
   * Restores a throttle period remembered from an earlier run, without announcing it again; at
   * most a day from now, whatever the file on disk says.
   */
  restore(until: number): void {
    if (!Number.isFinite(until)) return;
    const clamped = Math.min(until, Date.now() + MAX_THROTTLE_SECONDS * 1_000);
    if (clamped > this.#blockedUntil) this.#blockedUntil = clamped;
  }
}

const governors = new Map<string, Governor>();

/** The governor for an API base URL, shared by every lookup in this process. */
export function governorFor(apiUrl: string): Governor {
  let governor = governors.get(apiUrl);
  if (!governor) {
    governor = new Governor();
    governors.set(apiUrl, governor);
  }
  return governor;
}
