import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FolderWorkspaceStore } from '../../../node/workspace/folderWorkspaceStore.ts';
import { WasmNodeSqlEngine } from '../../../node/engine/wasmNodeEngine.ts';
import { nodeParquetCodec } from '../../../node/engine/parquetCodec.ts';
import { dieCsvTables, dropStaging, stageDieCsv } from '../../../shared/import/dieCsvImport.ts';
import { stageEquipmentFile, type EquipmentFileOptions } from '../../../shared/import/equipmentFile.ts';
import { equipmentIdMismatches } from '../../../shared/import/equipmentIdCheck.ts';
import { warningFields } from '../../../shared/import/importWarning.ts';
import { stageStdf, stdfTables } from '../../../shared/import/stdfImport.ts';
import { Workspace } from '../../../shared/workspace/workspace.ts';

let engine: WasmNodeSqlEngine;
let workspace: Workspace;
let importCount = 0;

/** Stage and commit one equipment text file the way the CLI and the app do. */
async function importEquipment(name: string, text: string, options: Partial<EquipmentFileOptions> = {}) {
  const importId = `equip_${++importCount}`;
  const registeredName = `test/${importId}.csv`;
  const bytes = new TextEncoder().encode(text);
  await engine.registerBuffer(registeredName, bytes);
  try {
    const staging = await stageEquipmentFile(engine, bytes, { importId, fileName: name, registeredName, ...options });
    if (!staging || staging.kind !== 'staged') return staging;
    await workspace.commitImport(importId, { sourceFile: name, contentHash: importId, format: staging.format, rows: staging.rows, ...warningFields(staging.warnings) }, [staging.table]);
    return staging;
  } finally {
    await dropStaging(engine, importId);
    await engine.dropFile(registeredName);
  }
}

async function importDieCsv(text: string): Promise<void> {
  const importId = `die_${++importCount}`;
  await engine.registerBuffer(`${importId}.csv`, new TextEncoder().encode(text));
  const staging = await stageDieCsv(engine, { registeredName: `${importId}.csv`, fileName: `${importId}.csv`, importId, defaultProduct: 'P' });
  if (staging.kind !== 'staged') throw new Error('die CSV needs mapping');
  await workspace.commitImport(importId, { sourceFile: `${importId}.csv`, contentHash: importId, format: 'csv', rows: staging.rows, warnings: [] }, dieCsvTables);
  await dropStaging(engine, importId);
}

async function count(sql: string): Promise<number> {
  return Number((await engine.query(sql)).get(0)?.n);
}

/** Rows of a CSV text that have every required column non-empty and year-first dates where dates are (plain loop). */
function usableCsvRows(text: string, required: string[], dates: string[]): number {
  const [header = '', ...lines] = text.trim().split('\n');
  const names = header.split(',');
  const value = (cells: string[], name: string) => (cells[names.indexOf(name)] ?? '').trim();
  return lines.map((line) => line.split(',')).filter((cells) =>
    required.every((name) => value(cells, name) !== '') && dates.every((name) => value(cells, name) === '' || /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}/.test(value(cells, name))),
  ).length;
}

beforeAll(async () => {
  engine = await WasmNodeSqlEngine.open();
  workspace = new Workspace(engine, new FolderWorkspaceStore(mkdtempSync(join(tmpdir(), 'ym-equip-'))), nodeParquetCodec);
  await workspace.open();
}, 300_000);
afterAll(() => engine.close());

const oddHistoryCsv = [
  'Lot Number,Slot,Operation,EQP_ID,Module,Recipe,Began,Finished',
  'T1,01,ETCH,ETCH-02,B,ETCH_V1,2026-10-05 10:00:00,2026-10-05 10:05:00',
  'T1,2,ETCH,ETCH-02,B,ETCH_V1,2026-10-05 10:06:00,2026-10-05 10:11:00',
  'T1,4,ETCH,ETCH-01,A,ETCH_V1,2026-10-05 10:12:00,2026-10-05 10:17:00',
  'T1,2,LITHO,LITHO-01,,LITHO_V2,yesterday,',
  'X9,1,ETCH,ETCH-01,A,ETCH_V1,2026-10-05 11:00:00,2026-10-05 11:05:00',
].join('\n');

