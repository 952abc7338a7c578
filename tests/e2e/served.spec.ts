/**
 * The served mode end to end (issue #12 §5): `yield-monitor serve` on a copy of the sample
 * workspace, driven in Chromium, so the desktop engine path (native DuckDB behind the engine
 * protocol, the workspace open in the host) is what answers the overview.
 */
import { test, expect } from './fixtures';
import { OverviewPage } from './overviewPage';
import { serveSampleWorkspace } from './servedWorkspace';
import { sampleFigures } from '../support/sampleTruth';

const truth = sampleFigures();
/** The served mode's own port, apart from the preview server's. */
const servedPort = process.env.YM_SERVED_PORT ?? '5197';

const served = serveSampleWorkspace({ port: servedPort });

function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

test('a browser on the served workspace sees the KPIs an independent count of the sample CSVs gives', async ({ page }) => {
  const started = Date.now();
  await page.goto(served.url);
  const overview = new OverviewPage(page);
  await overview.waitReady();
  console.log(`served mode: first view in ${Date.now() - started} ms`);
  expect(await overview.numberIn(overview.lots)).toBe(truth.lots);
  expect(await overview.numberIn(overview.dies)).toBe(truth.dies);
  // The sample holds several products: one yield per product, as the desktop shows it.
  for (const [product, productYield] of truth.productYield) {
    await expect(page.locator(`[data-testid=kpi-product-yield][data-product="${product}"]`)).toContainText(percent(productYield));
  }
  const [lot, lotYield] = [...truth.lotYield].sort(([a], [b]) => a.localeCompare(b))[0]!;
  await expect(overview.lotRow(lot).getByTestId('lot-yield')).toHaveText(percent(lotYield));
  await expect(page.getByTestId('status')).toContainText(served.workspaceDir);
  await overview.screenshot('served-overview');

  // Read-only unless --allow-import: an import is refused with the reason.
  await overview.dropFiles([{ name: 'SERVED-RO.csv', content: 'lot,wafer,x,y,hard_bin\nSERVED-RO,1,0,0,1\n' }]);
  await expect(overview.importLog).toContainText('served read-only');
  await expect(overview.lotRow('SERVED-RO')).toHaveCount(0);
});

test('a request without the token is refused', async ({ page }) => {
  const bare = served.url.replace(/\?token=.*$/, '');
  const response = await page.goto(bare);
  expect(response?.status()).toBe(401);
  const api = await page.request.post(`${bare}api/workspace:describe`, { data: Buffer.from([2, 0, 0, 0, 123, 125]) });
  expect(api.status()).toBe(401);
});
