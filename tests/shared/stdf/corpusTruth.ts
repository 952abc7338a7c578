/** Loading the real-data STDF corpus and its truth files (shared by the corpus, fuzz and CLI tests). */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeBzip2 } from '../../../cli/commands/stdf.ts';
import { readStdf, type StdfResult } from '../../../shared/stdf/index.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** The corpus folder, beside the repository (CI lays shared/ there too). */
export const corpusDirectory = path.resolve(repoRoot, '../shared/corpus/stdf');

/** Corpus data files (every file that is not a truth file). */
export function corpusFiles(): string[] {
  return readdirSync(corpusDirectory).filter((name) => !name.endsWith('.truth.json')).sort();
}

/** The subset of a truth file the tests use. */
export interface StdfTruth {
  container: string;
  raw_walk: { endian: string; record_counts: Record<string, number>; unknown_record_types?: Record<string, number>; far_len_inconsistent_with_cpu_type?: boolean };
  pystdf_error: string | null;
  pystdf: {
    MIR: Record<string, string | number | null> | null;
    parts: { PRR_count: number; pass: number; fail: number; no_pass_fail_indication: number };
    final_after_retest_dedupe?: { by_xy?: { unique: number; pass: number } };
    xy?: { parts_with_xy: number; 'parts_xy_missing(-32768)': number };
    hard_bins_from_PRR: Record<string, number>;
    soft_bins_from_PRR: Record<string, number>;
    wafers: { per_wafer: { WAFER_ID: string; parts: number; pass: number }[] };
    first3_PTR_tests: { TEST_NUM: number; TEST_TXT: string; count: number; mean: number | string | null; min: number | string | null; max: number | string | null }[];
  };
}

/** The truth file of a corpus file. */
export function loadTruth(name: string): StdfTruth {
  return JSON.parse(readFileSync(path.join(corpusDirectory, `${name}.truth.json`), 'utf8')) as StdfTruth;
}

/** Raw bytes of a corpus file. */
export function corpusBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(path.join(corpusDirectory, name)));
}

/** Read a corpus file fed in chunks of `chunkSize` bytes (records cross chunk borders). */
export async function readCorpusFile(name: string, chunkSize = 65_536): Promise<StdfResult> {
  const bytes = corpusBytes(name);
  const chunks: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.length; offset += chunkSize) chunks.push(bytes.subarray(offset, offset + chunkSize));
  return readStdf(chunks, { bzip2: decodeBzip2 });
}