describe('equipment import into a real workspace (duckdb-wasm)', () => {
  it('asks for a mapping when the start column is not recognised, then imports the good rows and names the bad line', async () => {
    const first = await importEquipment('history.csv', oddHistoryCsv);
    expect(first?.kind).toBe('needs-mapping');
    if (first?.kind !== 'needs-mapping') return;
    expect(first.recordKind).toBe('history');
    expect(first.detection.missing).toContain('start');
    const staged = await importEquipment('history.csv', oddHistoryCsv, { recordKind: first.recordKind, overrides: { start: 'Began', end: 'Finished', wafer: 'Slot' } });
    expect(staged?.kind).toBe('staged');
    const expected = usableCsvRows(oddHistoryCsv, ['Lot Number', 'Operation', 'EQP_ID', 'Began'], ['Began', 'Finished']);
    expect(await count('SELECT count(*) AS n FROM equipment_history')).toBe(expected);
    // Line 5 of the file has start "yesterday".
    const warnings = staged?.kind === 'staged' ? staged.warnings : [];
    expect(warnings[0]?.message).toBe('1 row(s) skipped: line 5: start is not a date/time: "yesterday"');
    // As a code with params (translated in the app): one row; the problem line in English for the CLI and, beside it,
    // as the SQL check's code with the file's line, the field and the value as the file has it (issue #15 §4).
    expect(warnings[0]).toMatchObject({ code: 'rowsSkipped', params: { count: 1, problems: 'line 5: start is not a date/time: "yesterday"' } });
    expect(warnings[0]?.problems).toEqual([{ code: 'notDateTime', params: { line: '5', field: 'start', value: 'yesterday' } }]);
    // No test data yet: both equipment lots (T1, X9) are named, and the manifest keeps the codes beside the texts.
    expect(warnings[1]).toMatchObject({ code: 'equipmentLotNotTested', params: { count: 2, ids: 'T1, X9' } });
    const record = workspace.manifest.imports.at(-1);
    expect(record?.warnings).toEqual(warnings.map((warning) => warning.message));
    expect(record?.warningCodes).toEqual(warnings.map(({ code, params, problems }) => ({ code, params, ...(problems ? { problems } : {}) })));
    // Wafer "01" meets wafer 1 of the test data.
    expect(await count(`SELECT count(*) AS n FROM equipment_history WHERE lot = 'T1' AND wafer = '1' AND chamber = 'B'`)).toBe(1);
  });

  it('imports JSON Lines events and alarms, skipping a broken line and a record without a code', async () => {
    const lines = [
      '{"timestamp": "2026-10-05T10:00:00Z", "EQP_ID": "ETCH-02", "chamber": "B", "ALID": 1001, "ALTX": "RF reflected power high", "type": "alarm"}',
      '{"timestamp": "2026-10-05T10:01:00Z", "EQP_ID": "ETCH-02", "chamber": "B", "ALID": 301, "ALTX": "lot start", "type": "event"}',
      '{"timestamp": "2026-10-05T10:02:00Z", "EQP_ID": "ETCH-02", "ALTX": "no code"}',
      '{"timestamp": "2026-10-05T10:03:00Z", "EQP_ID": "ETCH-02",',
      '{"timestamp": 1791108240, "EQP_ID": "ETCH-01", "ALID": "A17", "ALTX": "door open"}',
    ];
    const staged = await importEquipment('events.jsonl', lines.join('\n'));
    expect(staged?.kind).toBe('staged');
    const usable = lines.filter((line) => { try { const record = JSON.parse(line) as Record<string, unknown>; return record.ALID !== undefined; } catch { return false; } });
    expect(await count(`SELECT count(*) AS n FROM equipment_events WHERE source = 'jsonl'`)).toBe(usable.length);
    expect(await count(`SELECT count(*) AS n FROM equipment_events WHERE source = 'jsonl' AND kind = 'alarm'`)).toBe(2);
    const warning = staged?.kind === 'staged' ? staged.warnings.map((entry) => entry.message).join(' ') : '';
    expect(warning).toMatch(/line 3: missing code/);
    expect(warning).toMatch(/line 4: /);
    // The broken line keeps the JSON parser's words as a param; the record without a code is the normaliser's 'missing'.
    const problems = staged?.kind === 'staged' ? staged.warnings[0]?.problems : [];
    expect(problems?.map((problem) => [problem.code, problem.params.line, problem.params.field])).toEqual([['notJson', '4', undefined], ['missing', '3', 'code']]);
    // 1791108240 s after the epoch, as UTC.
    expect(await count(`SELECT count(*) AS n FROM equipment_events WHERE code = 'A17' AND time = TIMESTAMP '${new Date(1791108240 * 1000).toISOString().replace('T', ' ').replace('Z', '')}'`)).toBe(1);
  });

  it('imports S6F11 events and S5F1 alarms of an SML log and warns about the line it cannot parse', async () => {
    const log = readFileSync(resolve(import.meta.dirname, 'equipmentLog.sml'), 'utf8');
    const staged = await importEquipment('ETCH-02.sml', log);
    expect(staged?.kind).toBe('staged');
    const lines = log.split('\n');
    const brokenLine = lines.findIndex((line) => line.includes('<U4 BROKEN')) + 1;
    const messages = lines.filter((line) => /S6F11|S5F1\b/.test(line)).length;
    expect(await count(`SELECT count(*) AS n FROM equipment_events WHERE source = 'secs' AND tool = 'ETCH-02'`)).toBe(messages - 1);
    // Alarm 1001 is set (ALCD 0x84) and later cleared (ALCD 0x04).
    expect(await count(`SELECT count(*) AS n FROM equipment_events WHERE source = 'secs' AND kind = 'alarm' AND code = '1001'`)).toBe(2);
    expect(await count(`SELECT count(*) AS n FROM equipment_events WHERE source = 'secs' AND text LIKE '%(cleared)'`)).toBe(1);
    const warnings = staged?.kind === 'staged' ? staged.warnings : [];
    expect(warnings[0]).toMatchObject({ code: 'smlLinesNotUnderstood', params: { count: 1, lines: expect.stringMatching(new RegExp(`^line ${brokenLine}: `)) } });
  });

  it('lists ids that do not meet between equipment and test data', async () => {
    await importDieCsv(['lot,wafer,x,y,hard_bin', 'T1,1,0,0,1', 'T1,2,0,0,1', 'T1,3,0,0,1'].join('\n'));
    const mismatches = (await equipmentIdMismatches(engine, 10)).map((entry) => [entry.issue, entry.lot, entry.wafer]);
    // Hand-computed from oddHistoryCsv (T1 wafers 1, 2, 4 and lot X9) and the die CSV above (T1 wafers 1-3).
    expect(mismatches).toEqual([
      ['lot-not-tested', 'X9', null],
      ['wafer-no-history', 'T1', '3'],
      ['wafer-not-tested', 'T1', '4'],
    ]);
  });

  it('turns STDF MIR and SDR equipment into test_equipment rows for every wafer of the file', async () => {
    const file = 'makechip__x.stdf';
    const bytes = new Uint8Array(readFileSync(resolve(import.meta.dirname, '../../..', '../shared/corpus/stdf', file)));
    const staging = await stageStdf(engine, bytes, { importId: 'stdf_1', fileName: file });
    await workspace.commitImport('stdf_1', { sourceFile: file, contentHash: 'stdf_1', format: 'stdf', rows: staging.rows, warnings: [] }, stdfTables);
    await dropStaging(engine, 'stdf_1');
    const expected = independentEquipment(bytes);
    const actual = (await engine.query(`SELECT lot, wafer, kind, equipment_id FROM test_equipment`)).toArray().map((row) => `${row.lot}|${row.wafer}|${row.kind}|${row.equipment_id}`);
    expect(expected.length).toBeGreaterThan(4);
    // The file's one PRR lies outside its WIR/WRR, so the lot also gets a wafer-less (final-test style) row per equipment.
    const wafers = ['waferID', 'null'];
    expect(actual.sort()).toEqual(wafers.flatMap((wafer) => expected.map((entry) => `lotID|${wafer}|${entry}`)).sort());
  });

  it('names each SQL check of a skipped CSV row by code, field and value, its English as the CLI printed it (issue #15 §4)', async () => {
    const history = await importEquipment('checks.csv', [
      'lot,wafer,step,tool,start,end',
      'T1,1,ETCH,ETCH-01,2026-10-06 10:00:00,2026-10-06 10:05:00',
      ',1,ETCH,ETCH-01,2026-10-06 11:00:00,',
      'T1,2,ETCH,ETCH-01,2026-10-06 12:00:00,2026-10-06 11:00:00',
    ].join('\n'));
    const sensor = await importEquipment('sensor.csv', ['tool,lot,wafer,parameter,value', 'ETCH-01,T1,1,rf_power,1200', 'ETCH-01,T1,2,rf_power,12;5'].join('\n'));
    const skipped = [history, sensor].map((staged) => (staged?.kind === 'staged' ? staged.warnings[0] : undefined));
    expect(skipped.map((warning) => warning?.problems)).toEqual([
      [{ code: 'missing', params: { line: '3', field: 'lot' } }, { code: 'endBeforeStart', params: { line: '4' } }],
      [{ code: 'notNumber', params: { line: '3', field: 'value', value: '12;5' } }],
    ]);
    expect(skipped.map((warning) => warning?.message)).toEqual([
      '2 row(s) skipped: line 3: missing lot; line 4: end is before start',
      '1 row(s) skipped: line 3: value is not a number: "12;5"',
    ]);
  });
});

