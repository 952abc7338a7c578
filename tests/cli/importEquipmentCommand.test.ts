import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { nodeParquetCodec } from '../../node/engine/parquetCodec.ts';

function cli(...args: string[]) {
  return spawnSync(process.execPath, ['cli/bin.mjs', ...args], { encoding: 'utf8' });
}

interface ManifestEntry { sourceFile: string; format: string; rows: number; warnings: string[]; files: Record<string, string> }

describe('yield-monitor import with equipment files', () => {
  it('recognises die CSV, equipment history CSV, sensor JSON Lines and an SML log by content, whatever their names', () => {
    const folder = mkdtempSync(join(tmpdir(), 'ym-equip-cli-'));
    const workspace = join(folder, 'ws');
    const files = {
      // Named .txt on purpose: the content decides.
      'dies.txt': 'lot,wafer,x,y,hard_bin\nL1,1,0,0,1\nL1,1,1,0,2\nL1,2,0,0,1\n',
      'history.csv': 'lot,wafer,step,tool,chamber,recipe,start_time,end_time\nL1,1,ETCH,ETCH-02,ETCH-02/B,R1,2026-10-05T10:00:00Z,2026-10-05T10:05:00Z\nL9,1,ETCH,ETCH-01,ETCH-01/A,R1,2026-10-05T11:00:00Z,\n',
      'fdc.log': '{"tool":"ETCH-02","chamber":"B","step":"ETCH","lot":"L1","wafer":"01","parameter":"rf_power_mean","value":512.5}\n{"tool":"ETCH-02","lot":"L1","wafer":2,"parameter":"rf_power_mean","value":"n/a"}\n',
      'tool.sml': '2026-10-05 10:01:00 S5F1 W <L [3] <B 0x84> <U4 7> <A "door open">>.\nthis line is noise\n',
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
    const result = cli('import', ...Object.keys(files).map((name) => join(folder, name)), '--workspace', workspace);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('dies.txt: 3 rows (3 dies) imported');
    expect(result.stdout).toContain('history.csv: 2 equipment_history rows imported');
    expect(result.stdout).toMatch(/1 lot\(s\) in the equipment data have no test data: L9/);
    expect(result.stdout).toMatch(/1 tested wafer\(s\) of these lots have no equipment history: L1\/2/);
    expect(result.stdout).toContain('fdc.log: 1 sensor_summaries rows imported');
    expect(result.stdout).toMatch(/line 2: not a number: "n\/a"/);
    expect(result.stdout).toContain('tool.sml: 1 equipment_events rows imported');

    const manifest = JSON.parse(readFileSync(join(workspace, 'manifest.json'), 'utf8')) as { imports: ManifestEntry[] };
    expect(manifest.imports.map((entry) => [entry.sourceFile, entry.format])).toEqual([
      ['dies.txt', 'csv'], ['history.csv', 'equipment-csv'], ['fdc.log', 'equipment-jsonl'], ['tool.sml', 'sml'],
    ]);
    const sml = manifest.imports[3]!;
    const events = tableFromIPC(nodeParquetCodec.decode(new Uint8Array(readFileSync(join(workspace, sml.files.equipment_events!)))));
    expect(events.toArray().map((row) => [row.tool, row.kind, row.code, row.text, row.source])).toEqual([['tool', 'alarm', '7', 'door open', 'secs']]);
    expect(sml.warnings.join(' ')).toMatch(/line 2: /);
  }, 240_000);

  it('names the missing columns of an equipment file it cannot map on its own', () => {
    const folder = mkdtempSync(join(tmpdir(), 'ym-equip-cli-'));
    const file = join(folder, 'odd.csv');
    writeFileSync(file, 'Lot Number,EQP_ID,Operation,Recipe,Began\nL1,ETCH-01,ETCH,R1,2026-10-05 10:00:00\n');
    const result = cli('import', file, '--workspace', join(folder, 'ws'));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('odd.csv: history columns not recognised: start');
  }, 240_000);
});
