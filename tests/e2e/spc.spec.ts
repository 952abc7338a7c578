import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appUrl, test, expect } from './fixtures';
import { AlertBoardPage, HoldsPanelPage, SpcChartPage, saveScreenshot } from './spcPage';

/** The injected drift, read from the sample's ground truth (not from the app). */
const drift = (JSON.parse(readFileSync(join(process.cwd(), 'sample-data', 'fab', 'ground-truth.json'), 'utf8')) as {
  drifts: { product: string; test: number; from: string }[];
}).drifts[0]!;

// The sample fab loads on first start; on a busy 2-core machine that can take minutes.
test.setTimeout(900_000);
const appReadyTimeout = 300_000;

test('the injected drift raises alerts; a shift lead acknowledges one, it survives a reload, and its chart marks the violation', async ({ page, reopen }) => {
  await page.goto(appUrl);
  await expect(page.getByTestId('nav')).toBeVisible({ timeout: appReadyTimeout });
  const board = new AlertBoardPage(page);
  await board.open();
  expect(Number(await board.count.innerText())).toBeGreaterThan(0);

  // Episodes (issue #14): the tab counts open episodes, the rows shown 'not closed'; two are acknowledged in one action.
  await expect(board.episodeRows.first()).toBeVisible();
  expect(await board.episodeRows.count()).toBe(Number(await board.count.innerText()));
  const episodeIds = await board.acknowledgeEpisodes(2, 'Two episodes on one bad lot: probe card cleaned');
  expect(episodeIds).toHaveLength(2);
  for (const id of episodeIds) await expect(board.page.locator(`[data-testid=episode-row][data-episode-id="${id}"]`)).toHaveAttribute('data-state', 'acknowledged');
  await expect(board.summary).toContainText('2 acknowledged, 0 closed in this shift');
  await saveScreenshot(page, 'episode-board');

  // The chart filter narrows the episodes to one chart (the drifting test's): every row shown is that chart's.
  const chartFilter = page.getByTestId('filter-chart');
  const charts = await chartFilter.locator('option').evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value).filter(Boolean));
  const driftChart = charts.find((id) => id.includes(drift.product) && id.endsWith(`-${drift.test}`));
  expect(driftChart, `a chart filter entry for ${drift.product} test ${drift.test} among ${charts.join(', ')}`).toBeDefined();
  await chartFilter.selectOption(driftChart!);
  await expect(board.episodeRows.first()).toBeVisible();
  const filteredIds = await board.episodeRows.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-episode-id') ?? ''));
  expect(filteredIds.every((id) => id.startsWith(`${driftChart}|`)), filteredIds.join(', ')).toBe(true);
  await chartFilter.selectOption('');

  // Keyboard: k to the top, j one down, space selects that row, c picks the close action; space again unselects.
  await page.getByTestId('episode-table').focus();
  for (let step = 0; step < 12; step++) await page.keyboard.press('k');
  await expect(board.episodeRows.first()).toHaveClass(/cursor/);
  await page.keyboard.press('j');
  await expect(board.episodeRows.nth(1)).toHaveClass(/cursor/);
  await page.keyboard.press(' ');
  await expect(board.episodeRows.nth(1)).toHaveClass(/chosen/);
  await page.keyboard.press('c');
  await expect(page.getByTestId('episode-action')).toHaveValue('close');
  await page.keyboard.press(' ');
  await expect(board.episodeRows.nth(1)).not.toHaveClass(/chosen/);

  // Alerts on the drifting test's chart, raised on subgroups tested after the drift began.
  const driftRows = board.page.locator(`[data-testid=alert-row][data-definition-id*="${drift.product}"][data-definition-id$="-${drift.test}"]`);
  await expect(driftRows.first()).toBeVisible();
  const driftAlerts = await driftRows.evaluateAll((rows) => rows.map((row) => ({
    id: row.getAttribute('data-alert-id') ?? '', time: row.getAttribute('data-subgroup-time') ?? '', rule: row.getAttribute('data-rule') ?? '',
  })));
  const afterDrift = driftAlerts.filter((alert) => alert.time >= drift.from);
  expect(afterDrift.length, `alerts on ${drift.product} test ${drift.test}: ${JSON.stringify(driftAlerts.slice(0, 5))}`).toBeGreaterThan(0);
  const chosen = afterDrift[0]!;

  const comment = 'Vth drift seen on ORION, probe card checked, engineering informed';
  await board.acknowledge(chosen.id, comment);
  await expect(board.row(chosen.id)).toHaveAttribute('data-state', 'acknowledged');
  await expect(board.timeline).toContainText(comment);
  await saveScreenshot(page, 'alert-board');

  // Reload: the audit log in the workspace still says acknowledged, with the comment in the timeline.
  const reloaded = await reopen();
  await expect(reloaded.getByTestId('nav')).toBeVisible({ timeout: appReadyTimeout });
  const again = new AlertBoardPage(reloaded);
  await again.open();
  await expect(again.row(chosen.id)).toHaveAttribute('data-state', 'acknowledged');
  await again.row(chosen.id).click();
  await expect(again.timeline.getByTestId('timeline-event')).toHaveCount(2);
  await expect(again.timeline.locator('[data-type=acknowledged]')).toContainText(comment);
  await expect(again.timeline.locator('[data-type=raised]')).toBeVisible();
  await saveScreenshot(reloaded, 'alert-timeline');

  // From the alert to the excursion behind it: the explain view of its wafer, then back to the board.
  await reloaded.getByTestId('detail-explain').click();
  await expect(reloaded).toHaveURL(/#\/explain\/[^/]+\/[^/]+$/);
  await expect(reloaded.getByTestId('explain-view')).toBeVisible();
  await expect(reloaded.getByTestId('explain-title')).not.toHaveText('');
  await reloaded.goBack();
  await expect(again.row(chosen.id)).toBeVisible();

  // Open the chart from the alert: the violating point is highlighted and marked.
  await again.openChart(chosen.id);
  const chart = new SpcChartPage(reloaded);
  await expect(chart.chart).toBeVisible({ timeout: 60_000 });
  const highlighted = Number(await chart.chart.getAttribute('data-highlighted-point'));
  expect(reloaded.url()).toContain(`point=${highlighted}`);
  expect(await chart.violationIndices()).toContain(highlighted);
  // The chart list shows the opened chart, wherever it sits in the list.
  await expect(reloaded.locator('[data-testid=definition-item].active')).toBeInViewport();
  await expect(reloaded.getByTestId('highlight-note')).toContainText(chosen.rule);
  await expect(chart.capability.getByTestId('capability-indices')).toBeVisible();
  await reloaded.waitForTimeout(300);
  await saveScreenshot(reloaded, 'spc-chart');

  // A definitions file that is not valid is refused with a message naming the file.
  await reloaded.getByTestId('import-definitions-file').setInputFiles({ name: 'broken-definitions.json', mimeType: 'application/json', buffer: Buffer.from('[{"id": 5}]') });
  await expect(reloaded.getByTestId('import-definitions-message')).toContainText('broken-definitions.json was not imported');

  // Vietnamese labels on the same screen.
  await reloaded.getByTestId('language').selectOption('vi');
  await expect(chart.view.getByRole('heading', { name: 'Biểu đồ kiểm soát' })).toBeVisible();
  await expect(chart.capability.getByRole('heading', { name: 'Năng lực quá trình' })).toBeVisible();
  await expect(reloaded.getByTestId('definition-editor')).toContainText('Quy tắc chạy');
  // The refused definitions file names its problems in Vietnamese too, not in the validator's English (issue #13 §5).
  await reloaded.getByTestId('import-definitions-file').setInputFiles({ name: 'broken-definitions.json', mimeType: 'application/json', buffer: Buffer.from('[{"id": 5}]') });
  await expect(reloaded.getByTestId('import-definitions-message')).toContainText('định nghĩa #1, trường id: cần một chuỗi văn bản');
  await expect(reloaded.getByTestId('import-definitions-message')).not.toContainText(/Invalid|expected/);
  await saveScreenshot(reloaded, 'spc-chart-vi');
  await reloaded.getByTestId('tab-alerts').click();
  await expect(reloaded.getByTestId('episode-table')).toContainText('Đợt cảnh báo');
  await saveScreenshot(reloaded, 'episode-board-vi');

  // Holds (issue #14 §3): a lot held by hand with its reason and who, refused twice, released with a comment; in both languages.
  const holds = new HoldsPanelPage(reloaded);
  await reloaded.getByTestId('user-name').fill('Lan');
  await holds.place('ORION', 'OR26004', 'Viền wafer bất thường');
  await expect(holds.row('OR26004')).toHaveAttribute('data-state', 'on-hold');
  await expect(holds.row('OR26004')).toContainText('Đang giữ');
  await expect(holds.row('OR26004')).toContainText('Lan');
  await holds.place('ORION', 'OR26004', 'again');
  await expect(holds.panel.getByTestId('hold-error')).toContainText('Lô OR26004 (ORION) đã đang bị giữ: Viền wafer bất thường');
  await holds.panel.scrollIntoViewIfNeeded();
  await saveScreenshot(reloaded, 'holds-vi');
  // The shift summary lists the hold with its reason and who (issue #14 §4).
  await expect(reloaded.getByTestId('summary-holds-placed')).toContainText('OR26004 (ORION) · Viền wafer bất thường · Lan');
  await reloaded.getByTestId('shift-summary').scrollIntoViewIfNeeded();
  // Each import's status in the summary is in Vietnamese too, not the manifest's 'ok' (issue #13 §5).
  await expect(reloaded.getByTestId('summary-imports')).toContainText('dòng · tốt');
  await expect(reloaded.getByTestId('summary-imports')).not.toContainText(' · ok');
  await saveScreenshot(reloaded, 'shift-summary-holds-vi');
  await reloaded.getByTestId('language').selectOption('en');
  await expect(holds.panel.getByRole('heading', { name: 'Lots on hold' })).toBeVisible();
  await holds.release('OR26004', 'Edge ring explained by the chamber clean; lot may go on');
  await expect(holds.row('OR26004')).toHaveAttribute('data-state', 'released');
  await expect(holds.row('OR26004')).toContainText('Edge ring explained by the chamber clean');
  await saveScreenshot(reloaded, 'holds-en');
  await expect(reloaded.getByTestId('summary-holds-released')).toContainText('OR26004 (ORION) · Viền wafer bất thường · Lan');
  await expect(reloaded.getByTestId('summary-holds-released')).toContainText('Edge ring explained by the chamber clean');
  await reloaded.getByTestId('shift-summary').scrollIntoViewIfNeeded();
  await saveScreenshot(reloaded, 'shift-summary-holds-en');
  // The release is in the workspace: it survives a reload.
  const afterRelease = await reopen();
  await expect(afterRelease.getByTestId('nav')).toBeVisible({ timeout: appReadyTimeout });
  await afterRelease.getByTestId('tab-alerts').click();
  await expect(new HoldsPanelPage(afterRelease).row('OR26004')).toHaveAttribute('data-state', 'released', { timeout: appReadyTimeout });

  // Chart management (issue #14 §3): a hard-bin chart made in the app opens with the bin's share per wafer; deleted in two steps.
  await afterRelease.getByTestId('tab-spc').click();
  await afterRelease.getByTestId('new-chart').click();
  await afterRelease.getByTestId('new-chart-product').selectOption('ORION');
  await afterRelease.getByTestId('new-chart-kind').selectOption('bin');
  await afterRelease.getByTestId('new-chart-number').fill('4');
  await afterRelease.getByTestId('new-chart-create').click();
  const binItem = afterRelease.locator('[data-testid=definition-item][data-chart-id="bin-p-ORION-hard-4"]');
  await expect(binItem).toBeVisible();
  await expect(afterRelease.getByTestId('definition-editor').getByTestId('editor-name')).toHaveValue('ORION hard bin 4');
  await saveScreenshot(afterRelease, 'spc-new-chart-en');
  await afterRelease.getByTestId('language').selectOption('vi');
  await afterRelease.getByTestId('editor-delete').click();
  await expect(afterRelease.getByTestId('editor-delete-confirm')).toHaveText('Xác nhận xóa');
  await saveScreenshot(afterRelease, 'spc-delete-chart-vi');
  await afterRelease.getByTestId('editor-delete-confirm').click();
  await expect(binItem).toHaveCount(0);
});
