import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from './fixtures';
import { CommonalityPage } from './commonalityPage';

interface GroundTruth {
  degraded: { step: string; factor: string; level: string; from: string };
}

const truth = JSON.parse(readFileSync(join(process.cwd(), 'sample-data', 'fab', 'ground-truth.json'), 'utf8')) as GroundTruth;

test('commonality: the injected degraded chamber ranks first and its drop shows in the time plot', async ({ page }) => {
  test.setTimeout(720_000);
  const commonality = new CommonalityPage(page);
  await commonality.openApp();
  await commonality.open();

  await commonality.run('wafer-yield');
  const first = await commonality.rowAt(0);
  expect(first).toEqual({ factor: `${truth.degraded.step}/${truth.degraded.factor}`, worstLevel: truth.degraded.level });
  await commonality.screenshot('commonality-table', false);

  await commonality.selectFactor(`${truth.degraded.step}/${truth.degraded.factor}`);
  await expect(commonality.boxChart.locator('canvas')).toBeVisible();
  await expect(commonality.worstSummary).toContainText(truth.degraded.level);
  // The drop is dated within the week after the injection.
  const injected = truth.degraded.from.slice(0, 10);
  const week = Array.from({ length: 7 }, (_, day) => new Date(Date.parse(injected) + day * 86_400_000).toISOString().slice(0, 10));
  await expect(commonality.worstSummary).toContainText(new RegExp(week.join('|')));
  await expect(commonality.stackedMaps.first()).toBeVisible();
  await commonality.detail.scrollIntoViewIfNeeded();
  await commonality.screenshot('commonality-factor');
});
