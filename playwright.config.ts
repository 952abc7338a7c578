import { defineConfig } from '@playwright/test';

/** Port of the preview server; override with YM_PREVIEW_PORT to run two suites side by side. */
const previewPort = process.env.YM_PREVIEW_PORT ?? '5175';

/**
 * End-to-end tests. `web`: the built renderer served by `vite preview`, driven in Debian's
 * Chromium (tests/e2e/fixtures.ts launches it). `electron`: the packaged app, skipped with a
 * printed reason where no Electron binary exists.
 */
export default defineConfig({
  timeout: 180_000,
  expect: { timeout: 60_000 },
  // A stuck click fails in a minute instead of holding the run until the test timeout.
  use: { actionTimeout: 60_000 },
  // One retry on CI: the whole suite shares 2 cores, and a flaky spec must not sink a landing;
  // a retried test is still reported as flaky in the log.
  retries: process.env.CI ? 1 : 0,
  workers: 1,
  reporter: [['list']],
  projects: [
    { name: 'web', testDir: 'tests/e2e', testMatch: '*.spec.ts' },
    { name: 'electron', testDir: 'tests/electron', testMatch: '*.spec.ts' },
  ],
  webServer: {
    command: `npx vite preview --config vite.web.config.ts --port ${previewPort}`,
    url: `http://localhost:${previewPort}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
