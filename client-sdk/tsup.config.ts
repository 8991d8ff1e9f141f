import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // The library: runs in Node (ESM and CommonJS) and in browsers, so the entry
    // imports nothing from node:*; tsconfig.json leaves out Node's types to keep it so.
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    platform: 'neutral',
    tsconfig: 'tsconfig.json',
  },
  {
    // The command line is Node only and bundles the library code it uses.
    entry: { cli: 'src/cli/main.ts' },
    format: ['cjs'],
    sourcemap: true,
    target: 'node20',
    platform: 'node',
    tsconfig: 'tsconfig.cli.json',
  },
]);
