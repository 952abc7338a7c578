/**
 * The order the alert board lists episodes in (issue #14 §3): what needs action first, i.e. the most
 * severe, then open before acknowledged before closed, then the newest last point first.
 */
import { describe, expect, it } from 'vitest';
import { compareEpisodes } from '../../../../shared/spc/monitor/episodes.ts';
import type { Episode } from '../../../../shared/spc/monitor/episodeTypes.ts';
import type { AlertState, Severity } from '../../../../shared/spc/monitor/types.ts';

function episode(id: string, severity: Severity, state: AlertState, lastDay: number): Episode {
  const point = (day: number) => ({
    subgroupKey: `P/L/${day}`, time: `2026-11-${String(day).padStart(2, '0')}T08:00:00.000Z`, lot: 'L', wafer: String(day), tool: null,
    value: 0.5, deviation: 0.2, rules: ['WE1' as const], severity,
  });
  return {
    id, definitionId: `chart-${id}`, chartName: `chart ${id}`, product: 'P', test: null, family: 'limit', severity, state, assignee: null,
    raisedAt: '2026-11-01T00:00:00.000Z', updatedAt: '2026-11-01T00:00:00.000Z', points: [point(1), point(lastDay)],
  };
}

describe('compareEpisodes', () => {
  it('puts the most severe first, then open before acknowledged before closed, then the newest', () => {
    const list = [
      episode('warning-open-new', 'warning', 'open', 20),
      episode('critical-closed-new', 'critical', 'closed', 21),
      episode('critical-open-old', 'critical', 'open', 3),
      episode('info-open-newest', 'info', 'open', 28),
      episode('critical-acknowledged-new', 'critical', 'acknowledged', 22),
      episode('critical-open-new', 'critical', 'open', 15),
    ];
    expect([...list].sort(compareEpisodes).map((each) => each.id)).toEqual([
      'critical-open-new', 'critical-open-old', 'critical-acknowledged-new', 'critical-closed-new', 'warning-open-new', 'info-open-newest',
    ]);
  });
});
