import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

/** The renderer alone, served to a plain browser (`npm run web`); the same code Electron loads. */
export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: './',
  plugins: [vue()],
  resolve: { alias: { '@shared': fileURLToPath(new URL('./shared', import.meta.url)) } },
  optimizeDeps: { exclude: ['@duckdb/duckdb-wasm'] },
  worker: { format: 'es' },
  server: { port: 5174, strictPort: true, fs: { allow: [fileURLToPath(new URL('.', import.meta.url))] } },
  preview: { port: 5175, strictPort: true },
  build: { outDir: process.env.YM_WEB_OUT ?? fileURLToPath(new URL('./dist-web', import.meta.url)), emptyOutDir: true, chunkSizeWarningLimit: 4000, assetsInlineLimit: 0 },
});
