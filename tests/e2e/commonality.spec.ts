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
  // Per-level stacked maps (issue #13 §3): the sample has ORION and VEGA; every map holds the product of the
  // degraded chamber's wafers only (ORION: the sample's ten ORION lots to one VEGA lot) and all share one scale.
  const maps = commonality.stackedMaps.getByTestId('stacked-map');
  await expect(maps.first()).not.toHaveAttribute('data-products', '');
  await expect(async () => {
    const attributes = await maps.evaluateAll((figures) => figures.map((figure) => [figure.getAttribute('data-products'), figure.getAttribute('data-scale')]));
    expect(attributes.length).toBeGreaterThan(1);
    expect(new Set(attributes.map(([products]) => products))).toEqual(new Set(['ORION']));
    expect(new Set(attributes.map(([, scale]) => scale)).size).toBe(1);
  }).toPass({ timeout: 60_000 });
  await commonality.detail.scrollIntoViewIfNeeded();
  await commonality.screenshot('commonality-factor');
});
