/**
 * Why an equipment row was skipped, as a code with params (issue #15 §4). The import's skipped-rows
 * warning lists these problems: its English text (what the CLI prints) joins their `line N: ...` texts,
 * and the renderer says each in the UI's language (`equipmentProblem.<code>` in renderer/src/i18n).
 * Params: `line` (the file's line, as text), `field` (a canonical field name of equipment/columns.ts, said
 * through `equipmentProblem.fields.<field>`), `value`, `start`, `end`, `type`, `message` (the file's text or the
 * JSON parser's message, as written).
 */

/** The English text of each problem code, without its line; `{name}` is filled from the params. */
export const EQUIPMENT_PROBLEM_EN = {
  // The import's SQL checks (any CSV, and every row staged through it).
  missing: 'missing {field}',
  notDateTime: '{field} is not a date/time: "{value}"',
  notNumber: '{field} is not a number: "{value}"',
  endBeforeStart: 'end is before start',
  // The row normalisers of rows.ts (JSON Lines).
  notYearFirstDateTime: 'not a year-first date/time: "{value}"',
  valueNotNumber: 'not a number: "{value}"',
  unsupportedValueType: 'unsupported value type {type}',
  endBeforeStartAt: 'end {end} is before start {start}',
  // A JSON Lines line that is not one record.
  notJsonObject: 'not a JSON object',
  notJson: '{message}',
} as const;

/** One problem code. */
export type EquipmentProblemCode = keyof typeof EQUIPMENT_PROBLEM_EN;

/** Every problem code. */
export const EQUIPMENT_PROBLEM_CODES = Object.keys(EQUIPMENT_PROBLEM_EN) as EquipmentProblemCode[];

/** A problem as a code and the values its text names. */
export interface EquipmentProblem {
  code: EquipmentProblemCode;
  params: Record<string, string | number>;
}

/** A problem on a line of the file: its code, its params with `line`, and its English text "line N: ...". */
export interface LineProblem extends EquipmentProblem {
  message: string;
}

/** The English text of a problem (without its line). */
export function equipmentProblemText(problem: EquipmentProblem): string {
  return EQUIPMENT_PROBLEM_EN[problem.code].replace(/\{(\w+)\}/g, (placeholder, name: string) => String(problem.params[name] ?? placeholder));
}

/** A problem placed on line `line` of the file (the line as text: a line number is not a count to group). */
export function problemOnLine(problem: EquipmentProblem, line: number): LineProblem {
  return { code: problem.code, params: { line: String(line), ...problem.params }, message: `line ${line}: ${equipmentProblemText(problem)}` };
}
