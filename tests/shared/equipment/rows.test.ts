import { describe, expect, it } from 'vitest';
import { normalizeEventRows, normalizeHistoryRows, normalizeSensorRows, normalizeTimestamp } from '../../../shared/equipment';

describe('normalizeTimestamp', () => {
  it.each([
    { raw: '2026-03-04 10:22:31', expected: '2026-03-04T10:22:31' },
    { raw: '2026/3/4 7:05', expected: '2026-03-04T07:05:00' },
    { raw: '2026-03-04T10:22:31,5+0100', expected: '2026-03-04T10:22:31.5+01:00' },
    { raw: '2026-03-04T10:22:31.123Z', expected: '2026-03-04T10:22:31.123Z' },
    { raw: '2026-03-04', expected: '2026-03-04T00:00:00' },
    { raw: 1_772_620_951, expected: '2026-03-04T10:42:31.000Z' },
    { raw: 1_772_620_951_000, expected: '2026-03-04T10:42:31.000Z' },
    { raw: '2026-02-30 10:00:00', expected: null },
    { raw: '04/03/2026 10:00', expected: null },
    { raw: '2026-03-04 25:00:00', expected: null },
  ])('$raw', ({ raw, expected }) => {
    expect(normalizeTimestamp(raw)).toBe(expected);
  });
});

describe('normalizeHistoryRows', () => {
  const records = [
    { LotID: 'L001', Wafer: '01', Step: 'ETCH', EQP_ID: 'ETCH-02', CH: 'B', Recipe: 'R1', TrackIn: '2026-03-04 10:00:00', TrackOut: '2026-03-04 10:30:00' },
    { LotID: 'L001', Wafer: 2, Step: 'ETCH', EQP_ID: 'ETCH-02', CH: '', Recipe: null, TrackIn: '2026-03-04 10:31:00', TrackOut: '' },
    { LotID: '', Wafer: '3', Step: 'ETCH', EQP_ID: 'ETCH-02', CH: 'A', Recipe: 'R1', TrackIn: '2026-03-04 11:00:00' },
    { LotID: 'L002', Wafer: '4', Step: 'CMP', EQP_ID: 'CMP-1', CH: 'A', Recipe: 'R2', TrackIn: 'yesterday' },
    { LotID: 'L002', Wafer: '5', Step: 'CMP', EQP_ID: 'CMP-1', CH: 'A', Recipe: 'R2', TrackIn: '2026-03-04 12:00:00', TrackOut: '2026-03-04 11:00:00' },
    { LotID: 'L002', Wafer: { id: 6 }, Step: 'CMP', EQP_ID: 'CMP-1', TrackIn: '2026-03-04 12:00:00' },
  ];
  const result = normalizeHistoryRows(records, { firstRowNumber: 2 });

  it('keeps valid rows, normalising wafers, blanks and times', () => {
    expect(result.rows).toEqual([
      { lot: 'L001', wafer: '1', step: 'ETCH', tool: 'ETCH-02', chamber: 'B', recipe: 'R1', start: '2026-03-04T10:00:00', end: '2026-03-04T10:30:00' },
      { lot: 'L001', wafer: '2', step: 'ETCH', tool: 'ETCH-02', chamber: null, recipe: null, start: '2026-03-04T10:31:00', end: null },
    ]);
  });

  it('reports each bad row with its row number and field', () => {
    expect(result.problems.map((problem) => [problem.row, problem.field])).toEqual([
      [4, 'lot'],
      [5, 'start'],
      [6, 'end'],
      [7, 'wafer'],
    ]);
    expect(result.problems[2]?.message).toContain('before start');
  });

  it('returns no rows when required columns are missing', () => {
    const missing = normalizeHistoryRows([{ Lot: 'L1', Tool: 'T1' }]);
    expect(missing.detection.missing).toEqual(['step', 'start']);
    expect(missing.rows).toEqual([]);
  });
});

describe('normalizeEventRows', () => {
  it('validates alarm records from JSON Lines', () => {
    const result = normalizeEventRows([
      { timestamp: '2026-03-04T10:22:33Z', equipment: 'ETCH-02', module: 'PM2', ALID: 5001, ALTX: 'Pressure high' },
      { timestamp: '2026-03-04T10:22:34Z', equipment: 'ETCH-02', module: 'PM2', ALID: '' },
    ]);
    expect(result.rows).toEqual([{ time: '2026-03-04T10:22:33Z', tool: 'ETCH-02', chamber: 'PM2', code: '5001', text: 'Pressure high' }]);
    // The English text and, beside it, the code with params the app translates (issue #15 §4).
    expect(result.problems).toEqual([{ row: 2, field: 'code', code: 'missing', params: { field: 'code' }, message: 'missing code' }]);
  });
});

describe('normalizeSensorRows', () => {
  it('parses numeric values and rejects non-numbers', () => {
    const result = normalizeSensorRows([
      { Tool: 'ETCH-02', Chamber: 'B', Step: 'ETCH', Lot: 'L1', Wafer: '07', Parameter: 'RF_POWER_MEAN', Value: ' 1.25e3 ' },
      { Tool: 'ETCH-02', Chamber: 'B', Step: 'ETCH', Lot: 'L1', Wafer: '08', Parameter: 'RF_POWER_MEAN', Value: '1,250' },
      { Tool: 'ETCH-02', Chamber: 'B', Step: 'ETCH', Lot: 'L1', Wafer: '09', Parameter: 'RF_POWER_MEAN', Value: -3 },
    ]);
    expect(result.rows.map((row) => [row.wafer, row.value])).toEqual([
      ['7', 1250],
      ['9', -3],
    ]);
    expect(result.problems.map((problem) => [problem.row, problem.field])).toEqual([[2, 'value']]);
  });
});
