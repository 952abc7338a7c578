/**
 * A wafer's final bin map as an assembly map file (SEMI E142 XML, SINF text, TSK binary), with the
 * dies the screens reject in a bin of their own when asked: the one export the CLI's `map export`
 * and the wafer view both use.
 */
import type { SqlEngine } from '../engine/sqlEngine.ts';
import type { BinMap } from '../wafermap/binMap.ts';
import { writeE142 } from '../wafermap/e142Format.ts';
import { writeSinf } from '../wafermap/sinfFormat.ts';
import { writeTsk } from '../wafermap/tskFormat.ts';
import { screenedWaferBinMap, waferBinMap } from './waferBinMap.ts';
import type { ScreenMethod } from './types.ts';
import type { LotScreeningOptions } from './lotScreening.ts';

/** Map file formats. */
export type MapFormat = 'e142' | 'sinf' | 'tsk';

/** Every map format, in the order the CLI and the wafer view offer them. */
export const mapFormats: readonly MapFormat[] = ['e142', 'sinf', 'tsk'];

const writers: Record<MapFormat, (map: BinMap) => string | Uint8Array> = { e142: writeE142, sinf: writeSinf, tsk: writeTsk };
const extensions: Record<MapFormat, string> = { e142: 'xml', sinf: 'sinf', tsk: 'tsk' };
const mimeTypes: Record<MapFormat, string> = { e142: 'application/xml', sinf: 'text/plain', tsk: 'application/octet-stream' };

/** An exported map file. */
export interface MapFile {
  bytes: Uint8Array;
  /** Suggested file name: `<lot>-<wafer>.<xml|sinf|tsk>`, unsafe characters replaced. */
  fileName: string;
  mimeType: string;
  dies: number;
  /** Dies moved to the screened bin (0 without screening). */
  screened: number;
}

/** Options of an export: screened dies as their own bin, by which rules with which settings, in which bin. */
export interface MapExportOptions {
  screened?: boolean;
  methods?: readonly ScreenMethod[];
  /** The rules' settings (PAT k and scope, NNR k, GDBN count, smallest cluster); each rule's default otherwise. */
  settings?: LotScreeningOptions;
  bin?: number;
}

/** Write one wafer's map in a format. */
export async function exportWaferMap(engine: SqlEngine, lot: string, wafer: string, format: MapFormat, options: MapExportOptions = {}): Promise<MapFile> {
  const result = options.screened
    ? await screenedWaferBinMap(engine, lot, wafer, options.methods ?? ['dpat', 'gdbn'], { ...options.settings, ...(options.bin === undefined ? {} : { bin: options.bin }) })
    : { map: await waferBinMap(engine, lot, wafer), screened: 0 };
  const content = writers[format](result.map);
  return {
    bytes: typeof content === 'string' ? new TextEncoder().encode(content) : content,
    fileName: `${lot}-${wafer}.${extensions[format]}`.replace(/[^\w.-]+/g, '_'),
    mimeType: mimeTypes[format],
    dies: result.map.dies.length,
    screened: result.screened,
  };
}
