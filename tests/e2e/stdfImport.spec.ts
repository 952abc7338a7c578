import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { StdfWriter } from '../../shared/stdf/writer.ts';
import { test, expect } from './fixtures';
import { OverviewPage } from './overviewPage';

const corpus = resolve(process.cwd(), '../shared/corpus/stdf');

interface Truth {
  pystdf: {
    MIR: { LOT_ID: string; PART_TYP: string; NODE_NAM: string; JOB_NAM: string };
    parts: { PRR_count: number };
    final_after_retest_dedupe: { by_xy: { unique: number; pass: number } };
  };
}

function truth(name: string): Truth['pystdf'] {
  return (JSON.parse(readFileSync(join(corpus, `${name}.truth.json`), 'utf8')) as Truth).pystdf;
}

/** The import panel's log, progress and File Info dialog: locators in one place, user actions as methods. */
class ImportLogPage {
  readonly progress: Locator;
  readonly records: Locator;
  readonly cancel: Locator;
  readonly fileInfo: Locator;

  constructor(readonly page: Page) {
    this.progress = page.getByTestId('import-progress');
    this.records = page.getByTestId('import-records');
    this.cancel = page.getByTestId('cancel-import');
    this.fileInfo = page.getByTestId('file-info');
  }

  /** The newest log line about a file. */
  line(fileName: string): Locator {
    return this.page.getByTestId('import-log-line').filter({ hasText: fileName }).first();
  }

  /** Records counted so far, read back from the progress line. */
  async recordsSoFar(): Promise<number> {
    return Number((await this.records.innerText()).replace(/[^0-9]/g, ''));
  }

  /** A MIR/WCR/... field shown in File Info, by its STDF name. */
  field(section: string, name: string): Locator {
    return this.fileInfo.getByTestId(section).locator(`tr[data-field="${name}"] td`);
  }
}

/**
 * A wafer-sort STDF big enough that parsing takes a while (about 50 MB: 24 wafers x 900 dies x 40 tests
 * with long test names), so progress and Cancel can be seen. Lot E2E-BIG, product BIGPART.
 */
function writeLargeStdf(path: string): number {
  const writer = new StdfWriter().far().mir({ lotId: 'E2E-BIG', partType: 'BIGPART', nodeName: 'e2e-tester', jobName: 'big-program', startTime: 1_790_000_000 });
  const parts: Uint8Array[] = [writer.take()];
  const testName = (test: number): string => `leakage current at pin group ${test} under stress`;
  for (let wafer = 1; wafer <= 24; wafer++) {
    writer.wir(1, 1_790_000_000 + wafer * 600, String(wafer));
    for (let die = 0; die < 900; die++) {
      writer.pir(1, 1);
      for (let test = 0; test < 40; test++) {
        const limits = wafer === 1 && die === 0 ? { low: 0, high: 10, units: 'uA' } : undefined;
        writer.ptr({ testNum: 1000 + test, head: 1, site: 1, result: ((die * 7 + test * 13) % 100) / 10, text: testName(test), limits });
      }
      writer.prr({ head: 1, site: 1, partFlag: die % 10 === 0 ? 8 : 0, hardBin: die % 10 === 0 ? 5 : 1, softBin: die % 10 === 0 ? 5 : 1, x: die % 40, y: Math.floor(die / 40) });
    }
    writer.wrr({ head: 1, waferId: String(wafer), finishTime: 1_790_000_000 + wafer * 600 + 500, partCount: 900 });
    parts.push(writer.take());
  }
  parts.push(writer.mrr(1_790_020_000).take());
  const bytes = Buffer.concat(parts);
  writeFileSync(path, bytes);
  return bytes.length;
}

