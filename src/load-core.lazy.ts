// The built doors' loader of soet's working parts: dist/core.cjs, required on the first call, so that
// importing soet with soet off loads only what decides that it is off.
import { createRequire } from 'node:module';
import type { Core } from './load-core.js';

let core: Core | undefined;

/**
 * soet's working parts, loaded synchronously (soet() builds its reporter before it returns). One
 * CommonJS file serves the ESM and the CommonJS build alike, so both share one set of lookups,
 * caches and quota, as a single build would.
 */
export function loadCore(): Core {
  core ??= createRequire(import.meta.url)('./core.cjs') as Core;
  return core;
}
