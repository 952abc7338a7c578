/**
 * A published lake served as the read-only fab workspace (issue #17 §1): `yield-monitor lake publish`
 * of the sample workspace, then `yield-monitor serve --workspace LAKE` (the catalog is detected), driven
 * in Chromium. The overview's figures come from DuckDB reading the lake's Parquet in place.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from './fixtures';
import { OverviewPage } from './overviewPage';
import { startServe, type ServeProcess } from '../../node/serve/serveProcess';
import { sampleWorkspaceDir } from '../support/sampleWorkspace';
import { sampleFigures } from '../support/sampleTruth';

const truth = sampleFigures();
let lake = '';
let server: ServeProcess | null = null;

test.beforeAll(async () => {
  test.setTimeout(300_000);
  lake = mkdtempSync(join(tmpdir(), 'ym-served-lake-'));
  execFileSync(process.execPath, ['cli/bin.mjs', 'lake', 'publish', '--workspace', sampleWorkspaceDir(), '--to', lake], { stdio: 'ignore' });
  server = await startServe(lake, { port: process.env.YM_SERVED_LAKE_PORT ?? '0' });
});

test.afterAll(async () => {
  await server?.stop();
  if (lake) rmSync(lake, { recursive: true, force: true });
});

test('a browser on a served lake sees the sample\'s figures, a read-only fab badge, and imports refused with the reason', async ({ page }) => {
  const started = Date.now();
  await page.goto(server!.url);
  const overview = new OverviewPage(page);
  await overview.waitReady();
  console.log(`served lake: first view in ${Date.now() - started} ms`);
  expect(await overview.numberIn(overview.lots)).toBe(truth.lots);
  expect(await overview.numberIn(overview.dies)).toBe(truth.dies);
  const [lot, lotYield] = [...truth.lotYield].sort(([a], [b]) => a.localeCompare(b))[0]!;
  await expect(overview.lotRow(lot).getByTestId('lot-yield')).toHaveText(`${(lotYield * 100).toFixed(1)}%`);
  await expect(page.getByTestId('lake-badge')).toHaveText('Fab lake, read-only');
  await overview.screenshot('served-lake-overview');

  await overview.dropFiles([{ name: 'LAKE-RO.csv', content: 'lot,wafer,x,y,hard_bin\nLAKE-RO,1,0,0,1\n' }]);
  await expect(overview.importLog).toContainText('published fab lake');
  await expect(overview.lotRow('LAKE-RO')).toHaveCount(0);

  await overview.language.selectOption('vi');
  await expect(page.getByTestId('lake-badge')).toHaveText('Kho dữ liệu nhà máy (lake), chỉ đọc');
  await overview.screenshot('served-lake-overview-vi');
});
