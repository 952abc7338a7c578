import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, chromium, type BrowserContext, type Page } from '@playwright/test';

/** Where specs save screenshots for people to look at. */
export const screenshotDir = join(process.cwd(), 'tests', 'screenshots');

/** The app's URL under `vite preview`. */
export const appUrl = `http://localhost:${process.env.YM_PREVIEW_PORT ?? '5175'}/`;

const chromiumArgs = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic',
];

/** Debian's Chromium with a fresh profile per test (so OPFS starts empty) that a test may reopen. */
export const test = base.extend<{ profileDir: string; context: BrowserContext; page: Page; reopen: () => Promise<Page> }>({
  profileDir: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'ym-profile-'));
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
  context: async ({ profileDir }, use) => {
    const context = await chromium.launchPersistentContext(profileDir, {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: chromiumArgs,
      viewport: { width: 1440, height: 900 },
    });
    await use(context);
    await context.close();
  },
  page: async ({ context }, use) => {
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (error) => console.log(`page error: ${error.message}`));
    await use(page);
  },
  reopen: async ({ context }, use) => {
    await use(async () => {
      const page = await context.newPage();
      await page.goto(appUrl);
      return page;
    });
  },
});

export { expect } from '@playwright/test';
