/**
 * Notifications of new SPC episodes (issue #14 §3) through the browser's Notification API, as the
 * served mode and the browser build raise them. The API itself is replaced by a recorder at the
 * browser boundary (Chromium shows no notifications headless); everything behind it is the app's.
 */
import { appUrl, test, expect } from './fixtures';
import { AlertBoardPage } from './spcPage';

test.setTimeout(900_000);

// The sample's open episodes are all critical, so 'off' is the level that must stay silent.
const levels = [
  { level: 'info', ranks: ['info', 'warning', 'critical'] },
  { level: 'off', ranks: [] },
] as const;

for (const { level, ranks } of levels) test(`at notify level ${level}, evaluations of the sample notify their new episodes of that severity or worse, naming a chart on the board`, async ({ context, page }) => {
  await context.addInitScript((chosen: string) => {
    const recorded: { title: string; body: string }[] = [];
    (window as unknown as { recordedNotifications: typeof recorded }).recordedNotifications = recorded;
    class RecordingNotification {
      static permission = 'granted';
      static requestPermission(): Promise<string> {
        return Promise.resolve('granted');
      }
      constructor(title: string, options?: { body?: string }) {
        recorded.push({ title, body: options?.body ?? '' });
      }
    }
    (window as unknown as { Notification: unknown }).Notification = RecordingNotification;
    if (localStorage.getItem('yield-monitor.alert-notify-level') === null) localStorage.setItem('yield-monitor.alert-notify-level', chosen);
  }, level);
  await page.goto(appUrl);
  await expect(page.getByTestId('nav')).toBeVisible({ timeout: 300_000 });
  const recorded = () => page.evaluate(() => (window as unknown as { recordedNotifications: { title: string; body: string }[] }).recordedNotifications);
  if (level === 'info') await expect.poll(async () => (await recorded()).length, { timeout: 300_000 }).toBeGreaterThan(0);

  const board = new AlertBoardPage(page);
  await board.open();
  await expect(board.episodeRows.first()).toBeVisible();
  // The open episodes at the chosen severity or worse, as the board marks them.
  const expected = async (): Promise<number> => (await board.episodeRows.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-severity') ?? '')))
    .filter((severity) => (ranks as readonly string[]).includes(severity)).length;
  const announcedTotal = async (): Promise<number> => (await recorded())
    .map((note) => (note.title === 'New SPC episode' ? 1 : Number(/^(\d+) new SPC episodes$/.exec(note.title)?.[1] ?? Number.NaN)))
    .reduce((sum, count) => sum + count, 0);
  // Each evaluation notifies the episodes it raised at the level or worse; together (once the evaluations
  // settle) they are those the board shows open. A title that is not "N new SPC episodes" makes the sum NaN.
  await expect.poll(async () => (await announcedTotal()) - (await expected()), { timeout: 120_000 }).toBe(0);
  const open = Number(await board.count.innerText());
  const chartNames = await board.episodeRows.evaluateAll((rows) => rows.map((row) => row.querySelectorAll('td')[6]?.textContent ?? ''));
  const notifications = await recorded();
  console.log(`notifications: ${notifications.map((note) => `"${note.title}" / "${note.body}"`).join('; ')}; board: ${open} open episodes`);
  expect(open).toBeGreaterThan(0);
  if (level === 'info') expect(await expected()).toBe(open);
  if (level === 'off') expect(notifications).toEqual([]);
  for (const note of notifications) {
    expect(chartNames.some((name) => name.length > 0 && note.body.includes(name)), `${note.body} names one of ${chartNames.join(' | ')}`).toBe(true);
  }
});
