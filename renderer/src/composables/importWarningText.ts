/**
 * Import warnings in the user's language: a warning with a code names an `importWarning.*` text filled
 * from its params (numbers in the locale's integer format, names and ids as they are). A warning without
 * a code (an STDF finding's line, a record written before codes existed) keeps its stored English text.
 */
import type { CodedWarning, ImportRecord } from '@shared/workspace/manifest';
import { logLineText, type LogLine, type LogParam } from './importLogText';

/** The translator pieces the text needs (vue-i18n's `t`, `te` and `n`). */
export interface WarningTranslator {
  t(key: string, values: Record<string, unknown>): string;
  te(key: string): boolean;
  n(value: number, format: string): string;
}

/** An equipment file's skipped row as a log line: `equipmentProblem.<code>`, its field said as a word of the language. */
function problemLine(problem: NonNullable<CodedWarning['problems']>[number]): LogLine {
  const params: Record<string, LogParam> = { ...problem.params };
  if (typeof problem.params.field === 'string') params.field = { key: `equipmentProblem.fields.${problem.params.field}` };
  return { key: `equipmentProblem.${problem.code}`, params };
}

/**
 * A coded warning as a log line (`importWarning.<code>`); the lines its `problems` param lists, when they
 * carry codes (issue #15 §4), are said one by one instead of the stored English.
 */
export function warningLine(coded: CodedWarning): LogLine {
  const key = `importWarning.${coded.code}`;
  return coded.problems ? { key, params: { ...coded.params, problems: coded.problems.map(problemLine) } } : { key, params: coded.params };
}

/** The text of warning `index` of a record. */
export function importWarningText(translator: WarningTranslator, record: Pick<ImportRecord, 'warnings' | 'warningCodes'>, index: number): string {
  const coded = record.warningCodes?.[index];
  if (!coded || !translator.te(`importWarning.${coded.code}`)) return record.warnings[index] ?? '';
  // A problem code this version does not know (a newer workspace) keeps the stored English lines.
  const known = coded.problems?.every((problem) => translator.te(`equipmentProblem.${problem.code}`)) ?? true;
  return logLineText(translator, warningLine(known ? coded : { code: coded.code, params: coded.params }));
}

/** Every warning of a record in the translator's language. */
export function importWarningTexts(translator: WarningTranslator, record: Pick<ImportRecord, 'warnings' | 'warningCodes'>): string[] {
  return record.warnings.map((_, index) => importWarningText(translator, record, index));
}