test('imports a gzip STDF wafer-sort file: the lot shows the final (retest-consolidated) yield', async ({ page }) => {
  test.setTimeout(300_000);
  const overview = new OverviewPage(page);
  const importLog = new ImportLogPage(page);
  await overview.open();
  const lot3 = truth('noonchen__lot3.stdf.gz');
  await overview.importWithDialog([join(corpus, 'noonchen__lot3.stdf.gz')]);
  await expect(overview.importLog).toContainText(`noonchen__lot3.stdf.gz: ${lot3.parts.PRR_count.toLocaleString('en-US')} rows imported`, { timeout: 60_000 });
  const finalYield = lot3.final_after_retest_dedupe.by_xy.pass / lot3.final_after_retest_dedupe.by_xy.unique;
  // 1,377 of 1,456 dies pass after the last insertion wins: 94.6%, not the 85.1% over all insertions.
  await expect(overview.lotRow(lot3.MIR.LOT_ID).getByTestId('lot-yield')).toHaveText(`${(finalYield * 100).toFixed(1)}%`);
  await overview.screenshot('overview-stdf-import');

  // File Info: the MIR as the file wrote it (compared with pystdf's reading in the corpus truth).
  await importLog.line('noonchen__lot3.stdf.gz').getByTestId('file-info-open').click();
  await expect(importLog.field('file-info-mir', 'LOT_ID')).toHaveText(lot3.MIR.LOT_ID);
  await expect(importLog.field('file-info-mir', 'PART_TYP')).toHaveText(lot3.MIR.PART_TYP);
  await expect(importLog.field('file-info-mir', 'NODE_NAM')).toHaveText(lot3.MIR.NODE_NAM);
  await expect(importLog.field('file-info-mir', 'JOB_NAM')).toHaveText(lot3.MIR.JOB_NAM);
  await expect(importLog.fileInfo.getByTestId('file-info-wcr')).toBeVisible();
  await overview.screenshot('stdf-file-info');
  await page.getByTestId('file-info-close').click();
  await expect(importLog.fileInfo).toBeHidden();

  await overview.importWithDialog([join(corpus, 'noonchen__lot3.stdf.bz2')]);
  await expect(overview.importLog).toContainText('bzip2-compressed STDF cannot be read in the app');
});

test('shows the checker warnings of a file with oddities, with their offsets, and File Info after a restart', async ({ page, reopen }) => {
  test.setTimeout(420_000);
  const overview = new OverviewPage(page);
  const importLog = new ImportLogPage(page);
  await overview.open();
  // Corpus README: spreadsheet14 has 2 WIRs and no WRR (the first wafer is never closed).
  const name = 'itestinc__bad__spreadsheet14.stdf';
  await overview.importWithDialog([join(corpus, name)]);
  await expect(overview.importLog).toContainText(`${name}: ${truth(name).parts.PRR_count} rows imported`, { timeout: 60_000 });
  const toggle = importLog.line(name).getByTestId('import-warnings-toggle');
  await expect(toggle).toHaveText(/\d+ warnings?/);
  await toggle.click();
  const warnings = importLog.line(name).getByTestId('import-warning');
  await expect(warnings).toHaveCount(Number((await toggle.getAttribute('data-count')) ?? -1));
  await expect(warnings.filter({ hasText: 'wir-without-wrr' }).first()).toContainText(/byte \d+/);
  await overview.screenshot('stdf-import-warnings');

  // The manifest keeps the details: after a restart the workspace's STDF list opens the same File Info.
  const reopened = await reopen();
  const after = new OverviewPage(reopened);
  await after.waitReady();
  await reopened.getByTestId('stdf-files').locator('summary').click();
  await reopened.locator(`[data-testid=stdf-file][data-file="${name}"]`).getByTestId('stdf-file-info').click();
  const info = new ImportLogPage(reopened);
  await expect(info.field('file-info-mir', 'LOT_ID')).toHaveText(truth(name).MIR.LOT_ID.trim());
  await expect(info.fileInfo.getByTestId('file-info-check')).toContainText('wir-without-wrr');
});

