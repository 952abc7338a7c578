/** Number formatting shared by the report's HTML and CSV: percent, counts, percentage-point changes. */
import type { ReportLanguage } from './model.ts';

function locale(language: ReportLanguage): string {
  return language === 'vi' ? 'vi-VN' : 'en-US';
}

/** A fraction as a percent with one decimal ("87.3%"), or "–" when unknown. */
export function formatPercent(value: number | null, language: ReportLanguage, digits = 1): string {
  if (value === null || !Number.isFinite(value)) return '–';
  return `${(value * 100).toLocaleString(locale(language), { minimumFractionDigits: digits, maximumFractionDigits: digits })}%`;
}

/** A count with thousands separators. */
export function formatCount(value: number, language: ReportLanguage): string {
  return Number.isFinite(value) ? value.toLocaleString(locale(language), { maximumFractionDigits: 0 }) : '–';
}

/** A signed difference of two fractions in percentage points ("+1.2 pp"), or "–". */
export function formatPointChange(current: number | null, previous: number | null, language: ReportLanguage): string {
  if (current === null || previous === null || !Number.isFinite(current) || !Number.isFinite(previous)) return '–';
  const points = (current - previous) * 100;
  const text = Math.abs(points).toLocaleString(locale(language), { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  return `${points > 0.05 ? '+' : points < -0.05 ? '−' : '±'}${text} pp`;
}

/** A signed relative change of two counts ("+12%"), or "–". */
export function formatCountChange(current: number, previous: number, language: ReportLanguage): string {
  if (!(previous > 0)) return '–';
  const change = (current - previous) / previous;
  return `${change > 0 ? '+' : change < 0 ? '−' : '±'}${formatPercent(Math.abs(change), language, 0)}`;
}

/** A p-value in compact scientific or fixed notation. */
export function formatProbability(value: number): string {
  if (!Number.isFinite(value)) return '–';
  return value < 0.001 ? value.toExponential(1) : value.toFixed(3);
}
