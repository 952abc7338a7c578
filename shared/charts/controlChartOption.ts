/**
 * Pure builder of a control chart's ECharts option: points, stepped center line and limits (limits
 * change where the subgroup size does), shaded 1/2/3-sigma zones, violations marked with their rule
 * names and an optional highlighted point. No ECharts import, so unit tests can check the option.
 *
 * The x axis is a value axis of point indices; each point owns the interval [i − 0.5, i + 0.5], so a
 * limit that changes between points i and i+1 steps at i + 0.5.
 */

/** One plotted point with its own limits; `sigma` is the SD of the plotted statistic (zone width). */
export interface ControlChartPoint {
  value: number;
  center: number;
  lcl: number;
  ucl: number;
  /** Null when the chart has no zones (threshold charts, dispersion charts). */
  sigma: number | null;
  n: number | null;
  /** Short axis label (lot or lot-wafer). */
  label: string;
  /** Lot, wafer and time of the subgroup, for the tooltip. */
  subgroup: { lot: string; wafer: string | null; time: string } | null;
  /** Rules firing at this point, with their (fallback English) text. */
  rules: { rule: string; text: string }[];
}

/** Texts and formatting the chart needs from the UI. */
export interface ControlChartLabels {
  value: string;
  subgroupSize: string;
  lot: string;
  wafer: string;
  time: string;
  center: string;
  upperLimit: string;
  lowerLimit: string;
  formatValue(value: number): string;
  formatTime(iso: string): string;
  /** The rule's text in the UI language; `fallback` is the engine's English text. */
  ruleText(rule: string, fallback: string): string;
}

/** What to draw. */
export interface ControlChartInput {
  points: readonly ControlChartPoint[];
  /** Index of a point to ring (the `?point=N` of the route), or null. */
  highlightIndex: number | null;
  /** Draw the shaded zones (needs `sigma` on the points). */
  showZones: boolean;
}

/** A horizontal run of a stepped line: from x `start` to x `end` at height `level`. */
export interface StepRun {
  start: number;
  end: number;
  level: number;
}

/** Zone colours: C (within 1σ), B (1σ–2σ), A (2σ to the limit, 3σ unless the chart's limits are wider). */
export const zoneColors = { C: 'rgba(46, 160, 67, 0.10)', B: 'rgba(230, 170, 20, 0.14)', A: 'rgba(220, 70, 50, 0.12)' } as const;

/** Above this many marked points, rule names are left to the tooltip (labels would pile up). */
export const maxLabelledViolations = 30;

/** Merge equal consecutive levels into runs; point i spans [i − 0.5, i + 0.5]. */
export function stepRuns(levels: readonly number[]): StepRun[] {
  const runs: StepRun[] = [];
  levels.forEach((level, index) => {
    const last = runs[runs.length - 1];
    if (last && last.level === level) last.end = index + 0.5;
    else runs.push({ start: index - 0.5, end: index + 0.5, level });
  });
  return runs;
}

/** The vertices of a stepped line through the runs (vertical jumps at run boundaries). */
export function steppedLine(levels: readonly number[]): [number, number][] {
  return stepRuns(levels).flatMap((run): [number, number][] => [[run.start, run.level], [run.end, run.level]]);
}

/** One shaded rectangle: x from start to end, y from low to high, in a zone. */
export interface ZoneBand {
  zone: 'A' | 'B' | 'C';
  start: number;
  end: number;
  low: number;
  high: number;
}

/** Zone rectangles for every run of equal (center, sigma, lcl, ucl), clipped to the limits. */
export function zoneBands(points: readonly ControlChartPoint[]): ZoneBand[] {
  const bands: ZoneBand[] = [];
  let runStart = 0;
  for (let index = 1; index <= points.length; index++) {
    const first = points[runStart];
    const point = points[index];
    if (!first) break;
    const same = point !== undefined && point.center === first.center && point.sigma === first.sigma && point.lcl === first.lcl && point.ucl === first.ucl;
    if (same) continue;
    if (first.sigma !== null) bands.push(...bandsAround(first, runStart - 0.5, index - 0.5));
    runStart = index;
  }
  return bands;
}

function bandsAround(point: ControlChartPoint, start: number, end: number): ZoneBand[] {
  const { center, lcl, ucl } = point;
  const sigma = point.sigma ?? 0;
  // Zone A runs out to the limits where a chart sets them wider than 3 sigma (limitSigmas), so the
  // band between 3 sigma and the limit line is not left blank.
  const outerLow = Number.isFinite(lcl) ? Math.min(lcl, center - 3 * sigma) : center - 3 * sigma;
  const outerHigh = Number.isFinite(ucl) ? Math.max(ucl, center + 3 * sigma) : center + 3 * sigma;
  const edges: [ZoneBand['zone'], number, number][] = [
    ['A', outerLow, center - 2 * sigma],
    ['B', center - 2 * sigma, center - sigma],
    ['C', center - sigma, center + sigma],
    ['B', center + sigma, center + 2 * sigma],
    ['A', center + 2 * sigma, outerHigh],
  ];
  return edges
    .map(([zone, low, high]) => ({ zone, start, end, low: Math.max(low, lcl), high: Math.min(high, ucl) }))
    .filter((band) => band.high > band.low);
}

