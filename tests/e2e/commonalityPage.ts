import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import { appUrl, screenshotDir } from './fixtures';

/** The commonality view as a user sees it: locators in one place, user actions as methods. */
export class CommonalityPage {
  readonly tab: Locator;
  readonly view: Locator;
  readonly response: Locator;
  readonly product: Locator;
  readonly runButton: Locator;
  readonly rows: Locator;
  readonly summary: Locator;
  readonly detail: Locator;
  readonly worstSummary: Locator;
  readonly boxChart: Locator;
  readonly timeChart: Locator;
  readonly stackedMaps: Locator;

  constructor(readonly page: Page) {
    this.tab = page.getByTestId('tab-commonality');
    this.view = page.getByTestId('commonality-view');
    this.response = page.getByTestId('commonality-response');
    this.product = page.getByTestId('commonality-product');
    this.runButton = page.getByTestId('commonality-run');
    this.rows = page.getByTestId('commonality-row');
    this.summary = page.getByTestId('commonality-summary');
    this.detail = page.getByTestId('commonality-detail');
    this.worstSummary = page.getByTestId('commonality-worst-summary');
    this.boxChart = page.getByTestId('commonality-box-chart');
    this.timeChart = page.getByTestId('commonality-time-chart');
    this.stackedMaps = page.getByTestId('commonality-stacked-map');
  }

  /** Open the app and wait for the sample fab to load (slow when the machine is shared). */
  async openApp(): Promise<void> {
    await this.page.goto(appUrl);
    await expect(this.page.getByTestId('kpi-tiles')).toBeVisible({ timeout: 480_000 });
  }

  /** Open the commonality tab and wait until its pickers know the data. */
  async open(): Promise<void> {
    await this.tab.click();
    await expect(this.view).toBeVisible();
    await expect(this.product.locator('option')).not.toHaveCount(1, { timeout: 60_000 });
  }

  /** Choose the response by its option value (wafer-yield, lot-yield, bin:N, test:NUM) and run. */
  async run(response: string): Promise<void> {
    await this.response.selectOption(response);
    await this.runButton.click();
    await expect(this.summary).toBeVisible({ timeout: 120_000 });
  }

  /** Step, factor key and worst level of a ranked row (0 = first). */
  async rowAt(index: number): Promise<{ factor: string; worstLevel: string }> {
    const row = this.rows.nth(index);
    return { factor: (await row.getAttribute('data-factor')) ?? '', worstLevel: (await row.getByTestId('commonality-worst-level').innerText()).trim() };
  }

  /** Click a ranked row by its "STEP/factor" key. */
  async selectFactor(key: string): Promise<void> {
    await this.page.locator(`[data-testid=commonality-row][data-factor="${key}"]`).click();
    await expect(this.timeChart.locator('canvas')).toBeVisible({ timeout: 60_000 });
  }

  /** Save a screenshot for people to look at. */
  async screenshot(name: string, fullPage = true): Promise<void> {
    mkdirSync(screenshotDir, { recursive: true });
    await this.page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage });
  }
}
