/** Which kind of test failed; each category has its own fail soft bin. */
export type FailCategory = 'continuity' | 'leakage' | 'idd' | 'vth' | 'parametric' | 'functional' | 'delay';

/** One row of bins.csv. */
export interface BinDefinition {
  readonly binType: 'hard' | 'soft';
  readonly bin: number;
  readonly name: string;
  readonly pass: boolean;
}

/** Soft bin of a fully passing die. */
export const SOFT_BIN_PASS = 1;
/** Soft bin of a die that passes every limit but falls in the slow speed grade. */
export const SOFT_BIN_PASS_SLOW = 2;

/** The fail soft bin of each test category. */
export const SOFT_BIN_BY_CATEGORY: Readonly<Record<FailCategory, number>> = {
  continuity: 3,
  leakage: 4,
  functional: 5,
  vth: 6,
  idd: 7,
  delay: 8,
  parametric: 9,
};

/** Soft bins with their names and pass flag (same table for both products). */
export const SOFT_BINS: readonly BinDefinition[] = [
  { binType: 'soft', bin: 1, name: 'PASS', pass: true },
  { binType: 'soft', bin: 2, name: 'PASS_SLOW_GRADE', pass: true },
  { binType: 'soft', bin: 3, name: 'OPEN_SHORT', pass: false },
  { binType: 'soft', bin: 4, name: 'LEAKAGE', pass: false },
  { binType: 'soft', bin: 5, name: 'FUNCTIONAL', pass: false },
  { binType: 'soft', bin: 6, name: 'PARAM_VTH', pass: false },
  { binType: 'soft', bin: 7, name: 'PARAM_IDD', pass: false },
  { binType: 'soft', bin: 8, name: 'SPEED_DELAY', pass: false },
  { binType: 'soft', bin: 9, name: 'PARAM_ANALOG', pass: false },
];

/** Hard bins: passing soft bins map to 1, parametric soft bins (6-9) share hard bin 6. */
export const HARD_BINS: readonly BinDefinition[] = [
  { binType: 'hard', bin: 1, name: 'PASS', pass: true },
  { binType: 'hard', bin: 3, name: 'CONTINUITY', pass: false },
  { binType: 'hard', bin: 4, name: 'LEAKAGE', pass: false },
  { binType: 'hard', bin: 5, name: 'FUNCTIONAL', pass: false },
  { binType: 'hard', bin: 6, name: 'PARAMETRIC', pass: false },
];

/** The hard bin that a soft bin rolls up to. */
export function hardBinOfSoftBin(softBin: number): number {
  if (softBin <= SOFT_BIN_PASS_SLOW) return 1;
  return softBin >= 6 ? 6 : softBin;
}