/** Indices of points with at least one rule firing, and their rule names joined. */
export function violationMarks(points: readonly ControlChartPoint[]): { index: number; value: number; rules: string }[] {
  return points.flatMap((point, index) => (point.rules.length > 0 ? [{ index, value: point.value, rules: point.rules.map((entry) => entry.rule).join(',') }] : []));
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** The tooltip's HTML for one point. */
export function pointTooltip(point: ControlChartPoint, labels: ControlChartLabels): string {
  const lines = [`<b>${escapeHtml(point.label)}</b>`, `${escapeHtml(labels.value)}: ${escapeHtml(labels.formatValue(point.value))}`];
  if (point.n !== null) lines.push(`${escapeHtml(labels.subgroupSize)}: ${point.n}`);
  if (point.subgroup) {
    lines.push(`${escapeHtml(labels.lot)}: ${escapeHtml(point.subgroup.lot)}`);
    if (point.subgroup.wafer !== null) lines.push(`${escapeHtml(labels.wafer)}: ${escapeHtml(point.subgroup.wafer)}`);
    lines.push(`${escapeHtml(labels.time)}: ${escapeHtml(labels.formatTime(point.subgroup.time))}`);
  }
  lines.push(`${escapeHtml(labels.lowerLimit)} ${escapeHtml(labels.formatValue(point.lcl))} · ${escapeHtml(labels.center)} ${escapeHtml(labels.formatValue(point.center))} · ${escapeHtml(labels.upperLimit)} ${escapeHtml(labels.formatValue(point.ucl))}`);
  for (const entry of point.rules) lines.push(`<span style="color:#c0392b">${escapeHtml(entry.rule)}: ${escapeHtml(labels.ruleText(entry.rule, entry.text))}</span>`);
  return lines.join('<br/>');
}

/** Build the ECharts option of one control chart (primary or the S/R/MR chart under it). */
export function buildControlChartOption(input: ControlChartInput, labels: ControlChartLabels): Record<string, unknown> {
  const { points } = input;
  const values = points.map((point, index) => [index, point.value]);
  const marks = violationMarks(points);
  const highlighted = input.highlightIndex === null ? undefined : points[input.highlightIndex];
  const bands = input.showZones ? zoneBands(points) : [];
  const limitLine = (name: string, levels: number[], color: string, dashed: boolean): Record<string, unknown> => ({
    name, type: 'line', data: steppedLine(levels), symbol: 'none', silent: true, animation: false,
    lineStyle: { color, width: 1.5, type: dashed ? 'dashed' : 'solid' }, z: 3,
  });
  return {
    animation: false,
    grid: { left: 64, right: 24, top: 28, bottom: 56 },
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (params: { value?: unknown }) => {
        const index = Array.isArray(params.value) ? Number(params.value[0]) : -1;
        const point = points[index];
        return point ? pointTooltip(point, labels) : '';
      },
    },
    xAxis: {
      type: 'value', min: -0.5, max: Math.max(points.length - 0.5, 0.5), splitLine: { show: false },
      axisLabel: { fontSize: 10, hideOverlap: true, formatter: (value: number) => (Number.isInteger(value) ? (points[value]?.label ?? '') : '') },
    },
    yAxis: { type: 'value', scale: true, name: labels.value, nameTextStyle: { align: 'left' }, axisLabel: { formatter: (value: number) => labels.formatValue(value) } },
    series: [
      {
        name: 'values', type: 'line', data: values, symbol: 'circle', symbolSize: 5, showSymbol: true, animation: false, z: 4,
        lineStyle: { color: '#1f4e79', width: 1.2 }, itemStyle: { color: '#1f4e79' },
        markArea: {
          silent: true,
          data: bands.map((band) => [
            { xAxis: band.start, yAxis: band.low, itemStyle: { color: zoneColors[band.zone] } },
            { xAxis: band.end, yAxis: band.high },
          ]),
        },
      },
      limitLine('center', points.map((point) => point.center), '#2e7d32', false),
      limitLine('ucl', points.map((point) => point.ucl), '#c0392b', true),
      limitLine('lcl', points.map((point) => point.lcl), '#c0392b', true),
      {
        name: 'violations', type: 'scatter', symbol: 'diamond', symbolSize: 11, z: 5, animation: false,
        itemStyle: { color: '#d62728' },
        data: marks.map((mark) => ({ value: [mark.index, mark.value], rules: mark.rules })),
        label: { show: marks.length <= maxLabelledViolations, position: 'top', fontSize: 10, color: '#b71c1c', formatter: (params: { data?: { rules?: string } }) => params.data?.rules ?? '' },
        labelLayout: { hideOverlap: true },
      },
      {
        name: 'highlight', type: 'scatter', symbol: 'circle', symbolSize: 20, z: 6, animation: false,
        itemStyle: { color: 'rgba(255, 193, 7, 0.25)', borderColor: '#ff8f00', borderWidth: 3 },
        data: highlighted && input.highlightIndex !== null ? [{ value: [input.highlightIndex, highlighted.value], rules: highlighted.rules.map((entry) => entry.rule).join(',') }] : [],
        label: { show: true, position: 'top', distance: 12, fontSize: 11, fontWeight: 'bold', color: '#e65100', formatter: (params: { data?: { rules?: string } }) => params.data?.rules ?? '' },
      },
    ],
  };
}
