// soet's options: their types and docs, and their resolution (code, then environment, then default).
import { inspect } from 'node:util';
import { defaultCacheDir } from './cache-dir.js';
import { type Env, isEnabled, loadEnv, parseDebug } from './env.js';
import type { RedactRule } from './redact.js';

/** Where soet writes: anything with `write(string)`; `isTTY` and `columns` are used when present. */
export interface OutputStream {
  write(chunk: string): unknown;
  readonly isTTY?: boolean | undefined;
  readonly columns?: number | undefined;
}

/** How a known error that happens again is reported. */
export type RepeatMode = 'summary' | 'full' | 'silent';

/** Options of `soet()`; each has an environment variable, and the option wins over it. */
export interface SoetOptions {
  /** Turn soet on or off. Env: `DEBUG` (1, true, yes, on, or a list naming `soet`). Default: off, and always off when NODE_ENV=production unless `true` is passed here. */
  enabled?: boolean;
  /** Base URL of the Stack Exchange API. Env: `SOET_API_URL`. Default: `https://api.stackexchange.com/2.3`. */
  apiUrl?: string;
  /** Stack Exchange site to search. Env: `SOET_SITE`. Default: `stackoverflow`. */
  site?: string;
  /** Extra tags, added to `node.js` and `javascript`. Env: `SOET_TAGS` (comma list). Default: none. */
  tags?: readonly string[] | string;
  /** Questions shown per error, 1 to 10. Env: `SOET_RESULTS`. Default: 3. */
  results?: number;
  /** Stack Apps key: raises the daily quota from 300 to 10,000 requests. Never printed. Env: `STACKEXCHANGE_KEY`. */
  key?: string;
  /** Timeout of each API request in ms, 100 to 60,000. Env: `SOET_TIMEOUT_MS`. Default: 5000. */
  timeoutMs?: number;
  /** Where the answers are printed. Default: `process.stderr`. */
  output?: OutputStream;
  /** Extra redaction, after the built-in rules: patterns whose matches are removed, or functions that rewrite the text. Default: none. */
  redact?: RedactRule | readonly RedactRule[];
  /** Sees every outgoing query, already free of search syntax: return a rewritten query (cleaned of search syntax again), or `false` to skip that search (`false` for the first sends nothing). Called for each planned search (also to recognise repeats), so keep it free of side effects. Default: none. */
  beforeSearch?: (query: string) => string | false;
  /** Cache answers in memory and on disk. Env: `SOET_CACHE` (`off` to turn off). Default: `true`. */
  cache?: boolean;
  /** Folder of the disk cache. Env: `SOET_CACHE_DIR`. Default: `node_modules/.cache/soet`, else the OS cache folder. */
  cacheDir?: string;
  /** How long answers are kept, in ms ("no results" at most a day). Env: `SOET_CACHE_TTL` (ms, or 30m, 12h, 7d). Default: 7 days. */
  cacheTtl?: number;
  /** A known error seen again: `summary` (one batched line), `full` (the whole block again) or `silent`. Env: `SOET_REPEATS`. Default: `summary`. */
  repeats?: RepeatMode;
  /**
   * New lookups (errors the cache cannot answer) a minute in this process, 1 to 1000; half a minute's
   * worth may start at once. Beyond it errors are still counted and cached answers still printed, and
   * one line says lookups are paused and until when. Apart from this, soet never spends the last 10% of
   * the day's API quota. The CLI's one-shot lookups (asked for by hand) skip this rate, not the reserve.
   * Env: `SOET_LOOKUPS_PER_MINUTE`. Default: 10.
   */
  lookupsPerMinute?: number;
}

