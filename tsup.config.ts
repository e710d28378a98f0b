// Build: dual ESM + CJS with declarations for the library and the crash hook; the CLI and the
// crash hook's lookup worker as executable ESM.
import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: { index: 'src/index.ts', register: 'src/register.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    target: 'node20',
    platform: 'node',
    sourcemap: false,
    clean: true,
    splitting: false,
    shims: true,
  },
  {
    entry: { cli: 'src/bin.ts', 'crash-worker': 'src/crash-worker.ts' },
    format: ['esm'],
    target: 'node20',
    platform: 'node',
    splitting: false,
    banner: { js: '#!/usr/bin/env node' },
  },
]);
