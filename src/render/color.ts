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

/** The stream facts colour depends on. */
export interface ColorTarget {
  readonly isTTY?: boolean | undefined;
}

/**
 * kleur's rule, applied to soet's own output stream (kleur itself looks at stdout): off for
 * NODE_DISABLE_COLORS, NO_COLOR or TERM=dumb; on for FORCE_COLOR (other than 0); else on for a TTY.
 */
export function colorEnabled(target: ColorTarget | undefined, env: Env): boolean {
  if (env.NODE_DISABLE_COLORS !== undefined || env.NO_COLOR !== undefined || env.TERM === 'dumb') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  return target?.isTTY === true;
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
