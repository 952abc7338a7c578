import type { ControlChartPoint } from '@shared/charts/controlChartOption';
import type { ChartEvaluation, EvaluatedPoint } from '@shared/spc/monitor/index';

/** Axis label of a subgroup: the lot, or lot-wafer. */
export function subgroupLabel(point: EvaluatedPoint): string {
  return point.subgroup.wafer === null ? point.subgroup.lot : `${point.subgroup.lot}-${point.subgroup.wafer}`;
}

/** The primary series of an evaluation as chart points (zones only where the chart has sigma). */
export function primaryChartPoints(evaluation: ChartEvaluation): ControlChartPoint[] {
  const zoned = evaluation.chart !== 'threshold';
  return evaluation.points.map((point) => ({
    value: point.value, center: point.center, lcl: point.lcl, ucl: point.ucl, sigma: zoned && point.sigma > 0 ? point.sigma : null, n: point.n,
    label: subgroupLabel(point),
    subgroup: { lot: point.subgroup.lot, wafer: point.subgroup.wafer, time: point.subgroup.time },
    rules: point.violations.map((violation) => ({ rule: violation.rule, text: violation.text })),
  }));
}

/** The S, R or MR chart under X-bar/S, X-bar/R or I-MR, with the primary's subgroup identities. */
export function secondaryChartPoints(evaluation: ChartEvaluation): ControlChartPoint[] {
  const secondary = evaluation.secondary;
  if (!secondary) return [];
  return secondary.points.map((point) => {
    const primary = evaluation.points[point.index];
    return {
      value: point.value, center: point.center, lcl: point.lcl, ucl: point.ucl, sigma: null, n: primary?.n ?? null,
      label: primary ? subgroupLabel(primary) : String(point.index),
      subgroup: primary ? { lot: primary.subgroup.lot, wafer: primary.subgroup.wafer, time: primary.subgroup.time } : null,
      rules: secondary.violations.filter((violation) => violation.index === point.index).map((violation) => ({ rule: violation.rule, text: '' })),
    };
  });
}
