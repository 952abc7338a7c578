import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { test, expect, screenshotDir, appUrl } from './fixtures';
import { OverviewPage } from './overviewPage';

// The sample fab loads on first start; on a busy shared CI machine that alone can take minutes.
test.setTimeout(600_000);

/** Open the app and wait (longer than the overview page object does) for the sample to load. */
async function openApp(page: Page): Promise<OverviewPage> {
  const overview = new OverviewPage(page);
  await page.goto(appUrl);
  await expect(page.getByTestId('kpi-tiles')).toBeVisible({ timeout: 480_000 });
  await overview.waitReady();
  return overview;
}

const fab = join(process.cwd(), 'sample-data', 'fab');
const truth = JSON.parse(readFileSync(join(fab, 'ground-truth.json'), 'utf8')) as { degraded: { step: string; level: string; from: string } };

/**
 * The first ORION lot whose wafers went through the degraded chamber after its start date, straight
 * from equipment.csv and wafers.csv (its baseline, the lots before it, is then free of the fault).
 */
function firstDegradedLot(): string {
  const productOf = new Map(readFileSync(join(fab, 'wafers.csv'), 'utf8').trim().split('\n').slice(1).map((line) => [line.split(',')[1]!, line.split(',')[0]!]));
  const lots = readFileSync(join(fab, 'equipment.csv'), 'utf8').trim().split('\n').slice(1).map((line) => line.split(','))
    .filter((cells) => cells[2] === truth.degraded.step && cells[4] === truth.degraded.level && (cells[6] ?? '') >= truth.degraded.from)
    .filter((cells) => productOf.get(cells[0]!) === 'ORION')
    .sort((a, b) => (a[6] ?? '').localeCompare(b[6] ?? ''));
  return lots[0]![0]!;
}

/** The explain view: locators and actions. */
class ExplainPage {
  readonly view: Locator;
  readonly summary: Locator;

  constructor(readonly page: Page) {
    this.view = page.getByTestId('explain-view');
    this.summary = page.getByTestId('explain-summary');
  }

  section(kind: string): Locator {
    return this.page.getByTestId(`explain-section-${kind}`);
  }

  findings(kind: string): Locator {
    return this.section(kind).getByTestId('explain-finding');
  }

  async screenshot(name: string): Promise<void> {
    mkdirSync(screenshotDir, { recursive: true });
    await this.page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
  }
}

test('explaining a lot etched in the degraded chamber names that chamber and the edge ring', async ({ page }) => {
  const lot = firstDegradedLot();
  const overview = await openApp(page);
  await overview.filterLots(lot);
  await overview.lotRow(lot).click();
  await page.getByTestId('explain-lot').click();

  const explain = new ExplainPage(page);
  await expect(explain.view).toBeVisible();
  await expect(explain.summary).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('explain-baseline')).toContainText('Baseline:');
  await expect(explain.findings('equipment').first()).toHaveAttribute('data-key', `${truth.degraded.step}/chamber/${truth.degraded.level}`);
  await expect(explain.section('equipment')).toContainText(truth.degraded.level);
  await expect(explain.findings('signature').and(page.locator('[data-key="Edge-Ring"]'))).toHaveCount(1);
  await expect(explain.findings('zone').first()).toHaveAttribute('data-key', 'edge');
  await explain.screenshot('explain');

  // Each finding links to the chart behind it: a test finding opens the wafer map on that test.
  const testFinding = explain.findings('test').first();
  if ((await testFinding.count()) > 0) {
    const testNumber = await testFinding.getAttribute('data-key');
    await testFinding.getByTestId('explain-link').click();
    await expect(page).toHaveURL(new RegExp(`#/wafer/${lot}/\\d+\\?test=${testNumber}$`));
    await expect(page.getByTestId('chosen-test')).toContainText(String(testNumber));
  }
});
