import { describe, expect, it } from 'vitest';
import { detectColumns, normalizeColumnName } from '../../../shared/equipment';

describe('detectColumns', () => {
  it.each([
    {
      name: 'MES export spelling',
      headers: ['LotID', 'WaferID', 'Operation', 'EQP_ID', 'CH', 'PPID', 'TrackIn', 'TrackOut'],
      mapping: { lot: 'LotID', wafer: 'WaferID', step: 'Operation', tool: 'EQP_ID', chamber: 'CH', recipe: 'PPID', start: 'TrackIn', end: 'TrackOut' },
    },
    {
      name: 'snake case with spaces',
      headers: ['lot_id', ' wafer ', 'step', 'equipment', 'Module', 'Start Time'],
      mapping: { lot: 'lot_id', wafer: ' wafer ', step: 'step', tool: 'equipment', chamber: 'Module', start: 'Start Time' },
    },
    {
      name: 'upper case short names',
      headers: ['LOT', 'STEP', 'TOOL', 'START'],
      mapping: { lot: 'LOT', step: 'STEP', tool: 'TOOL', start: 'START' },
    },
  ])('history: $name', ({ headers, mapping }) => {
    const detection = detectColumns(headers, 'history');
    expect(detection.ok).toBe(true);
    expect(detection.mapping).toEqual(mapping);
    expect(detection.missing).toEqual([]);
  });

  it('reports missing required columns and unmapped headers', () => {
    const detection = detectColumns(['Lot', 'Chamber', 'Comment'], 'history');
    expect(detection.ok).toBe(false);
    expect(detection.missing).toEqual(['step', 'tool', 'start']);
    expect(detection.unmapped).toEqual(['Comment']);
  });

  it('reports ambiguous synonyms but prefers the canonical name when present', () => {
    const ambiguous = detectColumns(['EQP_ID', 'Machine', 'ALID', 'Timestamp'], 'event');
    expect(ambiguous.ok).toBe(false);
    expect(ambiguous.ambiguous).toEqual([{ field: 'tool', headers: ['EQP_ID', 'Machine'] }]);
    const canonical = detectColumns(['Tool', 'Equipment', 'ALID', 'Timestamp'], 'event');
    expect(canonical.ok).toBe(true);
    expect(canonical.mapping.tool).toBe('Tool');
  });

  it('lets the user resolve an ambiguity with an override', () => {
    const detection = detectColumns(['EQP_ID', 'Machine', 'ALID', 'Timestamp'], 'event', { tool: 'Machine' });
    expect(detection.ok).toBe(true);
    expect(detection.mapping).toEqual({ time: 'Timestamp', tool: 'Machine', code: 'ALID' });
  });

  it('sensor summaries', () => {
    const detection = detectColumns(['Tool', 'PM', 'Lot_No', 'Wafer', 'SVID', 'Value'], 'sensor');
    expect(detection.mapping).toEqual({ tool: 'Tool', chamber: 'PM', lot: 'Lot_No', wafer: 'Wafer', parameter: 'SVID', value: 'Value' });
  });

  it('normalizes header names', () => {
    expect(['Lot ID', 'lot-id', 'LOT_ID', 'LotID'].map(normalizeColumnName)).toEqual(['lotid', 'lotid', 'lotid', 'lotid']);
  });
});
