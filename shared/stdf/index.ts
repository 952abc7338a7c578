/** Public API of the STDF V4 reader, writer, summary and checks. */
export { readStdf, readStdfBytes, type ReadStdfOptions, type StdfSource } from './readStdf.ts';
export { StdfReader, type StdfReaderOptions } from './reader.ts';
export { ResultColumnStorage } from './resultTables.ts';
export { detectCompression, Decompressor, type Bzip2Decoder } from './decompress.ts';
export type { StdfResult, PartColumns, ResultColumns } from './result.ts';
export type * from './types.ts';
export { summarizeStdf, summarizePtrTests, stdfTimeToIso, type StdfSummary, type TestSummary } from './summary.ts';
export { checkStdf } from './check.ts';
export { consolidateInsertions, insertionOrder, partPassed, missingCoordinate, type Consolidation, type YieldCount } from './consolidate.ts';
export { StdfWriter } from './writer.ts';
export { recordNameByKey } from './recordTypes.ts';
