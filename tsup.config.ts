// Build: dual ESM + CJS with declarations for the library and the crash hook, whose working parts are one
// CommonJS file loaded on first use; the CLI and the crash hook's lookup worker as executable ESM.
import path from 'node:path';
import { type Options, defineConfig } from 'tsup';

type Plugin = NonNullable<Options['esbuildPlugins']>[number];

/**
 * The entries get the loader that requires dist/core.cjs on first use instead of the one that imports
 * src/core.ts: importing soet or its crash hook then loads only what decides whether soet is on.
 */
const coreOnFirstUse: Plugin = {
  name: 'core-on-first-use',
  setup(build) {
    build.onResolve({ filter: /(?:^|\/)load-core\.js$/ }, (args) => ({
      path: path.join(args.resolveDir, args.path.replace(/\.js$/, '.lazy.ts')),
    }));
  },
};

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
    esbuildPlugins: [coreOnFirstUse],
  },
  {
    // One CommonJS file for both builds of the entries: it is required synchronously (soet() builds its
    // reporter before it returns), which an ES module cannot be on every Node 20.
    entry: { core: 'src/core.ts' },
    format: ['cjs'],
    target: 'node20',
    platform: 'node',
    sourcemap: false,
    splitting: false,
    shims: true,
  },
  {
    // Split: `soet --version` and `--help` load the argument parser, not the lookup behind it.
    entry: { cli: 'src/bin.ts', 'crash-worker': 'src/crash-worker.ts' },
    format: ['esm'],
    target: 'node20',
    platform: 'node',
    splitting: true,
    esbuildOptions(options) {
      options.chunkNames = 'chunks/[name]-[hash]';
    },
    banner: { js: '#!/usr/bin/env node' },
  },
]);
