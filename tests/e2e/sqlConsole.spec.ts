import { test, expect } from './fixtures';
import { sampleFigures } from '../support/sampleTruth';
import { SqlConsolePage } from './sqlConsolePage';

test('sql console: lot yields match the sample CSVs, reading /etc/passwd is refused, in both languages', async ({ page }) => {
  test.setTimeout(720_000);
  const truth = sampleFigures();
  const console = new SqlConsolePage(page);
  await console.openApp();
  await console.open();
  await expect(console.schema).toContainText('final_results');

  await console.run('SELECT lot, count(*) AS dies, sum(pass::INTEGER)::BIGINT AS good FROM dies GROUP BY lot ORDER BY lot');
  const cells = await console.cells();
  expect(cells.map(([lot]) => lot)).toEqual([...truth.lotYield.keys()].sort());
  expect(cells.reduce((total, row) => total + Number(row[1]), 0)).toBe(truth.dies);
  expect(cells.reduce((total, row) => total + Number(row[2]), 0)).toBe(truth.good);
  for (const [lot, dies, good] of cells) expect(Number(good) / Number(dies)).toBeCloseTo(truth.lotYield.get(lot!)!, 12);
  await console.screenshot('sql-console-en');
  const csv = await console.exportCsv();
  expect(csv.split('\r\n')[0]).toBe('lot,dies,good');
  expect(csv.split('\r\n').filter((line) => line !== '')).toHaveLength(cells.length + 1);

  await console.save('lot yield');
  await page.getByTestId('tab-overview').click();
  await console.open();
  await expect(console.savedQueries()).toHaveText(['lot yield']);

  await console.runAndCancel('WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t) SELECT count(*) FROM t');
  await expect(console.error).toHaveText('The query was cancelled.');

  await console.run("SELECT * FROM read_csv('/etc/passwd')");
  await expect(console.error).toContainText('Refused: read_csv can read files or URLs outside the workspace');

  await console.language.selectOption('vi');
  await expect(console.error).toContainText('Bị từ chối: read_csv');
  await console.screenshot('sql-console-vi');
  await console.language.selectOption('en');
});
