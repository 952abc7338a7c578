/**
 * `yield-monitor import FILE --workspace W` takes wafer maps and KLARF files by content (issue #16 §4):
 * the bins land in map_dies (not in dies: yields keep counting test data only), defects in defects;
 * `yield-monitor defects killratio` gives the kill ratio per defect class.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { nodeParquetCodec } from '../../node/engine/parquetCodec.ts';
import { killRatioByClass, readKlarf } from '../../shared/wafermap/klarfFormat.ts';

const corpus = resolve('../shared/corpus');
interface ManifestEntry { sourceFile: string; format: string; status: string; rows: number; files: Record<string, string> }

describe('yield-monitor import with wafer maps and KLARF files', () => {
  it('imports a SINF map and a KLARF file by content and refuses a damaged VERSID map naming file and line', () => {
    const folder = mkdtempSync(join(tmpdir(), 'ym-map-cli-'));
    const sinf = join(corpus, 'wafermap', 'kclung99__S67608-01-A7.inf');
    const klarf = join(corpus, 'klarf', 'MichaelHotaling__CPS3TwithoutReview.001');
    const damaged = join(folder, 'wafer.map');
    writeFileSync(damaged, readFileSync(join(corpus, 'wafermap', 'kclung99__WMAP_1HQ2WM40.01_Q2WM40-01F4_YY'), 'latin1').replace(/^SUMPAS 10966/m, 'SUMPAS 10965'), 'latin1');
    const result = spawnSync(process.execPath, ['cli/bin.mjs', 'import', sinf, klarf, damaged, '--workspace', join(folder, 'ws')], { encoding: 'utf8' });
    expect(result.stdout).toMatch(/S67608-01-A7\.inf: sinf wafer map, 1 wafer\(s\), 5636 map dies \(lot S67608\) imported/);
    expect(result.stdout).toMatch(/CPS3TwithoutReview\.001: KLARF 1\.1, 1 wafer\(s\), 16 defects \(lot HJU008\) imported/);
    expect(result.stderr).toMatch(/wafer\.map:\d+: SUMPAS says 10965 passing dies, the map holds 10966/);
    expect(result.status).toBe(1);
    const truth = JSON.parse(readFileSync(`${sinf}.truth.json`, 'utf8')) as { code_counts: Record<string, number> };
    const manifest = JSON.parse(readFileSync(join(folder, 'ws', 'manifest.json'), 'utf8')) as { imports: ManifestEntry[] };
    expect(manifest.imports.map((entry) => [entry.format, entry.status, entry.rows])).toEqual([['wafer-map', 'ok', 5636], ['klarf', 'ok', 16], ['wafer-map', 'rejected', 0]]);
    const map = tableFromIPC(nodeParquetCodec.decode(new Uint8Array(readFileSync(join(folder, 'ws', manifest.imports[0]!.files.map_dies!)))));
    const counts: Record<string, number> = {};
    for (const row of map.toArray()) {
      const code = Number(row.bin).toString(16).toUpperCase().padStart(2, '0');
      counts[code] = (counts[code] ?? 0) + 1;
    }
    expect(counts).toEqual(Object.fromEntries(Object.entries(truth.code_counts).filter(([code]) => code !== '__')));
    expect(Object.keys(manifest.imports[0]!.files)).toEqual(['map_dies']);
  }, 120_000);

  it('defects killratio prints the kill ratio per class that the pure computation gives over the same dies', () => {
    const folder = mkdtempSync(join(tmpdir(), 'ym-killratio-cli-'));
    const name = 'TofuSnacks__ASE_091SEW_06_04182019_081322.kla';
    const klarf = readKlarf(readFileSync(join(corpus, 'klarf', name), 'utf8'), name);
    const defects = klarf.wafers.flatMap((wafer) => wafer.defects.map((defect) => ({ wafer: wafer.waferId, x: defect.x, y: defect.y, className: defect.className })));
    const hit = new Set(defects.map((defect) => `${defect.x}/${defect.y}`));
    const dies: { wafer: string; x: number; y: number; pass: boolean }[] = [];
    const xs = defects.map((defect) => defect.x);
    const ys = defects.map((defect) => defect.y);
    for (let x = Math.min(...xs); x <= Math.max(...xs); x++) {
      for (let y = Math.min(...ys); y <= Math.max(...ys); y++) dies.push({ wafer: klarf.wafers[0]!.waferId, x, y, pass: hit.has(`${x}/${y}`) ? (x + 2 * y) % 3 !== 0 : (x * 3 + y) % 11 !== 0 });
    }
    const csv = join(folder, 'dies.csv');
    writeFileSync(csv, `lot,wafer,x,y,hard_bin\n${dies.map((die) => `${klarf.lotId},${die.wafer},${die.x},${die.y},${die.pass ? 1 : 7}`).join('\n')}\n`);
    const workspace = join(folder, 'ws');
    expect(spawnSync(process.execPath, ['cli/bin.mjs', 'import', csv, join(corpus, 'klarf', name), '--workspace', workspace], { encoding: 'utf8' }).status).toBe(0);
    const result = spawnSync(process.execPath, ['cli/bin.mjs', 'defects', 'killratio', '--workspace', workspace, '--lot', klarf.lotId, '--json'], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    const printed = JSON.parse(result.stdout) as { classes: { className: string; diesWithDefect: number; killRatio: number }[] };
    const expected = killRatioByClass(dies, defects);
    expect(expected.length).toBeGreaterThan(1);
    expect(printed.classes.map((entry) => [entry.className, entry.diesWithDefect, entry.killRatio.toFixed(12)]).sort())
      .toEqual(expected.map((entry) => [entry.className, entry.diesWithDefect, entry.killRatio.toFixed(12)]).sort());
  }, 120_000);
});
