/**
 * Import warnings as codes with params (issue #15 §4): the manifest keeps each warning's English text
 * (the CLI prints it; records written before codes existed have only that) and, beside it, its code and
 * params, which the renderer puts into the user's language (`importWarning.<code>` in renderer/src/i18n).
 * Params that are numbers are counts; strings (file names, lot/wafer ids, the file's own problem lines)
 * are shown as they are.
 */
import type { CodedWarning } from '../workspace/manifest.ts';

/** The warnings an import can raise besides the STDF checker's findings (those carry their own codes). */
export const IMPORT_WARNING_CODES = [
  'rowsSkipped', 'rowsSkippedMore', 'equipmentLotNotTested', 'equipmentWaferNotTested', 'equipmentWaferNoHistory', 'smlLinesNotUnderstood', 'stdfIncomplete',
] as const;

/** One warning code. */
export type ImportWarningCode = (typeof IMPORT_WARNING_CODES)[number];

/** A warning's code and the values its text names. */
export interface ImportWarningCoded extends CodedWarning {
  code: ImportWarningCode;
}

/** A warning: code, params and its English text. */
export interface ImportWarning extends ImportWarningCoded {
  message: string;
}

/** The English text of each code; `{name}` is filled from the params. */
export const IMPORT_WARNING_EN: Record<ImportWarningCode, string> = {
  rowsSkipped: '{count} row(s) skipped: {problems}',
  rowsSkippedMore: '{count} row(s) skipped: {problems}; {more} more',
  equipmentLotNotTested: '{count} lot(s) in the equipment data have no test data: {ids}',
  equipmentWaferNotTested: '{count} wafer(s) in the equipment data were not tested: {ids}',
  equipmentWaferNoHistory: '{count} tested wafer(s) of these lots have no equipment history: {ids}',
  smlLinesNotUnderstood: '{count} line(s) not understood: {lines}',
  stdfIncomplete: '{file}: incomplete, no MRR: the file ends at byte offset {offset} and stopped growing before the rest arrived; imported as partial',
};

/** A warning with its English text. */
export function importWarning(code: ImportWarningCode, params: Record<string, string | number>): ImportWarning {
  const message = IMPORT_WARNING_EN[code].replace(/\{(\w+)\}/g, (placeholder, name: string) => String(params[name] ?? placeholder));
  return { code, params, message };
}

/** The manifest fields of a list of warnings: the English texts, and the codes when any warning has one (null for a plain text). */
export function warningFields(list: readonly (ImportWarning | string)[]): { warnings: string[]; warningCodes?: (ImportWarningCoded | null)[] } {
  const warnings = list.map((warning) => (typeof warning === 'string' ? warning : warning.message));
  if (list.every((warning) => typeof warning === 'string')) return { warnings };
  return { warnings, warningCodes: list.map((warning) => (typeof warning === 'string' ? null : { code: warning.code, params: warning.params, ...(warning.problems ? { problems: warning.problems } : {}) })) };
}
