import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import { appUrl, screenshotDir } from './fixtures';

/** A column of the DPAT limits table. */
export type LimitColumn = 'mean' | 'sigma' | 'lo' | 'hi' | 'n';

/** The UI languages, whose digits a cell is written in. */
export type ShownLanguage = 'en' | 'vi';

/**
 * A number as the UI writes it (shared/util/format.ts through Intl), back to a number: English groups with
 * ',' and marks decimals with '.' ("12,345.6"), Vietnamese the other way round ("12.345,6"); a minus may be
 * U+2212. Anything else (the missing mark '—', an empty cell, a stray letter) is NaN, so an assertion on it fails.
 */
export function parseShownNumber(text: string, language: ShownLanguage): number {
  const [group, decimal] = language === 'vi' ? (['.', ','] as const) : ([',', '.'] as const);
  const plain = text.trim().replace(/\u2212/g, '-').split(group).join('').replace(decimal, '.');
  return /^-?\d+(\.\d+)?(e-?\d+)?$/i.test(plain) ? Number(plain) : Number.NaN;
}

/** The screening panel of a lot: locators in one place, a user's actions as methods. */
export class ScreeningPage {
  readonly view: Locator;
  readonly summary: Locator;
  readonly rules: Locator;
  readonly limits: Locator;
  readonly whatIf: Locator;

  constructor(readonly page: Page) {
    this.view = page.getByTestId('screening-view');
    this.summary = page.getByTestId('screening-summary');
    this.rules = page.getByTestId('screening-rules');
    this.limits = page.getByTestId('screening-limits');
    this.whatIf = page.getByTestId('whatif-panel');
  }

  /** Open a lot by URL, then its screening panel from the lot view's button; wait for the result. */
  async openFromLot(lot: string): Promise<void> {
    await this.page.goto(`${appUrl}#/lot/${encodeURIComponent(lot)}`);
    await this.page.getByTestId('lot-screening').click();
    await expect(this.page).toHaveURL(new RegExp(`#/screening/${encodeURIComponent(lot)}$`));
    await expect(this.summary).toBeVisible({ timeout: 120_000 });
  }

  /** Dies a rule rejects, as the rules table shows them. */
  async rejectedBy(rule: string): Promise<number> {
    return Number((await this.rules.locator(`tr[data-rule="${rule}"] td.num`).innerText()).replace(/[^0-9]/g, ''));
  }

  /** A limits cell of one test (by key; on the sample every number is one test, key = number; lot scope) as the page shows it. */
  async limitText(testKey: number, column: LimitColumn): Promise<string> {
    return (await this.limits.locator(`tr[data-test-key="${testKey}"][data-wafer=""] td[data-col="${column}"]`).innerText()).trim();
  }

  /** A limits cell parsed back to a number from the digits of the language shown (NaN when it is not a number). */
  async limit(testKey: number, column: LimitColumn, language: ShownLanguage = 'en'): Promise<number> {
    return parseShownNumber(await this.limitText(testKey, column), language);
  }

  /** Evaluate new limits of a test (its key: the options' values) in the what-if panel. */
  async evaluate(testKey: number, lo: number, hi: number): Promise<void> {
    await this.page.getByTestId('whatif-test').selectOption(String(testKey));
    await this.page.getByTestId('whatif-lo').fill(String(lo));
    await this.page.getByTestId('whatif-hi').fill(String(hi));
    await this.page.getByTestId('whatif-evaluate').click();
    await expect(this.page.getByTestId('whatif-pass-to-fail')).toBeVisible();
  }

  /** Open a wafer by URL and export its map with screened dies marked; returns the downloaded file's path. */
  async exportMap(lot: string, wafer: string, format: 'e142' | 'sinf' | 'tsk'): Promise<string> {
    await this.page.goto(`${appUrl}#/wafer/${encodeURIComponent(lot)}/${encodeURIComponent(wafer)}`);
    await this.page.getByTestId('map-export-format').selectOption(format);
    await expect(this.page.getByTestId('map-export-screened')).toBeChecked();
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.page.getByTestId('map-export').click()]);
    await expect(this.page.getByTestId('map-export-message')).toBeVisible();
    return download.path();
  }

  /** Save a full-page screenshot for people to look at. */
  async screenshot(name: string): Promise<void> {
    mkdirSync(screenshotDir, { recursive: true });
    await this.page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
  }
}
