/**
 * Wafer maps and KLARF defects into a workspace through the import orchestrator (issue #16 §4), on
 * native DuckDB: every corpus map file is recognised by content and its dies per wafer and bin equal
 * its truth file (or, where the truth holds only a checksum, what the file declares or a plain count
 * of its die lines); damaged files are refused naming file and line; KLARF defects land in `defects`
 * and the kill ratio from SQL equals the reader's pure computation.
 */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { openNodeEngine, workspaceOn, type NodeSqlEngine } from '../../../node/workspace/openWorkspace.ts';
import { nodeImportTarget } from '../../../node/import/fileImportSource.ts';
import { importFile, type ImportFileSource } from '../../../shared/import/importFile.ts';
import { killRatioSql } from '../../../shared/sql/mapImportSql.ts';
import { killRatioByClass, readKlarf } from '../../../shared/wafermap/klarfFormat.ts';

const mapCorpus = path.resolve('../shared/corpus/wafermap');
const klarfCorpus = path.resolve('../shared/corpus/klarf');

function bytesSource(name: string, bytes: Uint8Array): ImportFileSource {
  return { name, size: bytes.length, read: async (offset, length) => bytes.subarray(offset, offset + length) };
}

/** Expected dies per "wafer|bin" (bin as a decimal number), from a truth file or the file's own declarations. */
type Expected = Map<string, number>;

function add(expected: Expected, wafer: string, bin: number, count: number): void {
  if (count > 0) expected.set(`${wafer}|${bin}`, (expected.get(`${wafer}|${bin}`) ?? 0) + count);
}