/** Options after resolution: every value checked and defaulted. */
export interface Settings {
  readonly enabled: boolean;
  readonly apiUrl: string;
  readonly site: string;
  readonly tags: readonly string[];
  readonly results: number;
  readonly key: string | undefined;
  readonly timeoutMs: number;
  readonly output: OutputStream;
  readonly redact: readonly RedactRule[];
  readonly beforeSearch: ((query: string) => string | false) | undefined;
  /** False turns every cache off, in memory and on disk. */
  readonly cache: boolean;
  /** Folder of the disk cache; null when the cache is off. */
  readonly cacheDir: string | null;
  readonly cacheTtl: number;
  readonly repeats: RepeatMode;
  readonly lookupsPerMinute: number;
  /** DEBUG names `soet:query`: print each outgoing query locally. */
  readonly traceQueries: boolean;
  readonly env: Env;
}

const DEFAULT_API_URL = 'https://api.stackexchange.com/2.3';
/** The output of settings that leave soet off. */
const NOWHERE: OutputStream = { write: () => true };
export const BASE_TAGS = ['node.js', 'javascript'] as const;
const DAY = 24 * 60 * 60 * 1000;
export const OPTION_NAMES = [
  'enabled', 'apiUrl', 'site', 'tags', 'results', 'key', 'timeoutMs', 'output', 'redact',
  'beforeSearch', 'cache', 'cacheDir', 'cacheTtl', 'repeats', 'lookupsPerMinute',
] as const satisfies readonly (keyof SoetOptions)[];

export function show(value: unknown): string {
  return inspect(value, { depth: 0, breakLength: Infinity, maxStringLength: 60, maxArrayLength: 5 });
}

/** Edit distance, for "Did you mean" on misspelt option names. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    let previous = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const current = row[j] ?? 0;
      row[j] = Math.min(current + 1, (row[j - 1] ?? 0) + 1, previous + (a[i - 1]?.toLowerCase() === b[j - 1]?.toLowerCase() ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length] ?? 0;
}

function suggestion(name: string, names: readonly string[]): string {
  const best = [...names].sort((x, y) => distance(name, x) - distance(name, y))[0];
  const close = best !== undefined && (distance(name, best) <= 3 || best.toLowerCase().includes(name.toLowerCase()));
  return close ? ` Did you mean \`${best}\`?` : '';
}

/** Where a value came from, for error messages: an option in code or an environment variable. */
export interface Source {
  readonly option: string;
  readonly envName?: string;
  readonly fromEnv: boolean;
}

export function fail(kind: 'type' | 'range', source: Source, received: unknown, expected: string, example: string): never {
  const fix = source.fromEnv
    ? `Fix or unset ${source.envName} (in the environment or .env).`
    : `Pass e.g. { ${source.option}: ${example} }, or leave it out for the default.`;
  const subject = source.fromEnv ? `${source.envName}` : `\`${source.option}\``;
  const message = `soet: ${subject} must be ${expected}, received ${show(received)}. ${fix}`;
  throw kind === 'type' ? new TypeError(message) : new RangeError(message);
}

/** The value from code if given, else from its environment variable (parsed by `fromEnv`), else undefined. */
export function pick<T, O extends object>(
  options: O,
  option: keyof O & string,
  env: Env,
  envName: string | undefined,
  check: (value: unknown, source: Source) => T,
): T | undefined {
  const value = options[option];
  if (value !== undefined) return check(value, { option, fromEnv: false });
  if (envName === undefined) return undefined;
  const raw = env[envName]?.trim();
  return raw ? check(raw, { option, envName, fromEnv: true }) : undefined;
}

function integerIn(min: number, max: number, example: number) {
  return (value: unknown, source: Source): number => {
    const number = typeof value === 'string' && source.fromEnv && /^-?\d+$/.test(value) ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isInteger(number)) {
      fail(source.fromEnv ? 'range' : 'type', source, value, `an integer from ${min} to ${max}`, String(example));
    }
    if (number < min || number > max) fail('range', source, value, `an integer from ${min} to ${max}`, String(example));
    return number;
  };
}

