/**
 * KLARF defect files (KLA Results File, versions 1.1 to 1.7: `Keyword value;` statements and
 * `DefectList` rows described by `DefectRecordSpec`). Each defect is placed on its die: XINDEX /
 * YINDEX when the file has them, otherwise its absolute X / Y through the file's DiePitch and
 * DieOrigin (die = floor((X - originX) / pitchX)). Errors name the file and line.
 */

/** One defect on a die. */
export interface KlarfDefect {
  id: number;
  /** Die column and row. */
  x: number;
  y: number;
  /** CLASSNUMBER (0 when the file has none). */
  classNumber: number;
  /** Its name from ClassLookup, or the number as text. */
  className: string;
}

/** Defects of one wafer. */
export interface KlarfWafer {
  waferId: string;
  defects: KlarfDefect[];
}

/** A read KLARF file. */
export interface KlarfFile {
  version: string;
  lotId: string;
  stepId: string;
  diePitch: [number, number] | null;
  dieOrigin: [number, number];
  columns: string[];
  wafers: KlarfWafer[];
}

/** True when the text starts like a KLARF file (`FileVersion` statement, or the 1.8 `Record FileRecord`, which the reader refuses by name). */
export function isKlarf(head: string): boolean {
  return /^\s*(FileVersion\s+\d+\s+\d+\s*;|Record\s+FileRecord\b)/.test(head.replace(/^\uFEFF/, ''));
}

/** Tokens of a statement: quoted strings kept whole (quotes removed), the trailing ';' dropped. */
function tokens(line: string): string[] {
  return [...line.replace(/;\s*$/, '').matchAll(/"([^"]*)"|(\S+)/g)].map((match) => match[1] ?? match[2] ?? '');
}

