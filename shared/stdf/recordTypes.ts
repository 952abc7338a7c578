/** Names of STDF V4 (1997) and V4-2007 record types, keyed by `REC_TYP << 8 | REC_SUB`. */
export const recordNameByKey: ReadonlyMap<number, string> = new Map<number, string>([
  [0x000a, 'FAR'], [0x0014, 'ATR'],
  [0x010a, 'MIR'], [0x0114, 'MRR'], [0x011e, 'PCR'], [0x0128, 'HBR'], [0x0132, 'SBR'],
  [0x013c, 'PMR'], [0x013e, 'PGR'], [0x013f, 'PLR'], [0x0146, 'RDR'], [0x0150, 'SDR'],
  [0x020a, 'WIR'], [0x0214, 'WRR'], [0x021e, 'WCR'],
  [0x050a, 'PIR'], [0x0514, 'PRR'],
  [0x0a1e, 'TSR'],
  [0x0f0a, 'PTR'], [0x0f0f, 'MPR'], [0x0f14, 'FTR'],
  [0x140a, 'BPS'], [0x1414, 'EPS'],
  [0x320a, 'GDR'], [0x321e, 'DTR'],
  // V4-2007 additions: recognised and counted, skipped by length.
  [0x001e, 'VUR'], [0x015a, 'PSR'], [0x015b, 'NMR'], [0x015c, 'CNR'], [0x015d, 'SSR'],
  [0x015e, 'CDR'], [0x0f1e, 'STR'],
]);

/** Record names of the V4-2007 addendum, which this reader counts but does not decode. */
export const v4v2007RecordNames: ReadonlySet<string> = new Set(['VUR', 'PSR', 'NMR', 'CNR', 'SSR', 'CDR', 'STR']);

/** True when a header is plausible: a known record, or a vendor record type (180/181). */
export function isPlausibleRecordType(recordType: number, recordSub: number): boolean {
  return recordNameByKey.has((recordType << 8) | recordSub) || recordType === 180 || recordType === 181;
}
