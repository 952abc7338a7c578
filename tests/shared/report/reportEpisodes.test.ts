/** The reports' SPC section lists episodes (issue #14 §4): counts by chart and severity, the ones not closed with first/last time. */
import { describe, expect, it } from 'vitest';
import type { ReportData } from '../../../shared/report/model.ts';
import { alertsSection } from '../../../shared/report/reportSections.ts';
import { alertSource } from '../../../shared/report/reportSources.ts';
import { reportText } from '../../../shared/report/reportText.ts';
import { actOnEpisodes, raiseEpisodes, type ChartDefinition, type ChartEvaluation, type MonitorRule } from '../../../shared/spc/monitor/index.ts';
import type { ReportScope } from '../../../shared/sql/reportSql.ts';
import { MemoryStore } from '../spc/monitor/craftedWorkspace.ts';

const definition: ChartDefinition = {
  id: 'yield', name: 'P wafer yield', enabled: true, metric: { kind: 'wafer-yield' }, filter: { product: 'P' }, chart: 'p',
  rules: ['WE1', 'WE2'], limits: { mode: 'phase-one', baseline: { firstSubgroups: 4 }, dropOutOfControl: true }, severity: {},
};

/** 40 wafers, five a lot (L0..L7), one an hour from 2026-01-01; violations at the listed indices. */
function chartWith(violations: [number, MonitorRule][]): ChartEvaluation {
  const points = Array.from({ length: 40 }, (_, index) => ({
    index, value: 0, n: 100, center: 0, lcl: -1, ucl: 1, sigma: 0.3, inBaseline: true, violations: [],
    subgroup: { key: `P/L${Math.floor(index / 5)}/${index % 5}`, product: 'P', lot: `L${Math.floor(index / 5)}`, wafer: String(index % 5), time: new Date(Date.UTC(2026, 0, 1, index)).toISOString(), tool: 'T1', chamber: null },
  }));
  return {
    definition, chart: 'p', evaluatedAt: '', parameters: null, limitsSource: 'frozen', limitsRecord: null, points, secondary: null, specLimits: null,
    violations: violations.map(([index, rule]) => ({ index, subgroupKey: points[index]?.subgroup.key ?? '', rule, text: rule, severity: rule === 'WE1' ? 'critical' : 'warning' })),
  };
}

const scope = (fields: Partial<ReportScope>): ReportScope => ({ products: [], from: null, toExclusive: null, lot: null, ...fields }) as ReportScope;

describe('SPC section of the reports', () => {
  it('one row per episode, scoped by lot or period; counts by chart and severity; only the ones not closed listed with their times', async () => {
    const store = new MemoryStore();
    // Gap 2: wafers 1+2 (L0, critical), 10 (L2, critical), 20+21 (L4, warning): three episodes, five violating points.
    await raiseEpisodes(store, [chartWith([[1, 'WE1'], [2, 'WE1'], [10, 'WE1'], [20, 'WE2'], [21, 'WE2']])], { gap: 2, at: new Date('2026-01-03T00:00:00Z') });
    await actOnEpisodes(store, ['yield|limit|P/L2/0'], { type: 'closed', who: 'ana', cause: 'probe card', action: 'cleaned' });

    const all = await alertSource(store)(scope({}));
    expect(all.map((row) => [row.lots, row.points, row.severity, row.state]).sort()).toEqual([
      ['L0', 2, 'critical', 'open'], ['L2', 1, 'critical', 'closed'], ['L4', 2, 'warning', 'open'],
    ]);
    expect((await alertSource(store)(scope({ lot: 'L4' }))).map((row) => row.rule)).toEqual(['WE2']);
    // 2026-01-01 10:00 up to 20:00 holds wafer 10 only.
    expect((await alertSource(store)(scope({ from: '2026-01-01T10:00:00', toExclusive: '2026-01-01T20:00:00' }))).map((row) => row.lots)).toEqual(['L2']);

    const html = alertsSection({ alerts: { available: true, rows: all } } as unknown as ReportData, reportText('en'));
    // Counts: P wafer yield has 2 critical, 1 warning, 0 info, 3 in all.
    expect(html.replace(/<[^>]+>/g, '|').replace(/\|+/g, '|')).toContain('|P wafer yield|2|1|0|3|');
    expect(html).toContain('Not closed (2)');
    expect(html).toContain('2026-01-01 01:00');
    expect(html).toContain('2026-01-01 21:00');
    expect(html).not.toContain('2026-01-01 10:00');
    expect(alertsSection({ alerts: { available: true, rows: all } } as unknown as ReportData, reportText('vi'))).toContain('Đợt cảnh báo SPC');
  });
});
