import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import { screenshotDir } from './fixtures';

/** The lot view as a user sees it: locators in one place, user actions as methods. */
export class LotPage {
  readonly view: Locator;
  readonly title: Locator;
  readonly thumbnails: Locator;
  readonly stackedMap: Locator;
  readonly stackedTooltip: Locator;
  readonly measure: Locator;
  readonly test: Locator;
  readonly compare: Locator;
  readonly compareChanged: Locator;
  readonly zoneRows: Locator;

  constructor(readonly page: Page) {
    this.view = page.getByTestId('lot-view');
    this.title = page.getByTestId('lot-title');
    this.thumbnails = page.getByTestId('gallery-wafer');
    this.stackedMap = page.getByTestId('stacked-map');
    this.stackedTooltip = page.getByTestId('stacked-tooltip');
    this.measure = page.getByTestId('stacked-measure');
    this.test = page.getByTestId('stacked-test');
    this.compare = page.getByTestId('wafer-compare');
    this.compareChanged = page.getByTestId('compare-changed');
    this.zoneRows = page.getByTestId('zone-row');
  }

  /** Wait until the gallery shows its thumbnails. */
  async waitReady(): Promise<void> {
    await expect(this.view).toBeVisible();
    await expect(this.thumbnails.first()).toBeVisible({ timeout: 60_000 });
    await expect(this.page.getByTestId('wafer-gallery')).toHaveAttribute('data-classified', 'true', { timeout: 60_000 });
  }

  /** Switch to a tab: gallery, stacked, compare or zones. */
  async openTab(tab: 'gallery' | 'stacked' | 'compare' | 'zones'): Promise<void> {
    await this.page.getByTestId(`lot-tab-${tab}`).click();
  }

  /** The thumbnail of a wafer. */
  thumbnail(wafer: string): Locator {
    return this.page.locator(`[data-testid=gallery-wafer][data-wafer="${wafer}"]`);
  }

  /** Wafer ids in the order the gallery shows them. */
  async shownWafers(): Promise<string[]> {
    return this.thumbnails.evaluateAll((cards) => cards.map((card) => card.getAttribute('data-wafer') ?? ''));
  }

  /** Show only wafers of one signature class (click its filter chip). */
  async filterByClass(name: string): Promise<void> {
    await this.page.getByTestId(`class-${name}`).click();
  }

  /** Show every class again. */
  async clearFilter(): Promise<void> {
    await this.page.getByTestId('class-all').click();
  }

  /** Click a sort button (a second click flips the direction). */
  async sortBy(key: 'wafer' | 'yield' | 'signature'): Promise<void> {
    await this.page.getByTestId(`sort-${key}`).click();
  }

  /** Choose what the stacked map shows: failPercent, mean, median or sigma. */
  async chooseMeasure(kind: 'failPercent' | 'mean' | 'median' | 'sigma'): Promise<void> {
    await this.measure.selectOption(kind);
  }

  /** Hover the stacked map at a point given as fractions of its canvas. */
  async hoverStacked(fractionX: number, fractionY: number): Promise<void> {
    const canvas = this.stackedMap.locator('canvas');
    const box = await canvas.boundingBox();
    if (!box) throw new Error('stacked map canvas not visible');
    await canvas.hover({ position: { x: box.width * fractionX, y: box.height * fractionY } });
  }

  /** Save a screenshot for people to look at. */
  async screenshot(name: string): Promise<void> {
    mkdirSync(screenshotDir, { recursive: true });
    await this.page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
  }
}
