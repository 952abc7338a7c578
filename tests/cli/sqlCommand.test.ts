import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { sampleFigures } from '../support/sampleTruth.ts';
import { sampleWorkspaceDir } from '../support/sampleWorkspace.ts';

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['cli/bin.mjs', 'sql', ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('yield-monitor sql (issue #12 §4)', () => {
  let workspace: string;
  beforeAll(() => {
    workspace = sampleWorkspaceDir();
  }, 240_000);

  it('--json prints one array of row objects whose numbers match the sample CSVs', () => {
    const truth = sampleFigures();
    const result = cli('--workspace', workspace, '--json', 'SELECT lot, count(*) AS dies, sum(pass::INTEGER)::BIGINT AS good, avg(pass::INTEGER) AS yield FROM dies GROUP BY lot ORDER BY lot');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const rows = JSON.parse(result.stdout) as { lot: string; dies: number; good: number; yield: number }[];
    expect(rows.map((row) => row.lot)).toEqual([...truth.lotYield.keys()].sort());
    expect(rows.reduce((total, row) => total + row.dies, 0)).toBe(truth.dies);
    expect(rows.reduce((total, row) => total + row.good, 0)).toBe(truth.good);
    for (const row of rows) {
      expect(typeof row.dies).toBe('number');
      expect(row.yield).toBeCloseTo(truth.lotYield.get(row.lot)!, 12);
    }
  });

  it('--csv prints a header and RFC 4180 quoting; the default is a text table', () => {
    const csv = cli('--workspace', workspace, '--csv', `SELECT 'a,"b"' AS s, 1 AS n, NULL AS z UNION ALL SELECT 'line
break', 2, 'x' ORDER BY n`);
    expect(csv.status).toBe(0);
    expect(csv.stdout).toBe('s,n,z\r\n"a,""b""",1,\r\n"line\nbreak",2,x\r\n');
    const table = cli('--workspace', workspace, 'SELECT count(*) AS lots FROM lots');
    expect(table.stdout).toBe(`lots\n----\n${sampleFigures().lots}${' '.repeat(4 - String(sampleFigures().lots).length)}\n(1 row)\n`.replace(/ +\n/g, '\n'));
  });

  it('refuses reading files and stops a query at --timeout, with exit status 1', () => {
    const refused = cli('--workspace', workspace, "SELECT * FROM read_csv('/etc/passwd')");
    expect(refused.status).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/^refused: read_csv\(\) is not allowed here/);
    const endless = cli('--workspace', workspace, '--timeout', '1', 'WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t) SELECT count(*) FROM t');
    expect(endless.status).toBe(1);
    expect(endless.stderr).toBe('refused: the query timed out after 1 s and was stopped\n');
    expect(cli('--workspace', workspace).status).toBe(2);
  });
});
