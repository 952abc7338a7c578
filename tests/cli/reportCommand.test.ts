import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../cli/commands/report.ts';
import { chromiumPath } from '../../cli/reportPdf.ts';
import { copySampleWorkspace } from '../support/sampleWorkspace.ts';
import { diesInPeriod, figuresOf, sampleFinalDies } from '../support/sampleTruth.ts';

const folders: string[] = [];
afterAll(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

describe('yield-monitor report', () => {
  it('refuses a period whose end is before its start, with the usage', async () => {
    expect(await run(['--workspace', tmpdir(), '--from', '2026-10-18', '--to', '2026-10-05', '--format', 'pdf', '--out', join(tmpdir(), 'never.pdf')])).toBe(2);
  });

  it('prints the weekly report to a PDF whose pages hold the KPIs of an independent count', async () => {
    if (!existsSync(chromiumPath())) {
      console.log(`skipped the PDF check: no Chromium at ${chromiumPath()} (install Debian's chromium or set CHROMIUM_PATH)`);
      return;
    }
    const workspace = copySampleWorkspace();
    const out = mkdtempSync(join(tmpdir(), 'ym-report-'));
    folders.push(workspace, out);
    const pdf = join(out, 'weekly.pdf');
    const status = await run(['--workspace', workspace, '--from', '2026-10-05', '--to', '2026-10-18', '--product', 'ORION', '--format', 'pdf', '--out', pdf]);
    expect(status).toBe(0);
    const truth = figuresOf(diesInPeriod(sampleFinalDies(), '2026-10-05', '2026-10-18', ['ORION']));

    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    expect(info).toMatch(/Pages:\s+4\n/);
    expect(info).toMatch(/Page size:.*\(A4\)/);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    for (const title of ['Weekly yield report', 'Key figures', 'Yield trend', 'Bin Pareto (hard bins)', 'Stacked fail map', 'Worst wafers', 'SPC episodes', 'Top commonality findings']) {
      expect(text).toContain(title);
    }
    expect(text).toContain(truth.dies.toLocaleString('en-US'));
    expect(text).toContain(truth.wafers.toLocaleString('en-US'));
    expect(text).toContain(`${(truth.yield * 100).toFixed(1)}%`);
    expect(text).toContain(`${(truth.firstPassYield * 100).toFixed(1)}%`);

    const screenshots = join(process.cwd(), 'tests', 'screenshots');
    mkdirSync(screenshots, { recursive: true });
    execFileSync('pdftoppm', ['-png', '-r', '60', pdf, join(out, 'page')]);
    const pages = readdirSync(out).filter((name) => name.startsWith('page-') && name.endsWith('.png')).sort();
    expect(pages).toHaveLength(4);
    pages.forEach((name, index) => renameSync(join(out, name), join(screenshots, `report-page-${index + 1}.png`)));
  }, 300_000);
});
