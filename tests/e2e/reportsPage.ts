import { join } from 'node:path';
import type { Download, FrameLocator, Locator, Page } from '@playwright/test';
import { appUrl, screenshotDir } from './fixtures';

/** The reports view as a user sees it: locators in one place, user actions as methods. */
export class ReportsPage {
  readonly tab: Locator;
  readonly view: Locator;
  readonly template: Locator;
  readonly from: Locator;
  readonly to: Locator;
  readonly generateButton: Locator;
  readonly preview: FrameLocator;
  readonly previewFrame: Locator;
  readonly exportXlsxButton: Locator;
  readonly exportCsvButton: Locator;
  readonly exportPngButton: Locator;

  constructor(readonly page: Page) {
    this.tab = page.getByTestId('tab-reports');
    this.view = page.getByTestId('reports-view');
    this.template = page.getByTestId('report-template');
    this.from = page.getByTestId('report-from');
    this.to = page.getByTestId('report-to');
    this.generateButton = page.getByTestId('report-generate');
    this.previewFrame = page.getByTestId('report-preview');
    this.preview = page.frameLocator('[data-testid="report-preview"]');
    this.exportXlsxButton = page.getByTestId('report-export-xlsx');
    this.exportCsvButton = page.getByTestId('report-export-csv');
    this.exportPngButton = page.getByTestId('report-export-png');
  }

  /**
   * Start the app (the sample fab loads on a fresh profile) and open the reports tab from the
   * navigation bar, which appears once the workspace is ready. Generous wait: on a shared 2-core CI
   * machine the first sample load has taken over three minutes.
   */
  async open(): Promise<void> {
    await this.page.goto(appUrl);
    await this.tab.waitFor({ timeout: 420_000 });
    await this.tab.click();
    await this.view.waitFor();
  }

  /** Fill in the weekly report's period and generate it. */
  async generateWeekly(from: string, to: string): Promise<void> {
    await this.template.selectOption('weekly');
    await this.from.fill(from);
    await this.to.fill(to);
    await this.generateButton.click();
  }

  /** The text of a KPI tile in the preview (its value line). */
  kpiValue(name: string): Locator {
    return this.preview.locator(`[data-kpi="${name}"] .kpi-value`);
  }

  /** Click an export button and return the browser download it triggers. */
  async download(button: Locator): Promise<Download> {
    const download = this.page.waitForEvent('download');
    await button.click();
    return download;
  }

  /** Save a screenshot of the whole window for people to look at. */
  async screenshot(name: string): Promise<void> {
    await this.page.screenshot({ path: join(screenshotDir, `${name}.png`) });
  }
}
