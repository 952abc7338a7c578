/**
 * Data the user controls (issue #13 §4), on the desktop engine path: `yield-monitor serve --allow-import`
 * on a copy of the sample workspace, driven in Chromium. Two small die CSVs are imported, one is removed
 * from the import list after a confirm naming it, then the sample data goes in one click: the overview's
 * die count follows an independent count of what each file holds. Screenshots in English and Vietnamese.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { test, expect, screenshotDir } from './fixtures';
import { OverviewPage } from './overviewPage';
import { serveSampleWorkspace } from './servedWorkspace';
import { sampleFigures } from '../support/sampleTruth';

/** A die CSV of one lot: `wafers` wafers of a `side` x `side` grid, every seventh die failing with bin 7. */
function dieCsv(lot: string, wafers: number, side: number): { content: string; dies: number; good: number } {
  const lines = ['lot,wafer,x,y,hard_bin'];
  let good = 0;
  for (let wafer = 1; wafer <= wafers; wafer++) {
    for (let x = 0; x < side; x++) {
      for (let y = 0; y < side; y++) {
        const fails = (wafer * 31 + x * side + y) % 7 === 0;
        if (!fails) good++;
        lines.push(`${lot},${wafer},${x},${y},${fails ? 7 : 1}`);
      }
    }
  }
  return { content: `${lines.join('\n')}\n`, dies: wafers * side * side, good };
}

/** The import list and the sample-data notice: locators in one place, user actions as methods. */
class ImportListPage {
  readonly list: Locator;
  readonly sampleNotice: Locator;
  readonly panel: Locator;

  constructor(readonly page: Page) {
    this.list = page.getByTestId('import-list');
    this.sampleNotice = page.getByTestId('sample-notice');
    this.panel = page.getByTestId('import-panel');
  }

  row(fileName: string): Locator {
    return this.page.locator(`[data-testid=import-list-row][data-file="${fileName}"]`);
  }

  async expand(): Promise<void> {
    if ((await this.list.getAttribute('open')) === null) await this.list.locator('summary').click();
  }

  /** Ask to remove a file; returns the confirm it shows. */
  async askRemove(fileName: string): Promise<Locator> {
    await this.expand();
    await this.row(fileName).getByTestId('import-remove').click();
    return this.row(fileName).getByTestId('import-remove-confirm');
  }

  async screenshot(name: string): Promise<void> {
    mkdirSync(screenshotDir, { recursive: true });
    await this.panel.screenshot({ path: join(screenshotDir, `${name}.png`) });
  }
}

const served = serveSampleWorkspace({ allowImport: true });

test('a removed file and the removed sample data leave the overview counting only what remains', async ({ page }) => {
  const truth = sampleFigures();
  const kept = dieCsv('RMV-KEEP', 2, 8);
  const wrong = dieCsv('RMV-WRONG', 1, 9);
  await page.goto(served.url);
  const overview = new OverviewPage(page);
  const imports = new ImportListPage(page);
  await overview.waitReady();
  expect(await overview.numberIn(overview.dies)).toBe(truth.dies);
  // Opening another workspace folder is a desktop feature: here the action says so and does nothing.
  const openFolder = page.getByTestId('open-workspace-folder');
  await expect(openFolder).toBeDisabled();
  await expect(openFolder).toHaveAttribute('title', 'Only the desktop app can open another workspace folder');
  // The sample is labelled as such, in the notice and on each of its imports.
  await expect(imports.sampleNotice).toBeVisible();
  await imports.expand();
  const sampleCount = await page.getByTestId('sample-badge').count();
  expect(sampleCount).toBeGreaterThan(1);
  expect(sampleCount).toBe(await page.getByTestId('import-list-row').count());

  await overview.dropFiles([{ name: 'RMV-KEEP.csv', content: kept.content }, { name: 'RMV-WRONG.csv', content: wrong.content }]);
  await expect(imports.row('RMV-WRONG.csv')).toBeVisible();
  await expect(overview.dies).toHaveText((truth.dies + kept.dies + wrong.dies).toLocaleString('en-US'));
  await expect(imports.row('RMV-KEEP.csv').getByTestId('sample-badge')).toHaveCount(0);

  // Remove the wrong file: the confirm names it and its rows; Keep leaves everything as it was.
  let confirm = await imports.askRemove('RMV-WRONG.csv');
  await expect(confirm).toContainText('RMV-WRONG.csv');
  await expect(confirm).toContainText(`${wrong.dies} rows`);
  await confirm.getByTestId('import-remove-no').click();
  await expect(imports.row('RMV-WRONG.csv')).toBeVisible();
  confirm = await imports.askRemove('RMV-WRONG.csv');
  await imports.screenshot('import-remove-confirm-en');
  await confirm.getByTestId('import-remove-yes').click();
  await expect(imports.row('RMV-WRONG.csv')).toHaveCount(0);
  await expect(overview.dies).toHaveText((truth.dies + kept.dies).toLocaleString('en-US'));
  await expect(overview.lotRow('RMV-WRONG')).toHaveCount(0);
  await expect(overview.importLog).toContainText(`RMV-WRONG.csv removed (${wrong.dies} rows)`);

  // Remove the sample data in Vietnamese: one confirm, then only the user's file counts.
  await overview.language.selectOption('vi');
  await page.getByTestId('remove-sample').click();
  await expect(page.getByTestId('remove-sample-confirm')).toContainText(`${sampleCount} lần nhập mẫu`);
  await imports.screenshot('import-remove-sample-vi');
  await page.getByTestId('remove-sample-yes').click();
  await expect(imports.sampleNotice).toHaveCount(0);
  await expect(overview.dies).toHaveText(String(kept.dies));
  expect(await overview.numberIn(overview.lots)).toBe(1);
  await expect(overview.lotRow('RMV-KEEP').getByTestId('lot-yield')).toHaveText(`${((kept.good / kept.dies) * 100).toFixed(1).replace('.', ',')}%`);
  await imports.expand();
  await expect(page.getByTestId('import-list-row')).toHaveCount(1);
  await imports.screenshot('import-list-after-vi');
  await overview.language.selectOption('en');
});
