// Decides colour once per stream, as kleur does, and paints through kleur only when it is on.
import * as kleur from 'kleur/colors';
import type { Env } from '../env.js';

/** What soet paints: one function per role, identity when colour is off. */
export interface Palette {
  readonly enabled: boolean;
  readonly brand: (text: string) => string;
  readonly heading: (text: string) => string;
  readonly title: (text: string) => string;
  readonly meta: (text: string) => string;
  readonly accepted: (text: string) => string;
  readonly code: (text: string) => string;
  readonly link: (text: string) => string;
  readonly strong: (text: string) => string;
  readonly emphasis: (text: string) => string;
  readonly warning: (text: string) => string;
  readonly dim: (text: string) => string;
}

/** The stream facts colour depends on (a tty.WriteStream has them all). */
export interface ColorTarget {
  readonly isTTY?: boolean | undefined;
  /** Node's own judgement of a terminal (tty.WriteStream#hasColors), from TERM, COLORTERM, CI and the like. */
  readonly hasColors?: ((count?: number, env?: object) => boolean) | undefined;
}

/** FORCE_COLOR values that turn colour on, as Node reads them ('' and true mean 16 colours). */
const FORCE_ON = new Set(['', '1', '2', '3', 'true']);

/**
 * Whether soet paints its output for `target`, decided in this order (the first that applies wins):
 * 1. NO_COLOR set to anything but '' turns colour off (no-color.org: an empty value is as if unset);
 * 2. FORCE_COLOR: '1', '2', '3', 'true' or '' turn it on; '0', 'false' or any other value off (as Node);
 * 3. NODE_DISABLE_COLORS (Node's own switch) or TERM=dumb turn it off;
 * 4. a stream that is not a terminal (a pipe, a file) gets none;
 * 5. a terminal gets colour when Node's `hasColors()` says it can show it.
 * NO_COLOR comes first, as in kleur and no-color.org; Node itself lets FORCE_COLOR win over it.
 */
export function colorEnabled(target: ColorTarget | undefined, env: Env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return FORCE_ON.has(env.FORCE_COLOR);
  if (env.NODE_DISABLE_COLORS !== undefined || env.TERM === 'dumb') return false;
  if (target?.isTTY !== true) return false;
  if (typeof target.hasColors !== 'function') return true;
  // Node reads NO_COLOR='' as set; here it was found empty, so it goes.
  const { NO_COLOR: _empty, ...terminalEnv } = env;
  try {
    return target.hasColors(16, terminalEnv);
  } catch {
    return false;
  }
}

const identity = (text: string): string => text;

function paint(enabled: boolean, ...styles: ((text: string) => string)[]): (text: string) => string {
  if (!enabled) return identity;
  // kleur checks its global `$.enabled` (decided from stdout) on every call; soet decided for its
  // own stream, so it switches kleur on just for the call and puts the setting back at once.
  return (text) => {
    const previous = kleur.$.enabled;
    kleur.$.enabled = true;
    try {
      return styles.reduceRight((painted, style) => style(painted), text);
    } finally {
      kleur.$.enabled = previous;
    }
  };
}

export function palette(enabled: boolean): Palette {
  return {
    enabled,
    brand: paint(enabled, kleur.bold, kleur.magenta),
    heading: paint(enabled, kleur.bold),
    title: paint(enabled, kleur.bold, kleur.cyan),
    meta: paint(enabled, kleur.dim),
    accepted: paint(enabled, kleur.green),
    code: paint(enabled, kleur.yellow),
    link: paint(enabled, kleur.underline, kleur.blue),
    strong: paint(enabled, kleur.bold),
    emphasis: paint(enabled, kleur.italic),
    warning: paint(enabled, kleur.yellow),
    dim: paint(enabled, kleur.dim),
  };
}
