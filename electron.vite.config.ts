/**
 * electron-vite build for the three Electron targets: main (ESM, Node), preload (one CommonJS
 * file for the sandbox) and renderer (Vue, root renderer/). Outputs go to out/{main,preload,renderer}.
 */
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';

const projectRoot = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: resolve(projectRoot, 'out/main'),
      // Bundle zod and the rest into main so out/ is self-contained; only native DuckDB stays a
      // package (its .node binary cannot be bundled), unpacked from asar by electron.builder.yml.
      externalizeDeps: false,
      rolldownOptions: {
        input: {
          index: resolve(projectRoot, 'electron/main/index.ts'),
          // The engine's utilityProcess entry (issue #12 §1), forked by index.ts as ./engineProcess.js.
          engineProcess: resolve(projectRoot, 'electron/main/engineProcess.ts'),
        },
        external: [/^@duckdb\/node-(api|bindings)/],
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(projectRoot, 'out/preload'),
      // Sandboxed preloads can only require('electron') and a few built-ins, so everything is
      // bundled into a single CommonJS file.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(projectRoot, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: {
    root: resolve(projectRoot, 'renderer'),
    base: './',
    plugins: [vue()],
    resolve: { alias: { '@shared': resolve(projectRoot, 'shared') } },
    worker: { format: 'es' },
    optimizeDeps: { exclude: ['@duckdb/duckdb-wasm'] },
    build: {
      outDir: resolve(projectRoot, 'out/renderer'),
      // Keep .wasm and worker files as separate assets; duckdb-wasm fetches them by URL.
      assetsInlineLimit: 0,
      chunkSizeWarningLimit: 4000,
      rolldownOptions: { input: { index: resolve(projectRoot, 'renderer/index.html') } },
    },
  },
});
