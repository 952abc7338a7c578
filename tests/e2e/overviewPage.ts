import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import { appUrl, screenshotDir } from './fixtures';

/** The yield overview as a user sees it: locators in one place, user actions as methods. */
export class OverviewPage {
  readonly status: Locator;
  readonly lots: Locator;
  readonly wafers: Locator;
  readonly dies: Locator;
  readonly lotRows: Locator;
  readonly importLog: Locator;
  readonly importProgress: Locator;
  readonly language: Locator;
  readonly lotWafers: Locator;

  constructor(readonly page: Page) {
    this.status = page.getByTestId('status');
    this.lots = page.getByTestId('kpi-lots').locator('.value');
    this.wafers = page.getByTestId('kpi-wafers').locator('.value');
    this.dies = page.getByTestId('kpi-dies').locator('.value');
    this.lotRows = page.getByTestId('lot-row');
    this.importLog = page.getByTestId('import-log');
    this.importProgress = page.getByTestId('import-progress');
    this.language = page.getByTestId('language');
    this.lotWafers = page.getByTestId('lot-wafers');
  }

  /** Open the app and wait until the overview shows figures (the sample loads on first start). */
  async open(): Promise<void> {
    await this.page.goto(appUrl);
    await this.waitReady();
  }

  /** Wait for the overview and its KPI figures. */
  async waitReady(): Promise<void> {
    await expect(this.page.getByTestId('kpi-tiles')).toBeVisible({ timeout: 170_000 });
    await expect(this.dies).not.toHaveText('…');
  }

  /** A number shown in a tile, parsed back from its English formatting. */
  async numberIn(locator: Locator): Promise<number> {
    return Number((await locator.innerText()).replace(/[^0-9.]/g, ''));
  }

  /** Import files through the Open dialog (a file chooser in the browser). */
  async importWithDialog(paths: string[]): Promise<void> {
    const chooser = this.page.waitForEvent('filechooser');
    await this.page.getByTestId('open-files').click();
    await (await chooser).setFiles(paths);
  }

  /** Drop files onto the window as a user dragging them from the desktop would. */
  async dropFiles(files: { name: string; content: string }[]): Promise<void> {
    const dataTransfer = await this.page.evaluateHandle((entries) => {
      const transfer = new DataTransfer();
      for (const entry of entries) transfer.items.add(new File([entry.content], entry.name, { type: 'text/csv' }));
      return transfer;
    }, files);
    await this.page.locator('.app').dispatchEvent('dragover', { dataTransfer });
    await this.page.locator('.app').dispatchEvent('drop', { dataTransfer });
  }

  /** Drop binary files (a folder's contents, flattened as a folder drop gives them) onto the window. */
  async dropBinaryFiles(files: { name: string; bytes: Buffer }[]): Promise<void> {
    const dataTransfer = await this.page.evaluateHandle((entries) => {
      const transfer = new DataTransfer();
      for (const entry of entries) transfer.items.add(new File([Uint8Array.from(atob(entry.base64), (char) => char.charCodeAt(0))], entry.name));
      return transfer;
    }, files.map((file) => ({ name: file.name, base64: file.bytes.toString('base64') })));
    await this.page.locator('.app').dispatchEvent('dragover', { dataTransfer });
    await this.page.locator('.app').dispatchEvent('drop', { dataTransfer });
  }

  /** The lot table row of a lot. */
  lotRow(lot: string): Locator {
    return this.page.locator(`[data-testid=lot-row][data-lot="${lot}"]`);
  }

  /** Type into the lot filter. */
  async filterLots(text: string): Promise<void> {
    await this.page.getByTestId('lot-filter').fill(text);
  }

  /** Save a screenshot for people to look at. */
  async screenshot(name: string): Promise<void> {
    mkdirSync(screenshotDir, { recursive: true });
    await this.page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
  }
}