/** Read a KLARF file; `fileName` names it in errors. */
export function readKlarf(text: string, fileName: string): KlarfFile {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const file: KlarfFile = { version: '', lotId: '', stepId: '', diePitch: null, dieOrigin: [0, 0], columns: [], wafers: [] };
  const classNames = new Map<number, string>();
  let wafer: KlarfWafer | null = null;
  let classLines = 0;
  let inDefects = false;
  const fail = (line: number, message: string): never => {
    throw new Error(`${fileName}:${line}: ${message}`);
  };
  const number = (token: string | undefined, line: number, what: string): number => {
    const value = Number(token);
    if (token === undefined || token === '' || !Number.isFinite(value)) fail(line, `${what}: expected a number, got "${token ?? ''}"`);
    return value;
  };
  for (let at = 0; at < lines.length; at++) {
    const lineNumber = at + 1;
    const line = (lines[at] ?? '').trim();
    if (line === '') continue;
    const parts = tokens(line);
    if (classLines > 0) {
      classNames.set(number(parts[0], lineNumber, 'ClassLookup class number'), parts[1] ?? '');
      classLines -= 1;
      continue;
    }
    if (inDefects) {
      if (/^[A-Za-z]/.test(line)) fail(lineNumber, `DefectList: expected a defect row or ';', got "${parts[0]}"`);
      const column = (name: string): number => file.columns.indexOf(name);
      const needed = Math.max(column('DEFECTID'), column('XINDEX'), column('YINDEX'), column('X'), column('Y'), column('CLASSNUMBER'));
      if (parts.length > needed && wafer) {
        const value = (name: string): number | null => (column(name) < 0 ? null : number(parts[column(name)], lineNumber, `DefectList ${name}`));
        const indexX = value('XINDEX');
        const indexY = value('YINDEX');
        for (const [name, index] of [['XINDEX', indexX], ['YINDEX', indexY]] as const) {
          if (index !== null && !Number.isInteger(index)) fail(lineNumber, `DefectList ${name}: expected an integer die index, got ${index} (a row with a column more or less than DefectRecordSpec?)`);
        }
        let x = indexX;
        let y = indexY;
        if (x === null || y === null) {
          const absoluteX = value('X');
          const absoluteY = value('Y');
          if (absoluteX === null || absoluteY === null || !file.diePitch) fail(lineNumber, 'DefectList: a defect needs XINDEX/YINDEX, or X/Y with a DiePitch');
          x = Math.floor(((absoluteX ?? 0) - file.dieOrigin[0]) / (file.diePitch?.[0] ?? 1));
          y = Math.floor(((absoluteY ?? 0) - file.dieOrigin[1]) / (file.diePitch?.[1] ?? 1));
        }
        const classNumber = value('CLASSNUMBER') ?? 0;
        wafer.defects.push({ id: value('DEFECTID') ?? wafer.defects.length + 1, x: x ?? 0, y: y ?? 0, classNumber, className: classNames.get(classNumber) ?? String(classNumber) });
      }
      if (line.endsWith(';')) inDefects = false;
      continue;
    }
    const [keyword = '', ...rest] = parts;
    switch (keyword) {
      case 'Record':
        fail(lineNumber, 'KLARF 1.8 record syntax (Record ... { }) is not read; expected KLARF 1.1 to 1.7');
        break;
      case 'FileVersion':
        file.version = rest.join('.');
        break;
      case 'LotID':
        file.lotId = rest[0] ?? '';
        break;
      case 'StepID':
        file.stepId = rest[0] ?? '';
        break;
      case 'DiePitch':
        file.diePitch = [number(rest[0], lineNumber, 'DiePitch x'), number(rest[1], lineNumber, 'DiePitch y')];
        break;
      case 'DieOrigin':
        file.dieOrigin = [number(rest[0], lineNumber, 'DieOrigin x'), number(rest[1], lineNumber, 'DieOrigin y')];
        break;
      case 'WaferID':
        wafer = { waferId: rest[0] ?? '', defects: [] };
        file.wafers.push(wafer);
        break;
      case 'ClassLookup':
        classLines = number(rest[0], lineNumber, 'ClassLookup count');
        break;
      case 'DefectRecordSpec': {
        const count = number(rest[0], lineNumber, 'DefectRecordSpec count');
        file.columns = rest.slice(1).map((name) => name.toUpperCase());
        if (file.columns.length !== count) fail(lineNumber, `DefectRecordSpec: says ${count} columns, lists ${file.columns.length}`);
        break;
      }
      case 'DefectList':
        if (file.columns.length === 0) fail(lineNumber, 'DefectList before any DefectRecordSpec');
        if (!wafer) fail(lineNumber, 'DefectList before any WaferID');
        inDefects = !line.endsWith(';');
        break;
      default:
        break;
    }
  }
  if (inDefects) fail(lines.length, "DefectList not closed by ';' before the end of the file");
  return file;
}

/** Kill ratio of one defect class: fail rate of dies with such a defect minus fail rate of dies without any defect. */
export interface KillRatio {
  className: string;
  diesWithDefect: number;
  failRateWith: number;
  failRateWithout: number;
  killRatio: number;
}

/** Kill ratio per defect class over wafers' dies (pass/fail per die) and their defects, highest first. */
export function killRatioByClass(dies: readonly { wafer: string; x: number; y: number; pass: boolean }[], defects: readonly { wafer: string; x: number; y: number; className: string }[]): KillRatio[] {
  const key = (item: { wafer: string; x: number; y: number }): string => `${item.wafer}|${item.x}|${item.y}`;
  const passOf = new Map(dies.map((die) => [key(die), die.pass]));
  const defective = new Set(defects.map(key));
  const clean = dies.filter((die) => !defective.has(key(die)));
  const failRateWithout = clean.length > 0 ? clean.filter((die) => !die.pass).length / clean.length : 0;
  const byClass = new Map<string, Set<string>>();
  for (const defect of defects) {
    if (!passOf.has(key(defect))) continue;
    const set = byClass.get(defect.className) ?? new Set<string>();
    set.add(key(defect));
    byClass.set(defect.className, set);
  }
  return [...byClass].map(([className, keys]) => {
    const failing = [...keys].filter((die) => passOf.get(die) === false).length;
    const failRateWith = failing / keys.size;
    return { className, diesWithDefect: keys.size, failRateWith, failRateWithout, killRatio: failRateWith - failRateWithout };
  }).sort((a, b) => b.killRatio - a.killRatio || a.className.localeCompare(b.className));
}
