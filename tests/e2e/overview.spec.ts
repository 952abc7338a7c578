import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from './fixtures';
import { OverviewPage } from './overviewPage';
import { sampleFigures } from '../support/sampleTruth';

const truth = sampleFigures();

function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

test('first start shows the sample fab with KPIs equal to an independent count of its CSV files', async ({ page }) => {
  const overview = new OverviewPage(page);
  await overview.open();
  expect(await overview.numberIn(overview.lots)).toBe(truth.lots);
  expect(await overview.numberIn(overview.wafers)).toBe(truth.wafers);
  expect(await overview.numberIn(overview.dies)).toBe(truth.dies);
  // Several products: one yield per product, never a pooled figure (issue #13 §2).
  for (const [product, productYield] of truth.productYield) {
    await expect(page.locator(`[data-testid=kpi-product-yield][data-product="${product}"]`)).toContainText(percent(productYield));
  }
  await expect(page.getByTestId('kpi-mix-adjusted')).toBeVisible();
  await expect(overview.lotRows.first()).toBeVisible();
  await expect(page.getByTestId('yield-trend-chart').locator('canvas').first()).toBeVisible();
  await overview.screenshot('overview-sample-en');

  const [lot, lotYield] = [...truth.lotYield].sort(([a], [b]) => a.localeCompare(b))[0]!;
  await overview.filterLots(lot);
  await expect(overview.lotRows).toHaveCount(1);
  await expect(overview.lotRow(lot).getByTestId('lot-yield')).toHaveText(percent(lotYield));
  await overview.lotRow(lot).click();
  await expect(overview.lotWafers).toBeVisible();
  await expect(overview.lotWafers.getByTestId('wafer-row').first()).toBeVisible();
  await overview.screenshot('overview-lot-wafers');
});

test('imports CSV by file dialog and by drag-and-drop, and keeps it after a reload', async ({ page, reopen }) => {
  const overview = new OverviewPage(page);
  await overview.open();
  const folder = mkdtempSync(join(tmpdir(), 'ym-csv-'));
  const dialogFile = join(folder, 'E2E-DIALOG.csv');
  const rows = ['lot,wafer,x,y,hard_bin,soft_bin,site,tested_at,t100_vdd'];
  for (let x = 0; x < 40; x++) rows.push(`E2E-DIALOG,1,${x},0,${x % 4 === 0 ? 5 : 1},${x % 4 === 0 ? 5 : 1},1,2026-11-20T08:00:00Z,${(1 + x / 100).toFixed(3)}`);
  writeFileSync(dialogFile, rows.join('\n'));
  await overview.importWithDialog([dialogFile]);
  await expect(overview.importLog).toContainText('E2E-DIALOG.csv: 40 rows imported');
  await expect(overview.lotRow('E2E-DIALOG').getByTestId('lot-yield')).toHaveText('75.0%');

  const dropped = ['LOT,WAFER_ID,X_COORD,Y_COORD,HBIN', 'E2E-DROP,3,0,0,1', 'E2E-DROP,3,1,0,7', 'E2E-DROP,3,0,0,7'].join('\n');
  await overview.dropFiles([{ name: 'E2E-DROP.csv', content: dropped }]);
  await expect(overview.importLog).toContainText('E2E-DROP.csv: 3 rows imported');
  // Die (0,0) was retested: its last insertion (bin 7) wins, so no die passes.
  await expect(overview.lotRow('E2E-DROP').getByTestId('lot-yield')).toHaveText('0.0%');
  await overview.screenshot('overview-after-import');

  await overview.importWithDialog([dialogFile]);
  await expect(overview.importLog).toContainText('E2E-DIALOG.csv: already imported');

  const reloaded = new OverviewPage(await reopen());
  await reloaded.waitReady();
  expect(await reloaded.numberIn(reloaded.lots)).toBe(truth.lots + 2);
  await expect(reloaded.lotRow('E2E-DIALOG').getByTestId('lot-yield')).toHaveText('75.0%');
});

test('a bad CSV is rejected with its file and line, and the data already imported stays', async ({ page }) => {
  const overview = new OverviewPage(page);
  await overview.open();
  await overview.dropFiles([{ name: 'broken.csv', content: 'lot,wafer,x,y,hard_bin\nB1,1,0,0,1\nB1,1,two,0,1\n' }]);
  await expect(overview.importLog).toContainText(/broken\.csv:3:3: x "two" is not a whole number \(expected an integer\); nothing imported/);
  expect(await overview.numberIn(overview.lots)).toBe(truth.lots);
  // The refusal reads in Vietnamese once the user switches (issue #13 §5).
  await overview.language.selectOption('vi');
  await expect(overview.importLog).toContainText('broken.csv:3:3: x "two" không phải số nguyên (cần một số nguyên); không nhập gì');
  await overview.screenshot('import-log-csv-refused-vi');
  await overview.language.selectOption('en');
});

test('asks to map columns it cannot recognise and remembers the mapping', async ({ page }) => {
  const overview = new OverviewPage(page);
  await overview.open();
  await overview.dropFiles([{ name: 'odd.csv', content: 'LotName,Wfr,C,R,Category\nODD1,1,0,0,1\nODD1,1,1,0,2\n' }]);
  const dialog = page.getByTestId('mapping-dialog');
  await expect(dialog).toBeVisible();
  for (const [role, column] of [['lot', 'LotName'], ['wafer', 'Wfr'], ['x', 'C'], ['y', 'R'], ['hard_bin', 'Category']] as const) {
    await page.getByTestId(`map-${role}`).selectOption(column);
  }
  await overview.screenshot('column-mapping');
  await page.getByTestId('apply-mapping').click();
  await expect(overview.importLog).toContainText('odd.csv: 2 rows imported');
  await overview.dropFiles([{ name: 'odd2.csv', content: 'LotName,Wfr,C,R,Category\nODD2,1,0,0,1\n' }]);
  await expect(overview.importLog).toContainText('odd2.csv: 1 rows imported');
  await expect(dialog).toBeHidden();
  // Lines written in English read in Vietnamese once the user switches (issue #13 §5).
  await overview.language.selectOption('vi');
  await expect(overview.importLog).toContainText('odd.csv: đã nhập 2 dòng');
  await expect(overview.importLog).not.toContainText('rows imported');
  await overview.screenshot('import-log-switched-vi');
  await overview.language.selectOption('en');
});

test('switches to Vietnamese at runtime', async ({ page }) => {
  const overview = new OverviewPage(page);
  await overview.open();
  await overview.language.selectOption('vi');
  await expect(page.getByTestId('kpi-lots').locator('.label')).toHaveText('Số lô');
  await expect(page.getByRole('heading', { name: 'Xu hướng hiệu suất' })).toBeVisible();
  await overview.screenshot('overview-sample-vi');
});