export function booleanFlag(value: unknown, source: Source): boolean {
  if (typeof value === 'boolean') return value;
  if (source.fromEnv && typeof value === 'string') {
    const lower = value.toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(lower)) return true;
    if (['0', 'false', 'no', 'off'].includes(lower)) return false;
    fail('range', source, value, 'on or off', 'true');
  }
  return fail('type', source, value, 'a boolean', 'true');
}

function httpUrl(value: unknown, source: Source): string {
  if (typeof value !== 'string') fail('type', source, value, 'an http or https URL', `'${DEFAULT_API_URL}'`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail('type', source, value, 'an http or https URL', `'${DEFAULT_API_URL}'`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    fail('type', source, value, 'an http or https URL', `'${DEFAULT_API_URL}'`);
  }
  return url.href.replace(/\/+$/, '');
}

function siteName(value: unknown, source: Source): string {
  if (typeof value !== 'string' || !/^[a-z][a-z0-9.-]{1,62}$/.test(value)) {
    fail('type', source, value, 'a Stack Exchange site name such as stackoverflow or superuser', `'stackoverflow'`);
  }
  return value;
}

const TAG = /^[a-z0-9][a-z0-9+#.-]{0,34}$/;

function tagList(value: unknown, source: Source): string[] {
  const list = typeof value === 'string' ? value.split(',').map((tag) => tag.trim()).filter(Boolean) : value;
  if (!Array.isArray(list) || !list.every((tag): tag is string => typeof tag === 'string' && TAG.test(tag))) {
    fail('type', source, value, 'a list of Stack Overflow tags (lowercase, e.g. express, mongoose)', `['express']`);
  }
  return list;
}

function apiKey(value: unknown, source: Source): string {
  if (typeof value !== 'string' || !/^\S{1,200}$/.test(value)) {
    // The key is never echoed back: say only what kind of value it was.
    const received = typeof value === 'string' ? 'a string with spaces or of the wrong length' : typeof value;
    const message = `soet: ${source.fromEnv ? source.envName : '`key`'} must be a Stack Apps key (one word), received ${received}. ${source.fromEnv ? `Fix or unset ${source.envName}.` : 'Pass the key from stackapps.com, or leave it out.'}`;
    throw new TypeError(message);
  }
  return value;
}

function outputStream(value: unknown, source: Source): OutputStream {
  if (typeof value !== 'object' || value === null || typeof (value as OutputStream).write !== 'function') {
    fail('type', source, value, 'a writable stream (an object with a write method)', 'process.stdout');
  }
  return value as OutputStream;
}

function redactRules(value: unknown, source: Source): RedactRule[] {
  const list = Array.isArray(value) ? value : [value];
  if (!list.every((rule) => rule instanceof RegExp || typeof rule === 'function')) {
    fail('type', source, value, 'a RegExp, a function (text) => text, or an array of them', '[/ACME-\\d+/]');
  }
  return list as RedactRule[];
}

function callback(value: unknown, source: Source): (query: string) => string | false {
  if (typeof value !== 'function') fail('type', source, value, 'a function (query) => string | false', '(q) => q');
  return value as (query: string) => string | false;
}

function nonEmptyPath(value: unknown, source: Source): string {
  if (typeof value !== 'string' || value.trim() === '') fail('type', source, value, 'a folder path', `'.cache/soet'`);
  return value;
}

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: DAY };

function duration(value: unknown, source: Source): number {
  const match = typeof value === 'string' && source.fromEnv ? /^(\d+)\s*(ms|s|m|h|d)?$/.exec(value) : null;
  const ms = match ? Number(match[1]) * (UNIT_MS[match[2] ?? 'ms'] ?? 1) : value;
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
    fail(typeof ms === 'number' ? 'range' : 'type', source, value, 'a duration in ms, 0 or more (env also takes 30m, 12h, 7d)', String(7 * DAY));
  }
  return ms;
}

function repeatMode(value: unknown, source: Source): RepeatMode {
  if (value !== 'summary' && value !== 'full' && value !== 'silent') {
    fail('type', source, value, `one of 'summary', 'full', 'silent'`, `'summary'`);
  }
  return value;
}

