/** Adapters from the SPC monitor and the commonality analysis to the report's optional sections. */
import type { SqlEngine } from '../engine/sqlEngine.ts';
import type { WorkspaceStore } from '../host/hostApi.ts';
import { runCommonality } from '../analysis/commonality.ts';
import { episodeExtent, listEpisodes, type Episode } from '../spc/monitor/index.ts';
import type { ReportScope } from '../sql/reportSql.ts';
import { duckdbDialect, type SqlDialect } from '../sql/dialect.ts';
import type { ReportSources } from './buildReport.ts';
import type { ReportAlertRow, ReportCommonalityRow } from './model.ts';

/** Whether an episode belongs to the scope: one of its points on the lot, or of the products within the period. */
export function episodeInScope(episode: Pick<Episode, 'product' | 'points'>, scope: ReportScope): boolean {
  if (scope.lot !== null) return episode.points.some((point) => point.lot === scope.lot);
  if (scope.products.length > 0 && !scope.products.includes(episode.product)) return false;
  return episode.points.some((point) => {
    const time = Date.parse(point.time);
    return (scope.from === null || time >= Date.parse(`${scope.from}Z`)) && (scope.toExclusive === null || time < Date.parse(`${scope.toExclusive}Z`));
  });
}

/**
 * SPC episodes of the scope (open, acknowledged and closed) from the workspace's episode log, as the
 * board lists them: one row per episode, not per violating point (throws when the monitor is missing).
 */
export function alertSource(store: WorkspaceStore): (scope: ReportScope) => Promise<ReportAlertRow[]> {
  return async (scope) => {
    const episodes = await listEpisodes(store);
    return episodes.filter((episode) => episodeInScope(episode, scope)).map((episode) => {
      const extent = episodeExtent(episode);
      return {
        id: episode.id, chartName: episode.chartName, rule: [...new Set(episode.points.flatMap((point) => point.rules))].join('+'),
        severity: episode.severity, state: episode.state, product: episode.product, lots: extent.lots.join(', '),
        firstTime: extent.firstTime, lastTime: extent.lastTime, points: extent.count,
      };
    });
  };
}

/**
 * Commonality of wafer yield over the scope's wafers (shared/analysis), ranked. The analysis takes one
 * product: with several products chosen it runs over all of them. `dialect`: the engine's (ClickHouse over a lake).
 */
export function commonalitySource(engine: SqlEngine, dialect: SqlDialect = duckdbDialect): (scope: ReportScope) => Promise<ReportCommonalityRow[]> {
  return async (scope) => {
    const population = {
      product: scope.products.length === 1 ? (scope.products[0] ?? null) : null,
      from: scope.from, to: scope.toExclusive, lots: scope.lot === null ? null : [scope.lot],
    };
    const run = await runCommonality(engine, { response: { kind: 'wafer-yield', number: null }, population }, dialect);
    return run.findings.map((finding) => ({
      step: finding.step, factor: finding.factor, worstLevel: finding.worstLevel ?? '', p: finding.p ?? Number.NaN,
      pAdjusted: finding.pAdjusted ?? Number.NaN, effect: finding.effect,
    }));
  };
}

/** The sources a workspace offers the report: SPC episodes from its episode log, commonality findings from its equipment history. */
export function reportSources(engine: SqlEngine, store: WorkspaceStore): ReportSources {
  return { alerts: alertSource(store), commonality: commonalitySource(engine) };
}
