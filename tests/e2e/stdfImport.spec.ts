import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test, expect } from './fixtures';
import { OverviewPage } from './overviewPage';

const corpus = resolve(process.cwd(), '../shared/corpus/stdf');

interface Truth {
  pystdf: { MIR: { LOT_ID: string }; parts: { PRR_count: number }; final_after_retest_dedupe: { by_xy: { unique: number; pass: number } } };
}

function truth(name: string): Truth['pystdf'] {
  return (JSON.parse(readFileSync(join(corpus, `${name}.truth.json`), 'utf8')) as Truth).pystdf;
}

test('imports a gzip STDF wafer-sort file: the lot shows the final (retest-consolidated) yield', async ({ page }) => {
  const overview = new OverviewPage(page);
  await overview.open();
  const lot3 = truth('noonchen__lot3.stdf.gz');
  await overview.importWithDialog([join(corpus, 'noonchen__lot3.stdf.gz')]);
  await expect(overview.importLog).toContainText(`noonchen__lot3.stdf.gz: ${lot3.parts.PRR_count.toLocaleString('en-US')} rows imported`, { timeout: 60_000 });
  const finalYield = lot3.final_after_retest_dedupe.by_xy.pass / lot3.final_after_retest_dedupe.by_xy.unique;
  // 1,377 of 1,456 dies pass after the last insertion wins: 94.6%, not the 85.1% over all insertions.
  await expect(overview.lotRow(lot3.MIR.LOT_ID).getByTestId('lot-yield')).toHaveText(`${(finalYield * 100).toFixed(1)}%`);
  await overview.screenshot('overview-stdf-import');

  await overview.importWithDialog([join(corpus, 'noonchen__lot3.stdf.bz2')]);
  await expect(overview.importLog).toContainText('bzip2-compressed STDF cannot be read in the app');
});