function checkNames(options: object, names: readonly string[]): void {
  for (const name of Object.keys(options)) {
    if (!names.includes(name)) {
      throw new TypeError(`soet: unknown option \`${name}\`.${suggestion(name, names)} Known options: ${names.join(', ')}.`);
    }
  }
}

/** Checks the options object itself: undefined or a plain object with known names only. */
export function checkOptions<O extends object>(options: unknown, names: readonly string[] = OPTION_NAMES, call = 'soet({ results: 3 })'): O {
  if (options === undefined) return {} as O;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    const factory = call.slice(0, call.indexOf('('));
    throw new TypeError(`soet: options must be an object, received ${show(options)}. Call ${factory}() or ${call}.`);
  }
  checkNames(options, names);
  return options as O;
}

/**
 * Resolves options once: checks every given option (a wrong one throws a TypeError or RangeError
 * naming it), then, when soet is on, reads each missing one from the environment (and .env).
 */
export function resolveSettings(input: unknown, env: Env = loadEnv(), alwaysOn = false): Settings {
  const options = checkOptions<SoetOptions>(input);
  const enabledOption = pick(options, 'enabled', env, undefined, booleanFlag);
  const enabled = alwaysOn || isEnabled(env, enabledOption);
  // Check what the code passed even when off: a typo should fail in development, not later.
  const fromCode = (key: keyof SoetOptions, check: (value: unknown, source: Source) => unknown) =>
    options[key] === undefined ? undefined : check(options[key], { option: key, fromEnv: false });
  const readEnv: Env = enabled ? env : {};
  for (const [key, check] of [['output', outputStream], ['redact', redactRules], ['beforeSearch', callback]] as const) {
    fromCode(key, check);
  }

  const tags = pick(options, 'tags', readEnv, 'SOET_TAGS', tagList) ?? [];
  const cache = pick(options, 'cache', readEnv, 'SOET_CACHE', booleanFlag) ?? true;
  const cacheDir = pick(options, 'cacheDir', readEnv, 'SOET_CACHE_DIR', nonEmptyPath);
  const beforeSearch = pick(options, 'beforeSearch', readEnv, undefined, callback);
  return {
    enabled,
    apiUrl: pick(options, 'apiUrl', readEnv, 'SOET_API_URL', httpUrl) ?? DEFAULT_API_URL,
    site: pick(options, 'site', readEnv, 'SOET_SITE', siteName) ?? 'stackoverflow',
    tags: [...new Set([...BASE_TAGS, ...tags])],
    results: pick(options, 'results', readEnv, 'SOET_RESULTS', integerIn(1, 10, 3)) ?? 3,
    key: pick(options, 'key', readEnv, 'STACKEXCHANGE_KEY', apiKey),
    timeoutMs: pick(options, 'timeoutMs', readEnv, 'SOET_TIMEOUT_MS', integerIn(100, 60_000, 5000)) ?? 5000,
    // process.stderr is made on first use (for a terminal or a pipe, by loading tty and net): an off soet never prints.
    output: pick(options, 'output', readEnv, undefined, outputStream) ?? (enabled ? process.stderr : NOWHERE),
    redact: pick(options, 'redact', readEnv, undefined, redactRules) ?? [],
    beforeSearch,
    cache,
    cacheDir: cache && enabled ? (cacheDir ?? defaultCacheDir()) : null,
    cacheTtl: pick(options, 'cacheTtl', readEnv, 'SOET_CACHE_TTL', duration) ?? 7 * DAY,
    repeats: pick(options, 'repeats', readEnv, 'SOET_REPEATS', repeatMode) ?? 'summary',
    lookupsPerMinute: pick(options, 'lookupsPerMinute', readEnv, 'SOET_LOOKUPS_PER_MINUTE', integerIn(1, 1000, 10)) ?? 10,
    traceQueries: enabled && parseDebug(env.DEBUG).query,
    env,
  };
}
