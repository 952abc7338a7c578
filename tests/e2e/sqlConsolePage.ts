import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import { appUrl, screenshotDir } from './fixtures';

/** The SQL console as a user sees it: locators in one place, user actions as methods. */
export class SqlConsolePage {
  readonly tab: Locator;
  readonly view: Locator;
  readonly editor: Locator;
  readonly runButton: Locator;
  readonly error: Locator;
  readonly status: Locator;
  readonly grid: Locator;
  readonly schema: Locator;
  readonly language: Locator;

  constructor(readonly page: Page) {
    this.tab = page.getByTestId('tab-sql');
    this.view = page.getByTestId('sql-console');
    this.editor = page.getByTestId('sql-editor');
    this.runButton = page.getByTestId('sql-run');
    this.error = page.getByTestId('sql-error');
    this.status = page.getByTestId('sql-status');
    this.grid = page.getByTestId('sql-grid');
    this.schema = page.getByTestId('sql-schema');
    this.language = page.getByTestId('language');
  }

  /** Open the app and wait for the sample fab to load (slow when the machine is shared). */
  async openApp(): Promise<void> {
    await this.page.goto(appUrl);
    await expect(this.page.getByTestId('kpi-tiles')).toBeVisible({ timeout: 480_000 });
  }

  async open(): Promise<void> {
    await this.tab.click();
    await expect(this.view).toBeVisible();
  }

  /** Type a query and run it with Ctrl+Enter. */
  async run(sql: string): Promise<void> {
    await this.editor.fill(sql);
    await this.editor.press('Control+Enter');
    await expect(this.status.or(this.error)).toBeVisible({ timeout: 60_000 });
  }

  /** The grid's cells, row by row (header excluded). */
  async cells(): Promise<string[][]> {
    return this.grid.locator('tbody tr[data-testid="sql-row"]').evaluateAll((rows) =>
      rows.map((row) => [...row.querySelectorAll('td')].slice(1).map((cell) => cell.textContent ?? '')));
  }

  /** Save the editor's query under a name. */
  async save(name: string): Promise<void> {
    await this.page.getByTestId('sql-save-name').fill(name);
    await this.page.getByTestId('sql-save').click();
  }

  /** Names of the saved queries shown. */
  savedQueries(): Locator {
    return this.page.getByTestId('sql-saved-query');
  }

  /** Start a query with the Run button and cancel it while it runs. */
  async runAndCancel(sql: string): Promise<void> {
    await this.editor.fill(sql);
    await this.runButton.click();
    await expect(this.page.getByTestId('sql-running')).toBeVisible();
    await this.page.getByTestId('sql-cancel').click();
  }

  /** Export the result as CSV and return the downloaded text. */
  async exportCsv(): Promise<string> {
    const download = this.page.waitForEvent('download');
    await this.page.getByTestId('sql-export-csv').click();
    const stream = await (await download).createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  async screenshot(name: string): Promise<void> {
    mkdirSync(screenshotDir, { recursive: true });
    await this.page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
  }
}
