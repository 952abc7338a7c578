import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import { screenshotDir } from './fixtures';

/** The shift lead's alert board: locators in one place, user actions as methods. */
export class AlertBoardPage {
  readonly view: Locator;
  readonly rows: Locator;
  readonly count: Locator;
  readonly detail: Locator;
  readonly timeline: Locator;
  readonly summary: Locator;

  constructor(readonly page: Page) {
    this.view = page.getByTestId('alerts-view');
    this.rows = page.getByTestId('alert-row');
    this.count = page.getByTestId('alert-count');
    this.detail = page.getByTestId('alert-detail');
    this.timeline = page.getByTestId('alert-timeline');
    this.summary = page.getByTestId('shift-summary');
  }

  /** Open the board from the tab bar and wait until the charts were evaluated into alerts. */
  async open(): Promise<void> {
    await this.page.getByTestId('tab-alerts').click();
    await expect(this.view).toBeVisible();
    await expect(this.rows.first()).toBeVisible({ timeout: 240_000 });
  }

  /** Rows of the alerts raised on one chart definition. */
  rowsOf(definitionId: string): Locator {
    return this.page.locator(`[data-testid=alert-row][data-definition-id="${definitionId}"]`);
  }

  /** The row of one alert. */
  row(alertId: string): Locator {
    return this.page.locator(`[data-testid=alert-row][data-alert-id="${alertId}"]`);
  }

  /** Show only alerts in a state ('active', 'open', 'acknowledged', 'closed', 'all'). */
  async filterState(state: string): Promise<void> {
    await this.page.getByTestId('filter-state').selectOption(state);
  }

  /** Select an alert and acknowledge it with a comment. */
  async acknowledge(alertId: string, comment: string): Promise<void> {
    await this.row(alertId).click();
    await expect(this.detail).toHaveAttribute('data-alert-id', alertId);
    await this.page.getByTestId('action-acknowledge').check();
    await this.page.getByTestId('field-comment').fill(comment);
    await this.page.getByTestId('submit-action').click();
  }

  /** Episode rows of the board. */
  get episodeRows(): Locator {
    return this.page.getByTestId('episode-row');
  }

  /** Select the first `count` episode rows (click, then shift-click) and acknowledge them with one comment. */
  async acknowledgeEpisodes(count: number, comment: string): Promise<string[]> {
    await this.episodeRows.first().click();
    await this.episodeRows.nth(count - 1).click({ modifiers: ['Shift'] });
    const ids = await this.page.locator('[data-testid=episode-row].chosen').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-episode-id') ?? ''));
    await this.page.getByTestId('episode-action').selectOption('acknowledge');
    await this.page.getByTestId('episode-comment').fill(comment);
    await this.page.getByTestId('episode-submit').click();
    return ids;
  }

  /** Open the chart of an alert from its row. */
  async openChart(alertId: string): Promise<void> {
    await this.row(alertId).getByTestId('open-chart').click();
  }
}

/** The control chart view. */
export class SpcChartPage {
  readonly view: Locator;
  readonly chart: Locator;
  readonly capability: Locator;
  readonly definitions: Locator;

  constructor(readonly page: Page) {
    this.view = page.getByTestId('spc-view');
    this.chart = page.getByTestId('control-chart');
    this.capability = page.getByTestId('capability-panel');
    this.definitions = page.getByTestId('definition-item');
  }

  /** Point indices the chart marks as violations (its data-violations attribute). */
  async violationIndices(): Promise<number[]> {
    const text = (await this.chart.getAttribute('data-violations')) ?? '';
    return text === '' ? [] : text.split(',').map(Number);
  }
}

/** Save a full-page screenshot for people to look at. */
/** The lots-on-hold panel of the alert board. */
export class HoldsPanelPage {
  readonly panel: Locator;
  readonly rows: Locator;

  constructor(readonly page: Page) {
    this.panel = page.getByTestId('holds-panel');
    this.rows = page.getByTestId('hold-row');
  }

  /** The row of one lot. */
  row(lot: string): Locator {
    return this.page.locator(`[data-testid=hold-row][data-lot="${lot}"]`);
  }

  /** Put a lot on hold by hand with a reason. */
  async place(product: string, lot: string, reason: string): Promise<void> {
    await this.panel.getByTestId('hold-new').click();
    await this.panel.getByTestId('hold-product').fill(product);
    await this.panel.getByTestId('hold-lot').fill(lot);
    await this.panel.getByTestId('hold-reason').fill(reason);
    await this.panel.getByTestId('hold-place').click();
  }

  /** Release a held lot with a comment. */
  async release(lot: string, comment: string): Promise<void> {
    await this.row(lot).getByTestId('hold-comment').fill(comment);
    await this.row(lot).getByTestId('hold-release').click();
  }
}

export async function saveScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}
