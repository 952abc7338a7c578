import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Single-file components compile as in the app, so renderer tests can render them (server-side, no DOM).
  plugins: [vue()],
  // Renderer modules name shared/ as @shared (as vite does), so tests can import them too.
  resolve: { alias: { '@shared': fileURLToPath(new URL('./shared', import.meta.url)) } },
  test: {
    include: ['tests/**/*.test.ts'],
    // The corpus and reference cases live beside the clone (../shared): stop at once, saying so, when they are not there.
    globalSetup: ['tests/support/sharedFolder.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest's default (cores - 1) ran the suite in one process on the 2-core CI machine: 20.5 min; two processes 14.3 min.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