test('a large STDF parses in a worker with moving progress; Cancel leaves the workspace as it was; importing again completes', async ({ page }) => {
  test.setTimeout(300_000);
  const folder = mkdtempSync(join(tmpdir(), 'ym-stdf-'));
  const path = join(folder, 'e2e-big-lot.stdf');
  const size = writeLargeStdf(path);
  try {
    const overview = new OverviewPage(page);
    const importLog = new ImportLogPage(page);
    await overview.open();
    const lotsBefore = await overview.lotRows.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-lot')));
    const lotCountBefore = await overview.lots.innerText();

    await overview.importWithDialog([path]);
    await expect.poll(() => importLog.records.isVisible().then((visible) => (visible ? importLog.recordsSoFar() : 0)), { timeout: 60_000 }).toBeGreaterThan(0);
    const early = await importLog.recordsSoFar();
    await expect.poll(() => importLog.recordsSoFar(), { timeout: 60_000, intervals: [100] }).toBeGreaterThan(early);
    await overview.screenshot('stdf-import-progress');
    await importLog.cancel.click();
    await expect(overview.importLog).toContainText('e2e-big-lot.stdf: import cancelled; the workspace is unchanged');
    await expect(importLog.progress).toBeHidden();
    await expect(overview.lots).toHaveText(lotCountBefore);
    expect(await overview.lotRows.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-lot')))).toEqual(lotsBefore);
    await expect(overview.lotRow('E2E-BIG')).toHaveCount(0);

    await overview.importWithDialog([path]);
    await expect(overview.importLog).toContainText(`e2e-big-lot.stdf: ${(24 * 900).toLocaleString('en-US')} rows imported`, { timeout: 240_000 });
    // 1 in 10 dies fails (bin 5): 90.0% yield.
    await expect(overview.lotRow('E2E-BIG').getByTestId('lot-yield')).toHaveText('90.0%');
    await importLog.line('e2e-big-lot.stdf').getByTestId('file-info-open').click();
    await expect(importLog.fileInfo.getByTestId('file-info-summary')).toContainText(size.toLocaleString('en-US'));
    await expect(importLog.field('file-info-mir', 'PART_TYP')).toHaveText('BIGPART');
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('refuses a text datalog named .stdf, and shows a cut file amber as partial with its unread bytes (English and Vietnamese)', async ({ page }) => {
  test.setTimeout(300_000);
  const folder = mkdtempSync(join(tmpdir(), 'ym-stdf-'));
  try {
    const overview = new OverviewPage(page);
    const importLog = new ImportLogPage(page);
    await overview.open();
    const datalog = join(folder, 'datalog.stdf');
    writeFileSync(datalog, 'Site 1  Test 1001 cont_vdd  -0.52 V  PASS\nSite 1  Test 1002 leak  1.2 uA  PASS\n');
    const whole = readFileSync(join(corpus, 'itestinc__bcdm_S11189_c_01.stdf'));
    const cutAt = Math.floor(whole.length / 2);
    const cut = join(folder, 'cut-wafer.stdf');
    writeFileSync(cut, whole.subarray(0, cutAt));
    await overview.importWithDialog([datalog, cut]);
    await expect(overview.importLog).toContainText('datalog.stdf: not an STDF file (looks like text), nothing imported', { timeout: 60_000 });
    await expect(page.getByTestId('mapping-dialog')).toHaveCount(0);
    const partialLine = importLog.line('cut-wafer.stdf');
    await expect(partialLine).toContainText(/cut-wafer\.stdf: partial: [\d,]+ bytes unread at offset [\d,]+/, { timeout: 60_000 });
    await expect(partialLine).toHaveClass(/partial/);
    // Offset plus unread bytes is where the file was cut.
    const [unread, offset] = ((await partialLine.innerText()).match(/partial: ([\d,]+) bytes unread at offset ([\d,]+)/) ?? []).slice(1).map((text) => Number(text.replace(/,/g, '')));
    expect((unread ?? 0) + (offset ?? 0)).toBe(cutAt);
    await overview.screenshot('import-partial-and-not-stdf');
    await overview.language.selectOption('vi');
    await overview.importWithDialog([datalog]);
    await expect(overview.importLog).toContainText('datalog.stdf: không phải tệp STDF (trông giống văn bản), không nhập gì');
    await overview.screenshot('import-partial-and-not-stdf-vi');
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('a generated sample folder dropped on the app imports whole: one file per lot, then its tables, no mapping dialog', async ({ page }) => {
  test.setTimeout(300_000);
  const folder = mkdtempSync(join(tmpdir(), 'ym-sample-'));
  try {
    const generated = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'sample-data/generate.ts', '--lots', '2', '--seed', '11', '--out', folder], { encoding: 'utf8' });
    expect(generated.status, generated.stderr).toBe(0);
    const paths = ['wafers.csv', 'tests.csv', 'bins.csv', 'equipment.csv', 'ground-truth.json', ...readdirSync(join(folder, 'dies')).map((name) => `dies/${name}`), ...readdirSync(join(folder, 'stdf')).map((name) => `stdf/${name}`)];
    const stdfLots = readdirSync(join(folder, 'stdf')).map((name) => name.replace(/\.stdf\.gz$/, ''));
    const overview = new OverviewPage(page);
    await overview.open();
    await overview.dropBinaryFiles(paths.map((path) => ({ name: path.split('/').pop() ?? path, bytes: readFileSync(join(folder, path)) })));
    await expect(overview.importLog).toContainText('Sample folder: wafer, test, bin and equipment tables imported', { timeout: 240_000 });
    for (const name of readdirSync(join(folder, 'dies'))) {
      const lot = name.replace(/\.csv\.gz$/, '');
      // A lot the sample wrote as STDF comes from its STDF file; its CSV is only the reference copy.
      const imported = stdfLots.includes(lot) ? `${lot}.stdf.gz` : name;
      await expect(overview.importLog).toContainText(new RegExp(`${imported.replace(/\./g, '\\.')}: [\\d,]+ rows imported`));
      if (stdfLots.includes(lot)) await expect(overview.importLog).not.toContainText(name);
    }
    await expect(page.getByTestId('mapping-dialog')).toHaveCount(0);
    await expect(overview.importLog).not.toContainText('ground-truth.json');
    await overview.screenshot('import-sample-folder');
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
