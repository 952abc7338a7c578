/**
 * English texts of an equipment file's skipped rows, by code (merged under `equipmentProblem`;
 * shared/equipment/rowProblems.ts has the codes and the same words without the line). `fields` names a
 * canonical field as the CLI's English does.
 */
export default {
  equipmentProblem: {
    missing: 'line {line}: missing {field}',
    notDateTime: 'line {line}: {field} is not a date/time: "{value}"',
    notNumber: 'line {line}: {field} is not a number: "{value}"',
    endBeforeStart: 'line {line}: end is before start',
    notYearFirstDateTime: 'line {line}: not a year-first date/time: "{value}"',
    valueNotNumber: 'line {line}: not a number: "{value}"',
    unsupportedValueType: 'line {line}: unsupported value type {type}',
    endBeforeStartAt: 'line {line}: end {end} is before start {start}',
    notJsonObject: 'line {line}: not a JSON object',
    notJson: 'line {line}: {message}',
    fields: {
      lot: 'lot', wafer: 'wafer', step: 'step', tool: 'tool', chamber: 'chamber', recipe: 'recipe', start: 'start', end: 'end',
      time: 'time', code: 'code', text: 'text', parameter: 'parameter', value: 'value',
    },
  },
};
