/**
 * Issue #13 findings, in the served mode: a read-only page knows it is read-only (Open, drop, Remove and
 * Remove sample data are off, with a tooltip saying why), and an empty workspace opens empty, offering
 * the sample fab as a button instead of loading it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from './fixtures';
import { OverviewPage } from './overviewPage';
import { startServe, type ServeProcess } from '../../node/serve/serveProcess';
import { copySampleWorkspace } from '../support/sampleWorkspace';
import { sampleFigures } from '../support/sampleTruth';

const servers: ServeProcess[] = [];
const folders: string[] = [];

/** Start `yield-monitor serve` on a folder (the shared served startup); resolves to the printed URL. */
async function serve(folder: string, port: string, allowImport = false): Promise<string> {
  const served = await startServe(folder, { port, allowImport });
  servers.push(served);
  return served.url;
}

test.afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

test('a read-only served page turns import and remove controls off and says why', async ({ page }) => {
  test.setTimeout(300_000);
  const folder = copySampleWorkspace();
  folders.push(folder);
  await page.goto(await serve(folder, process.env.YM_SERVED_RO_PORT ?? '0'));
  const overview = new OverviewPage(page);
  await overview.waitReady();
  const reason = /served read-only.*--allow-import/;
  await expect(page.getByTestId('open-files')).toBeDisabled();
  expect(await page.getByTestId('open-files').getAttribute('title')).toMatch(reason);
  await expect(page.getByTestId('remove-sample')).toBeDisabled();
  expect(await page.getByTestId('remove-sample').getAttribute('title')).toMatch(reason);
  await page.getByTestId('import-list').locator('summary').click();
  const removes = page.getByTestId('import-remove');
  expect(await removes.count()).toBeGreaterThan(0);
  for (const button of await removes.all()) {
    await expect(button).toBeDisabled();
    expect(await button.getAttribute('title')).toMatch(reason);
  }
  await overview.dropFiles([{ name: 'RO.csv', content: 'lot,wafer,x,y,hard_bin\nRO,1,0,0,1\n' }]);
  await expect(overview.importLog).toContainText(reason);
  await page.getByTestId('import-panel').scrollIntoViewIfNeeded();
  await overview.screenshot('served-read-only-en');
  await overview.language.selectOption('vi');
  expect(await page.getByTestId('open-files').getAttribute('title')).toContain('chỉ đọc');
  await expect(overview.importLog).toContainText('chỉ đọc');
  await overview.screenshot('served-read-only-vi');
});

test('an empty workspace opens empty and offers the sample as a button', async ({ page }) => {
  test.setTimeout(420_000);
  const folder = mkdtempSync(join(tmpdir(), 'ym-empty-workspace-'));
  folders.push(folder);
  await page.goto(await serve(folder, process.env.YM_SERVED_EMPTY_PORT ?? '0', true));
  const overview = new OverviewPage(page);
  await expect(page.getByTestId('sample-offer')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('load-sample')).toBeEnabled();
  await expect(page.getByTestId('sample-notice')).toHaveCount(0);
  expect(await overview.numberIn(overview.lots)).toBe(0);
  await overview.screenshot('empty-workspace-offer-en');
  // The sample comes in only when asked for, and is then labelled as sample data.
  await page.getByTestId('load-sample').click();
  await expect(page.getByTestId('sample-notice')).toBeVisible({ timeout: 240_000 });
  await expect(page.getByTestId('sample-offer')).toHaveCount(0);
  await expect.poll(() => overview.numberIn(overview.lots), { timeout: 120_000 }).toBe(sampleFigures().lots);
  await overview.screenshot('empty-workspace-sample-loaded-en');
});