async function expectedOf(name: string): Promise<{ expected: Expected; passing: number }> {
  const bytes = await readFile(path.join(mapCorpus, name));
  const truth = JSON.parse(await readFile(path.join(mapCorpus, `${name}.truth.json`), 'utf8')) as Record<string, unknown>;
  const expected: Expected = new Map();
  let passing = 0;
  const text = bytes.toString('latin1');
  if (name.endsWith('.zip')) {
    for (const wafer of truth.wafers as { header: Record<string, string>; char_counts: Record<string, number>; map_rows: number }[]) {
      if (wafer.map_rows === 0) continue;
      for (const [character, count] of Object.entries(wafer.char_counts)) if (/^[0-9A-Z]$/.test(character)) add(expected, wafer.header.WAFER_ID!, Number.parseInt(character, 36), count);
      passing += Number(wafer.header.TOTAL_PASS);
    }
    // DTEST's truth lists only its folder: count its one member's characters here.
    if (expected.size === 0) {
      for (const [member, data] of Object.entries(unzipSync(new Uint8Array(bytes)))) {
        const lines = new TextDecoder().decode(data).split(/\r?\n/);
        if (member.endsWith('/')) continue;
        const wafer = /WAFER_ID=(.*)/.exec(lines.join('\n'))![1]!.trim();
        for (const line of lines.filter((each) => /^[.#~0-9A-Z]+$/.test(each) && !each.includes('='))) for (const character of line) if (/[0-9A-Z]/.test(character)) add(expected, wafer, Number.parseInt(character, 36), 1);
        passing += Number(/TOTAL_PASS=(\d+)/.exec(lines.join('\n'))![1]);
      }
    }
  } else if (name.endsWith('.inf')) {
    const codes = truth.code_counts as Record<string, number>;
    for (const [code, count] of Object.entries(codes)) if (code !== '__') add(expected, (truth.header as Record<string, string>).WAFER!, Number.parseInt(code, 16), count);
    passing = (codes['01'] ?? 0) + (codes['02'] ?? 0);
  } else if (name.endsWith('.xml')) {
    const pairs = truth['BinCode_pair_counts(hex)'] as Record<string, number>;
    const nullBin = (truth.BinCodeMap_attrib as { NullBin: string }).NullBin;
    // Both wafers together: the truth counts pairs over the file.
    for (const [code, count] of Object.entries(pairs)) if (code !== nullBin) add(expected, '*', Number.parseInt(code, 16), count);
    const good = new Set((truth.BinDefinitions as { BinCode: string; BinQuality: string }[]).filter((definition) => definition.BinQuality === 'Pass').map((definition) => definition.BinCode));
    passing = [...good].reduce((sum, code) => sum + (pairs[code] ?? 0), 0);
  } else if (name === 'kclung99__FMYK0-0129A-02' || name === 'kclung99__FMYK0-01-map.txt') {
    // The TSK map's check is what its text rendering declares.
    const rendering = JSON.parse(await readFile(path.join(mapCorpus, 'kclung99__FMYK0-01-map.txt.truth.json'), 'utf8')) as { header: Record<string, string> };
    add(expected, '*', -1, Number(rendering.header['PDPW(TOTAL DIES)']));
    passing = Number.parseInt(rendering.header['GOOD DIES']!, 10);
  } else if (name.endsWith('.esc')) {
    for (const match of text.matchAll(/^X-?\d+Y-?\d+\t(\d+)\t/gm)) add(expected, '24', Number(match[1]), 1);
    passing = expected.get('24|1') ?? 0;
  } else if (name.endsWith('.002')) {
    const wafers = new Map([...text.matchAll(/^WAFERID\.(\d+)=(\S+)/gm)].map((match) => [match[1]!, match[2]!]));
    for (const match of text.matchAll(/^BIN_COUNT\.(\d+)\.(\d+)=(\d+)/gm)) add(expected, wafers.get(match[1]!)!, Number(match[2]), Number(match[3]));
    passing = [...text.matchAll(/^BIN_COUNT\.\d+\.01=(\d+)/gm)].reduce((sum, match) => sum + Number(match[1]), 0);
  } else if (name.includes('WMAP')) {
    const codes = [...text.matchAll(/^MAP\d+ (\S+)/gm)].flatMap((match) => match[1]!.match(/../g)!);
    add(expected, 'Q2WM40-01F4', 1, codes.filter((code) => code === '01').length);
    passing = Number(/^SUMPAS (\d+)/m.exec(text)![1]);
  }
  return { expected, passing };
}

let scratch = '';
let engine: NodeSqlEngine | null = null;
afterEach(async () => {
  engine?.close();
  engine = null;
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

async function openScratch() {
  scratch = await mkdtemp(path.join(tmpdir(), 'ym-map-import-'));
  engine = await openNodeEngine('native');
  const workspace = workspaceOn(engine, scratch);
  await workspace.open();
  return { engine, workspace, target: nodeImportTarget(engine, workspace) };
}

describe('wafer maps and KLARF defects into the workspace (issue #16 §4)', () => {
  it('imports every corpus wafer-map file by content; dies per wafer and bin equal its truth', async () => {
    const { engine, workspace, target } = await openScratch();
    const names = (await readdir(mapCorpus)).filter((name) => !name.endsWith('.json')).sort();
    expect(names.length).toBe(12);
    for (const name of names) {
      const outcome = await importFile(target, bytesSource(name, new Uint8Array(await readFile(path.join(mapCorpus, name)))));
      expect(outcome.kind, outcome.message).toBe('imported');
      if (outcome.kind !== 'imported') continue;
      const rows = (await engine.query(`SELECT wafer, bin, count(*)::INTEGER AS n, sum(pass::INTEGER)::INTEGER AS good FROM map_dies WHERE import_id = ? GROUP BY ALL`, [outcome.record.importId])).toArray();
      const { expected, passing } = await expectedOf(name);
      const actual: Expected = new Map();
      const pooled = [...expected.keys()].every((key) => key.startsWith('*|'));
      const binless = [...expected.keys()].every((key) => key.endsWith('|-1'));
      for (const row of rows) add(actual, pooled ? '*' : String(row.wafer), binless ? -1 : Number(row.bin), Number(row.n));
      expect(actual, name).toEqual(expected);
      expect(rows.reduce((sum, row) => sum + Number(row.good), 0), `${name} passing dies`).toBe(passing);
    }
    expect(workspace.manifest.imports.every((record) => record.format === 'wafer-map' && record.status === 'ok')).toBe(true);
    // Imported maps never count as tested dies: yields come from test data alone.
    expect(Number((await engine.query('SELECT count(*) AS n FROM dies')).get(0)!.n)).toBe(0);
  }, 60_000);

  it.each([
    ['cut.wmap', (text: string) => text.replace(/^(MAP050 \S{20})\S+/m, '$1'), /cut\.wmap:75: expected 115 codes of 2 characters \(230\), got 20 characters/, 'kclung99__WMAP_1HQ2WM40.01_Q2WM40-01F4_YY'],
    ['bad.esc', (text: string) => text.replace('X17Y2\t1\t1', 'X17Y2\t?\t1'), /bad\.esc:32: die X17Y2: expected a bin number/, 'kclung99__C1X328W24G0.esc'],
    ['short.002', (text: string) => text.replace('BIN_COUNT.01.01=17211', 'BIN_COUNT.01.01=17210'), /short\.002:\d+: MAP_XY\.01\.01: 17211 dies, but BIN_COUNT\.01\.01 \(line 35\) says 17210/, 'kclung99__2925151WG1.002'],
    ['edited-map.txt', (text: string) => text.replace('BIN5  =  "5"  102', 'BIN5  =  "5"  101'), /edited-map\.txt:17: BIN5 declares 101 dies, the map holds 102/, 'kclung99__FMYK0-01-map.txt'],
  ])('refuses a damaged %s naming the file and line, and records the refusal', async (name, damage, message, original) => {
    const { engine, workspace, target } = await openScratch();
    const text = damage(await readFile(path.join(mapCorpus, original), 'latin1'));
    const outcome = await importFile(target, bytesSource(name, new Uint8Array(Buffer.from(text, 'latin1'))));
    expect(outcome.kind).toBe('rejected');
    expect(outcome.message).toMatch(message);
    expect(workspace.manifest.imports.map((record) => [record.sourceFile, record.status])).toEqual([[name, 'rejected']]);
    expect(Number((await engine.query('SELECT count(*) AS n FROM map_dies')).get(0)!.n)).toBe(0);
  }, 30_000);

  it('imports KLARF 1.1-1.7 defects per wafer as the truth lists them and refuses 1.8 naming the line', async () => {
    const { engine, target } = await openScratch();
    const names = (await readdir(klarfCorpus)).filter((name) => !name.endsWith('.json') && !name.startsWith('btrapp__bad12')).sort();
    for (const name of names) {
      const truth = JSON.parse(await readFile(path.join(klarfCorpus, `${name}.truth.json`), 'utf8')) as { FileVersion: string; LotID: string; per_wafer?: { WaferID: string; defect_rows: number }[] };
      const outcome = await importFile(target, bytesSource(name, new Uint8Array(await readFile(path.join(klarfCorpus, name)))));
      if (truth.FileVersion >= '1.8') {
        expect(outcome.kind).toBe('rejected');
        expect(outcome.message).toMatch(new RegExp(`^${name.replace(/\./g, '\\.')}:1: KLARF 1\\.8`));
        continue;
      }
      expect(outcome.kind, outcome.message).toBe('imported');
      if (outcome.kind !== 'imported') continue;
      const rows = (await engine.query('SELECT lot, wafer, count(*)::INTEGER AS n FROM defects WHERE import_id = ? GROUP BY ALL ORDER BY wafer', [outcome.record.importId])).toArray();
      const expected = (truth.per_wafer ?? []).filter((wafer) => wafer.defect_rows > 0).map((wafer) => [truth.LotID, wafer.WaferID.replace(/;$/, ''), wafer.defect_rows]);
      expect(rows.map((row) => [row.lot, row.wafer, row.n]), name).toEqual(expected);
    }
  }, 60_000);

  it('kill ratio per defect class from SQL equals the pure computation over the same dies (Rudolph and AMAT files)', async () => {
    const { engine, target } = await openScratch();
    const files = ['TofuSnacks__ASE_091SEW_06_04182019_081322.kla', 'MichaelHotaling__CPS3TwithoutReview.001'];
    const dies: { wafer: string; x: number; y: number; pass: boolean }[] = [];
    const defects: { wafer: string; x: number; y: number; className: string }[] = [];
    const csv = ['lot,wafer,x,y,hard_bin'];
    for (const name of files) {
      const klarf = readKlarf(await readFile(path.join(klarfCorpus, name), 'utf8'), name);
      expect((await importFile(target, bytesSource(name, new Uint8Array(await readFile(path.join(klarfCorpus, name)))))).kind).toBe('imported');
      for (const wafer of klarf.wafers) {
        const onWafer = wafer.defects.map((defect) => ({ wafer: `${klarf.lotId}/${wafer.waferId}`, x: defect.x, y: defect.y, className: defect.className }));
        defects.push(...onWafer);
        const xs = onWafer.map((defect) => defect.x);
        const ys = onWafer.map((defect) => defect.y);
        const hit = new Set(onWafer.map((defect) => `${defect.x}/${defect.y}`));
        // A tested die on every position of the defects' bounding box; defective dies fail more often.
        for (let x = Math.min(...xs); x <= Math.max(...xs); x++) {
          for (let y = Math.min(...ys); y <= Math.max(...ys); y++) {
            const pass = hit.has(`${x}/${y}`) ? (x * 7 + y * 3) % 4 !== 0 : (x * 5 + y * 11) % 13 !== 0;
            dies.push({ wafer: `${klarf.lotId}/${wafer.waferId}`, x, y, pass });
            csv.push(`${klarf.lotId},${wafer.waferId},${x},${y},${pass ? 1 : 5}`);
          }
        }
      }
    }
    expect((await importFile(target, bytesSource('dies.csv', new TextEncoder().encode(`${csv.join('\n')}\n`)))).kind).toBe('imported');
    const pure = killRatioByClass(dies, defects);
    const statement = killRatioSql(null);
    const rows = (await engine.query(statement.sql, statement.params)).toArray();
    const byName = (list: { className: string; diesWithDefect: number; failRateWith: number; failRateWithout: number; killRatio: number }[]) => list.map((entry) => [entry.className, entry.diesWithDefect, entry.failRateWith.toFixed(12), entry.failRateWithout.toFixed(12), entry.killRatio.toFixed(12)]).sort();
    expect(pure.length).toBeGreaterThan(1);
    expect(byName(rows.map((row) => ({ className: String(row.class_name), diesWithDefect: Number(row.dies_with_defect), failRateWith: Number(row.fail_rate_with), failRateWithout: Number(row.fail_rate_without), killRatio: Number(row.kill_ratio) })))).toEqual(byName(pure));
  }, 60_000);
});
