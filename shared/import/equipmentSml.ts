/**
 * SECS/GEM SML logs: S6F11 collection events and S5F1 alarms become equipment_events rows with
 * source 'secs'. Lines the parser cannot read become warnings with their line numbers.
 */
import type { SqlEngine } from '../engine/sqlEngine.ts';
import { parseSmlLog } from '../equipment/sml.ts';
import type { SmlReport } from '../equipment/smlEvents.ts';
import { ImportError } from './dieCsvImport.ts';
import { stageArrowRows, type EquipmentStaging } from './equipmentImport.ts';
import { importWarning } from './importWarning.ts';

/** Options for staging one SML log. */
export interface SmlStageOptions {
  importId: string;
  fileName: string;
  /** The tool the log belongs to; default: the file name up to its first dot ("ETCH-02.sml" -> ETCH-02). */
  tool?: string;
}

/** The tool a log file names: its base name up to the first dot. */
export function toolFromFileName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  return base.split('.')[0] || base;
}

function reportText(reports: readonly SmlReport[]): string | null {
  if (reports.length === 0) return null;
  const text = reports.map((report) => `RPT ${report.rptid}: ${JSON.stringify(report.values)}`).join('; ');
  return text.length > 500 ? `${text.slice(0, 497)}...` : text;
}

/** Stage an SML log's events and alarms into equipment_events; unparsed lines are warnings, not failures. */
export async function stageSmlLog(engine: SqlEngine, text: string, options: SmlStageOptions): Promise<EquipmentStaging> {
  const parsed = parseSmlLog(text);
  const tool = options.tool ?? toolFromFileName(options.fileName);
  const rows = [
    ...parsed.events.map((event) => ({ line: event.line, time: event.time, kind: 'event', code: String(event.ceid), text: reportText(event.reports) })),
    ...parsed.alarms.map((alarm) => ({ line: alarm.line, time: alarm.time, kind: 'alarm', code: String(alarm.alid), text: alarm.alarmSet ? alarm.altx : `${alarm.altx} (cleared)` })),
  ].sort((left, right) => left.line - right.line);
  const columns: Record<string, (string | null)[]> = {
    time: rows.map((row) => row.time), tool: rows.map(() => tool), chamber: rows.map(() => null),
    code: rows.map((row) => row.code), text: rows.map((row) => row.text), event_kind: rows.map((row) => row.kind),
  };
  const problems = parsed.problems.map((problem) => `line ${problem.line}: ${problem.message}`);
  if (rows.length === 0) {
    throw new ImportError(options.fileName, `rejected, nothing imported: no S6F11 event or S5F1 alarm found${problems[0] ? `; first problem at ${problems[0]}` : ''}`);
  }
  const staging = await stageArrowRows(engine, columns, rows.map((row) => row.line), 'event', 'secs', options, []);
  if (staging.kind === 'staged' && problems.length > 0) {
    const shown = problems.slice(0, 10).join('; ');
    staging.warnings.unshift(importWarning('smlLinesNotUnderstood', { count: problems.length, lines: `${shown}${problems.length > 10 ? '; ...' : ''}` }));
  }
  return staging;
}
