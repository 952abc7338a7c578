import { describe, expect, it } from 'vitest';
import { classifyHeaders, sniffTextLayout, type TableContent, type TextLayout } from '../../../shared/import/equipmentDetect.ts';

/** First lines of a file -> its text layout. */
const LAYOUT_CASES: [string, string, TextLayout][] = [
  ['JSON Lines', '{"lot":"L1","tool":"ETCH-01"}\n{"lot":"L2"}\n', 'jsonl'],
  ['JSON Lines after blank lines', '\n\n  {"time": 1}\n', 'jsonl'],
  ['SML, header on the timestamp line', '2026-03-04 10:22:31.123 S6F11 W\n<L [3]\n', 'sml'],
  ['SML, bracketed ISO timestamp, header on the next line', '[2026-03-04T10:22:31Z] RECV\n  S5F1 W <L>.\n', 'sml'],
  ['CSV history', 'lot,wafer,step,tool,chamber,recipe,start_time,end_time\nL1,1,ETCH,E1,A,R,2026-01-01,\n', 'csv'],
  ['CSV whose first cell is a date but no SxFy', '2026-03-04 10:22:31,ETCH-01,A,1001\n', 'csv'],
  ['die CSV', 'lot,wafer,x,y,hard_bin\nL1,1,0,0,1\n', 'csv'],
];

/** Header names -> what the table holds. */
const CONTENT_CASES: [string, string[], TableContent][] = [
  ['die CSV with canonical names', ['lot', 'wafer', 'x', 'y', 'hard_bin', 'tested_at'], 'die'],
  ['die CSV with odd names (its own dialog asks)', ['LotName', 'Wfr', 'C', 'R', 'Category'], 'die'],
  ['die CSV with a timestamp and no tool stays die', ['LOT', 'WF', 'XX', 'YY', 'timestamp'], 'die'],
  ['sample equipment history', ['lot', 'wafer', 'step', 'tool', 'chamber', 'recipe', 'start_time', 'end_time'], 'history'],
  ['MES history export', ['LotID', 'Wafer_No', 'Operation', 'EQP_ID', 'PM', 'PPID', 'TrackIn', 'TrackOut'], 'history'],
  ['history with an unrecognised start column', ['LotID', 'WaferID', 'Stage', 'Equipment', 'Module', 'Recipe', 'Began', 'Finished'], 'history'],
  ['alarm log', ['Timestamp', 'EQP_ID', 'Chamber', 'ALID', 'ALTX'], 'event'],
  ['event log with a type column', ['time', 'tool', 'event_code', 'message', 'type'], 'event'],
  ['FDC sensor summary', ['tool', 'chamber', 'step', 'lot', 'wafer', 'parameter', 'value'], 'sensor'],
  ['sensor summary with synonyms and a timestamp', ['EntityID', 'Entity', 'PM', 'Oper', 'Lot', 'Wafer', 'SVID', 'Reading', 'timestamp'], 'sensor'],
  ['nothing recognisable', ['a', 'b', 'c'], 'die'],
];

describe('equipment file detection by content', () => {
  it.each(LAYOUT_CASES)('%s', (_name, head, expected) => {
    expect(sniffTextLayout(head)).toBe(expected);
  });

  it.each(CONTENT_CASES)('%s', (_name, headers, expected) => {
    expect(classifyHeaders(headers)).toBe(expected);
  });
});
