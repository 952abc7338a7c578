/**
 * The yield report as plain data: what was asked (template, period, products, lot) and every
 * section's rows. Built once by buildReport, then rendered to HTML, XLSX and CSV by pure functions.
 */

/** Weekly yield report (period and products) or lot disposition report (one lot). */
export type ReportTemplate = 'weekly' | 'lot';

/** Language of the report's text. */
export type ReportLanguage = 'en' | 'vi';

/** What the user asked for. Dates are calendar days (YYYY-MM-DD, UTC), `to` inclusive. */
export interface ReportRequest {
  template: ReportTemplate;
  from: string;
  to: string;
  products: string[];
  lot: string | null;
  language: ReportLanguage;
}

/** Headline figures of a scope. Yields are die-weighted fractions; null when there are no dies. */
export interface ReportKpis {
  lots: number;
  wafers: number;
  dies: number;
  good: number;
  yield: number | null;
  firstPassYield: number | null;
}

/** One lot of the trend by lot. */
export interface LotTrendRow {
  lot: string;
  product: string;
  firstTest: string;
  wafers: number;
  dies: number;
  good: number;
  yield: number;
  firstPassYield: number;
}

/** One ISO week (Monday) of the trend by week. */
export interface WeekTrendRow {
  week: string;
  wafers: number;
  dies: number;
  good: number;
  yield: number;
}

/** One failing hard bin of the Pareto. Shares are fractions. */
export interface ParetoRow {
  bin: number;
  name: string;
  dies: number;
  shareOfFails: number;
  shareOfDies: number;
  cumulativeShare: number;
}

/** One wafer with its yield, top failing bin and (lot report) spatial signature and zonal delta. */
export interface WaferRow {
  lot: string;
  wafer: string;
  product: string;
  dies: number;
  good: number;
  yield: number;
  firstPassYield: number;
  firstTest: string;
  topFailBin: number | null;
  topFailName: string;
  topFailDies: number;
  /** WM-811K class from shared/wafer (lot report only), or null. */
  signature: string | null;
  /** Edge-ring yield minus center-ring yield (lot report only), or null. */
  edgeToCenterDelta: number | null;
}

/** How a product's wafers are drawn (from the `wafers` table); NaN/blank when unknown. */
export interface ProductGeometry {
  product: string;
  waferSizeMm: number;
  dieWidthMm: number;
  dieHeightMm: number;
  flat: string;
  posX: string;
  posY: string;
  centerX: number;
  centerY: number;
}

/** Final dies of one wafer for its map: parallel arrays. */
export interface WaferMapData {
  lot: string;
  wafer: string;
  product: string;
  yield: number;
  xs: number[];
  ys: number[];
  bins: number[];
  passes: boolean[];
}

/** Fail share per die position of one product over the scope. */
export interface StackedMapData {
  product: string;
  wafers: number;
  xs: number[];
  ys: number[];
  failShares: number[];
}

/** An SPC alert as the report lists it. */
export interface ReportAlertRow {
  /** Episode id: one chart + rule family over nearly consecutive violating subgroups. */
  id: string;
  chartName: string;
  /** Rules that fired in it, joined with '+'. */
  rule: string;
  severity: string;
  state: string;
  product: string;
  /** Lots its points touch, comma-separated. */
  lots: string;
  firstTime: string;
  lastTime: string;
  points: number;
}

/** One ranked commonality factor as the report lists it. */
export interface ReportCommonalityRow {
  step: string;
  factor: string;
  worstLevel: string;
  p: number;
  pAdjusted: number;
  effect: number;
}

/** A section fed by another module that may be missing: rows plus whether the source exists. */
export interface OptionalSection<Row> {
  available: boolean;
  rows: Row[];
}

/** The whole report. */
export interface ReportData {
  request: ReportRequest;
  /** ISO time the report was built. */
  generatedAt: string;
  kpis: ReportKpis;
  /** Same figures for the previous period of equal length (weekly template), else null. */
  previous: { from: string; to: string; kpis: ReportKpis } | null;
  lotTrend: LotTrendRow[];
  weekTrend: WeekTrendRow[];
  pareto: ParetoRow[];
  /** Every wafer of the scope, worst first. */
  wafers: WaferRow[];
  /** Maps of the worst wafers (weekly) or of every wafer of the lot. */
  waferMaps: WaferMapData[];
  stackedMaps: StackedMapData[];
  geometry: ProductGeometry[];
  alerts: OptionalSection<ReportAlertRow>;
  commonality: OptionalSection<ReportCommonalityRow>;
}

/** Number of worst wafers drawn in the weekly report's gallery. */
export const worstWaferCount = 6;
