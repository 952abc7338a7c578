/**
 * ASCII prober maps with a `FACILITY=`/`DEVICE=`/`LOT=` header and, per wafer and bin, the dies as
 * row ranges: `WAFERID.<w>=`, `BIN_COUNT.<w>.<b>=<n>`, `MAP_XY.<w>.<b>="Y<y> <x>/<x> <x> Y<y> ..."`
 * (a quoted value continues on the following lines). `BIN_NAME.<b>="G,<name>"` marks a good bin.
 * X_SIZE/Y_SIZE are in mils. Every bin's dies must add up to its BIN_COUNT, and no die may sit in
 * two bins: a file that disagrees with itself is refused naming the line.
 */
import type { BinDefinition, BinMap, BinMapDie } from './binMap.ts';
import { MapReadError, mapLines } from './mapReadError.ts';

/** True when the text starts like a FACILITY/DEVICE/LOT range map. */
export function isRangeMap(head: string): boolean {
  return /^FACILITY=/.test(head.replace(/^\uFEFF/, '')) && /\nMAP_XY\.\d+\.\d+=/.test(head);
}

/** One `KEY=value` statement and the line it starts on. */
interface Statement {
  key: string;
  value: string;
  line: number;
}

function statements(text: string, fileName: string): Statement[] {
  const result: Statement[] = [];
  let open: Statement | null = null;
  mapLines(text).forEach((raw, index) => {
    const line = raw.trimEnd();
    if (open) {
      open.value += ` ${line.trim()}`;
      if (line.endsWith('"')) open = null;
      return;
    }
    if (line.trim() === '' || /^END\.?$/i.test(line.trim())) return;
    const equals = line.indexOf('=');
    if (equals <= 0) throw new MapReadError(fileName, `${index + 1}`, `expected KEY=value, got "${line.slice(0, 40)}"`);
    const statement = { key: line.slice(0, equals).trim().toUpperCase(), value: line.slice(equals + 1).trim(), line: index + 1 };
    result.push(statement);
    if (statement.value.startsWith('"') && (statement.value.length === 1 || !statement.value.endsWith('"'))) open = statement;
  });
  if (open) throw new MapReadError(fileName, `${(open as Statement).line}`, `${(open as Statement).key}: quoted value not closed before the end of the file`);
  for (const statement of result) statement.value = statement.value.replace(/^"|"$/g, '').trim();
  return result;
}

/** Dies of one `MAP_XY` value: `Y<y>` starts a row, then `x` or `x1/x2` ranges. */
function rangeDies(statement: Statement, bin: number, fileName: string): BinMapDie[] {
  const dies: BinMapDie[] = [];
  let y: number | null = null;
  for (const token of statement.value.split(/\s+/).filter((part) => part !== '')) {
    const row = /^Y(-?\d+)$/.exec(token);
    if (row) {
      y = Number(row[1]);
      continue;
    }
    const range = /^(-?\d+)(?:\/(-?\d+))?$/.exec(token);
    if (!range || y === null) throw new MapReadError(fileName, `${statement.line}`, `${statement.key}: expected Y<row> or a column range x/x, got "${token}"`);
    const from = Number(range[1]);
    const to = range[2] === undefined ? from : Number(range[2]);
    if (to < from) throw new MapReadError(fileName, `${statement.line}`, `${statement.key}: range ${token} runs backwards`);
    for (let x = from; x <= to; x++) dies.push({ x, y, bin });
  }
  return dies;
}

/** Read every wafer of a range map; `fileName` names it in errors. */
export function readRangeMap(text: string, fileName: string): BinMap[] {
  const all = statements(text, fileName);
  const value = (key: string): string => all.find((statement) => statement.key === key)?.value ?? '';
  const binNames = new Map<number, { name: string; pass: boolean }>();
  for (const statement of all) {
    const match = /^BIN_NAME\.(\d+)$/.exec(statement.key);
    if (!match) continue;
    const good = /^G,/i.test(statement.value);
    binNames.set(Number(match[1]), { name: good ? statement.value.slice(2) : statement.value, pass: good });
  }
  const mils = (key: string): number | null => {
    const size = Number.parseFloat(value(key));
    return Number.isFinite(size) && size > 0 ? size * 0.0254 : null;
  };
  const maps = new Map<string, BinMap>();
  const seenOf = new Map<string, Set<string>>();
  for (const statement of all) {
    const wafer = /^WAFERID\.(\d+)$/.exec(statement.key);
    if (wafer) {
      maps.set(wafer[1] ?? '', { device: value('DEVICE'), lot: value('LOT'), wafer: statement.value, dieWidthMm: mils('X_SIZE'), dieHeightMm: mils('Y_SIZE'), flatDegrees: null, dies: [], bins: [] });
      seenOf.set(wafer[1] ?? '', new Set());
      continue;
    }
    const map = /^MAP_XY\.(\d+)\.(\d+)$/.exec(statement.key);
    if (!map) continue;
    const target = maps.get(map[1] ?? '');
    if (!target) throw new MapReadError(fileName, `${statement.line}`, `${statement.key}: expected WAFERID.${map[1]} before the wafer's maps`);
    const bin = Number(map[2]);
    const dies = rangeDies(statement, bin, fileName);
    const seen = seenOf.get(map[1] ?? '') ?? new Set<string>();
    const declared = all.find((other) => other.key === `BIN_COUNT.${map[1]}.${map[2]}`);
    if (declared && Number(declared.value) !== dies.length) throw new MapReadError(fileName, `${statement.line}`, `${statement.key}: ${dies.length} dies, but BIN_COUNT.${map[1]}.${map[2]} (line ${declared.line}) says ${Number(declared.value)}`);
    for (const die of dies) {
      const key = `${die.x}/${die.y}`;
      if (seen.has(key)) throw new MapReadError(fileName, `${statement.line}`, `${statement.key}: die X${die.x} Y${die.y} is already in another bin`);
      seen.add(key);
      target.dies.push(die);
    }
    if (!target.bins.some((definition) => definition.bin === bin)) {
      const known = binNames.get(bin);
      target.bins.push({ bin, name: known?.name ?? `BIN${bin}`, pass: known?.pass ?? false } satisfies BinDefinition);
    }
  }
  return [...maps.values()];
}
