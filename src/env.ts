// Reads soet's environment: process.env over a .env file, and what DEBUG and NODE_ENV decide.
import { join } from 'node:path';
import { dotenv, nodeFs } from './deps.js';

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * The environment soet reads: variables from `cwd`/.env under process.env (what is already set wins).
 * The host's process.env is not changed, a missing or unreadable .env is fine, and nothing is printed.
 */
export function loadEnv(cwd: string = process.cwd(), processEnv: NodeJS.ProcessEnv = process.env): Env {
  let text: Buffer;
  try {
    text = nodeFs().readFileSync(join(cwd, '.env'));
  } catch {
    // No .env (or one soet may not read): the process environment alone decides, and dotenv is not loaded.
    return { ...processEnv };
  }
  let fromFile: Record<string, string> = {};
  try {
    fromFile = dotenv().parse(text);
  } catch {
    // A .env dotenv cannot read: the process environment alone decides.
  }
  return { ...fromFile, ...processEnv };
}

const ON = new Set(['1', 'true', 'yes', 'on']);
const OFF = new Set(['', '0', 'false', 'no', 'off']);

/** What DEBUG turns on: soet itself, and the trace of outgoing queries (`soet:query`). */
export interface DebugFlags {
  readonly soet: boolean;
  readonly query: boolean;
}

function namespaceMatcher(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*?');
  return new RegExp(`^${escaped}$`);
}

/** Whether a debug-module namespace list (`app:*,soet`, `*,-express:*`) enables `name`. */
function listEnables(patterns: readonly string[], name: string): boolean {
  const skips = patterns.filter((p) => p.startsWith('-')).map((p) => namespaceMatcher(p.slice(1)));
  if (skips.some((skip) => skip.test(name))) return false;
  return patterns.filter((p) => !p.startsWith('-')).some((p) => namespaceMatcher(p).test(name));
}

/**
 * Parses DEBUG: on for 1, true, yes, on (any case) or a namespace list that enables `soet`, `soet:*`
 * or `*`; off for unset, empty, 0, false, no, off, and lists naming other namespaces only.
 */
export function parseDebug(value: string | undefined): DebugFlags {
  const trimmed = (value ?? '').trim();
  const lower = trimmed.toLowerCase();
  if (ON.has(lower)) return { soet: true, query: false };
  if (OFF.has(lower)) return { soet: false, query: false };
  const patterns = trimmed.split(/[\s,]+/).filter(Boolean);
  // `-soet` switches soet off whole, even where a wildcard would still match soet:query.
  if (patterns.some((pattern) => pattern.startsWith('-') && namespaceMatcher(pattern.slice(1)).test('soet'))) {
    return { soet: false, query: false };
  }
  const query = listEnables(patterns, 'soet:query');
  const soet = listEnables(patterns, 'soet') || listEnables(patterns, 'soet:') || query;
  return { soet, query };
}

/** True when NODE_ENV says production (any case, surrounding spaces ignored). */
export function isProduction(env: Env): boolean {
  return (env.NODE_ENV ?? '').trim().toLowerCase() === 'production';
}

/**
 * Whether soet is on: `enabled` from code wins; otherwise DEBUG decides, and production is always off.
 */
export function isEnabled(env: Env, enabled: boolean | undefined): boolean {
  if (enabled !== undefined) return enabled;
  return !isProduction(env) && parseDebug(env.DEBUG).soet;
}