/**
 * MIR NODE_NAM/TSTR_TYP and the SDR's equipment strings decoded by hand from the bytes
 * (little-endian file; STDF V4 field order), independent of shared/stdf.
 */
function independentEquipment(bytes: Uint8Array): string[] {
  const found: string[] = [];
  const decoder = new TextDecoder('latin1');
  for (let offset = 0; offset + 4 <= bytes.length;) {
    const length = (bytes[offset] ?? 0) | ((bytes[offset + 1] ?? 0) << 8);
    const [type, sub] = [bytes[offset + 2], bytes[offset + 3]];
    let cursor = offset + 4;
    const end = cursor + length;
    const string = (): string => {
      const size = cursor < end ? (bytes[cursor] ?? 0) : 0;
      const text = decoder.decode(bytes.subarray(cursor + 1, Math.min(cursor + 1 + size, end)));
      cursor += 1 + size;
      return text.trim();
    };
    if (type === 1 && sub === 10) {
      cursor += 4 + 4 + 1 + 1 + 1 + 1 + 2 + 1; // SETUP_T START_T STAT_NUM MODE_COD RTST_COD PROT_COD BURN_TIM CMOD_COD
      const [, , nodeName, testerType] = [string(), string(), string(), string()]; // LOT_ID PART_TYP NODE_NAM TSTR_TYP
      found.push(`tester|${nodeName}`, `tester_type|${testerType}`);
    }
    if (type === 1 && sub === 80) {
      const siteCount = bytes[cursor + 2] ?? 0;
      cursor += 3 + siteCount;
      for (const kind of ['handler', 'probe_card', 'load_board', 'dib', 'cable', 'contactor', 'laser', 'extra']) {
        const [equipmentType, equipmentId] = [string(), string()];
        if (equipmentType) found.push(`${kind}_type|${equipmentType}`);
        if (equipmentId) found.push(`${kind}|${equipmentId}`);
      }
    }
    offset = end;
  }
  return [...new Set(found.filter((entry) => !entry.endsWith('|')))];
}
