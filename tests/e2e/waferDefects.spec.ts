/**
 * KLARF defects over the wafer map (issue #16 §4): a KLARF file for a sample wafer, dropped on the
 * app, is imported by content; the wafer map then offers a Defects toggle that draws a cross on each
 * die the file names (counted from the file here, not by the app). Screenshots in English and Vietnamese.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { OverviewPage } from './overviewPage';
import { WaferMapPage } from './waferMapPage';

const lot = 'OR26001';
const wafer = '1';

/** The wafer map with its defect overlay toggle. */
class WaferDefectsPage extends WaferMapPage {
  readonly defectsToggle: Locator;
  readonly showDefects: Locator;

  constructor(page: Page) {
    super(page);
    this.defectsToggle = page.getByTestId('defects-toggle');
    this.showDefects = page.getByTestId('show-defects');
  }
}

/** Distinct (x, y) of the wafer's dies, read straight from the committed sample CSV. */
function waferDies(): { x: number; y: number }[] {
  const lines = gunzipSync(readFileSync(join(process.cwd(), 'sample-data', 'fab', 'dies', `${lot}.csv.gz`))).toString('utf8').split('\n');
  const header = lines[0]!.split(',');
  const [waferAt, xAt, yAt] = ['wafer', 'x', 'y'].map((column) => header.indexOf(column));
  const seen = new Map<string, { x: number; y: number }>();
  for (const cells of lines.slice(1).filter(Boolean).map((line) => line.split(','))) {
    if (cells[waferAt!] === wafer) seen.set(`${cells[xAt!]},${cells[yAt!]}`, { x: Number(cells[xAt!]), y: Number(cells[yAt!]) });
  }
  return [...seen.values()].sort((a, b) => a.y - b.y || a.x - b.x);
}

/** A KLARF 1.2 file with one defect on every 40th die of the wafer and a second one on the first of them. */
function klarfFor(dies: { x: number; y: number }[]): string {
  const rows = dies.map((die, index) => ` ${index + 1} ${die.x} ${die.y} ${index % 2 === 0 ? 10 : 20};`);
  rows.push(` ${dies.length + 1} ${dies[0]!.x} ${dies[0]!.y} 20;`);
  return [
    'FileVersion 1 2;', 'InspectionStationID "KLA" "2835" "T1";', `LotID "${lot}";`, 'StepID "M1_ETCH";', `WaferID "${wafer}";`,
    'ClassLookup 2', ' 10 "Particle"', ' 20 "Scratch";', 'DefectRecordSpec 4 DEFECTID XINDEX YINDEX CLASSNUMBER ;', 'DefectList',
    ...rows.map((row, index) => (index === rows.length - 1 ? row : row.replace(/;$/, ''))), 'EndOfFile;', '',
  ].join('\n');
}

test.describe.configure({ timeout: 600_000 });

test('a dropped KLARF file puts its defects on the wafer map behind a Defects toggle', async ({ page }) => {
  const marked = waferDies().filter((_, index) => index % 40 === 0);
  const overview = new OverviewPage(page);
  await overview.open();
  await overview.dropFiles([{ name: 'M1_ETCH_OR26001_1.klarf', content: klarfFor(marked) }]);
  await expect(overview.importLog).toContainText(`M1_ETCH_OR26001_1.klarf: ${marked.length + 1} KLARF defects imported`);
  await page.goto(`${page.url().split('#')[0]}#/wafer/${lot}/${wafer}`);

  const map = new WaferDefectsPage(page);
  await expect(map.view).toBeVisible();
  await expect(map.defectsToggle).toHaveText(`Defects (${marked.length + 1} on ${marked.length} dies)`);
  await expect(map.canvas).toHaveAttribute('data-defect-marks', '0');
  await map.showDefects.check();
  await expect(map.canvas).toHaveAttribute('data-defect-marks', String(marked.length));
  await map.screenshot('wafer-map-defects-en');
  await page.getByTestId('language').selectOption('vi');
  await expect(map.defectsToggle).toHaveText(`Khuyết tật (${marked.length + 1} trên ${marked.length} die)`);
  await map.screenshot('wafer-map-defects-vi');
  await page.getByTestId('language').selectOption('en');
  await map.showDefects.uncheck();
  await expect(map.canvas).toHaveAttribute('data-defect-marks', '0');
});
