// Hands the doors soet's working parts. From the sources (tests, tsx) they are imported as usual; the
// build swaps this module for load-core.lazy.ts, which loads them on the first call (see tsup.config.ts).
import * as core from './core.js';

export type Core = typeof core;

/** soet's working parts: here, already imported with this module. */
export function loadCore(): Core {
  return core;
}
