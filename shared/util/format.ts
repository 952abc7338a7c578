/**
 * Number, percent and date formatting for the views, the report and the CLI: one set of rules for
 * digits, signs and missing values, so a yield reads the same on screen, in a PDF and in a terminal.
 * `locale` is a BCP 47 tag ('en', 'vi-VN'); Intl does the separators.
 */

/** What a missing or non-finite value prints as. */
export const missingValue = '—';

type MaybeNumber = number | null | undefined;

function known(value: MaybeNumber): value is number {
  return value !== null && value !== undefined && Number.isFinite(value);
}

/** A fraction as a percent with `digits` decimals ("87.3%"). */
export function formatPercent(value: MaybeNumber, locale: string, digits = 1): string {
  if (!known(value)) return missingValue;
  return new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

/** A count with thousands separators and no decimals. */
export function formatCount(value: MaybeNumber, locale: string): string {
  return known(value) ? new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(value) : missingValue;
}

/** A measured value to `significantDigits` significant digits (a test result, a limit, a sigma). */
export function formatMeasurement(value: MaybeNumber, locale: string, significantDigits = 4): string {
  return known(value) ? new Intl.NumberFormat(locale, { maximumSignificantDigits: significantDigits }).format(value) : missingValue;
}

/** A value with exactly `digits` decimals (an index such as Cpk). */
export function formatFixed(value: MaybeNumber, locale: string, digits: number): string {
  if (!known(value)) return missingValue;
  return new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

/** The signed difference of two fractions in percentage points ("+1.2 pp", "±0.0 pp"). */
export function formatPointChange(current: MaybeNumber, previous: MaybeNumber, locale: string): string {
  if (!known(current) || !known(previous)) return missingValue;
  const points = (current - previous) * 100;
  const text = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(Math.abs(points));
  return `${points > 0.05 ? '+' : points < -0.05 ? '−' : '±'}${text} pp`;
}

/** The signed relative change of two counts ("+12%"); missing when there was nothing before. */
export function formatCountChange(current: number, previous: number, locale: string): string {
  if (!(previous > 0) || !Number.isFinite(current)) return missingValue;
  const change = (current - previous) / previous;
  return `${change > 0 ? '+' : change < 0 ? '−' : '±'}${formatPercent(Math.abs(change), locale, 0)}`;
}

/** A table cell's number: a whole number in full with separators (a count, a test number), else a measurement. */
export function formatValue(value: MaybeNumber, locale: string, significantDigits = 4): string {
  if (!known(value)) return missingValue;
  return Number.isInteger(value) ? new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(value) : formatMeasurement(value, locale, significantDigits);
}

/** A signed difference of fractions in percentage points, one decimal ("+1.2", "−0.4", "0.0"); the unit is the caller's. */
export function formatPoints(value: MaybeNumber, locale: string): string {
  if (!known(value)) return missingValue;
  const text = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(Math.abs(value * 100));
  return `${value * 100 >= 0.05 ? '+' : value * 100 <= -0.05 ? '−' : ''}${text}`;
}

/**
 * A p-value: scientific below 0.001 ("3.2e-5"), else fixed ("0.042"). Without a locale it is locale-free,
 * as statistics print it (the CLI, the report); with one, its decimal mark is the locale's ("3,2e-5",
 * "0,042" in Vietnamese), so a p-value in the UI reads as the numbers beside it.
 * A p below the smallest double comes back as 0: it says how small instead of printing 0.
 */
export function formatProbability(value: MaybeNumber, fixedDigits = 3, exponentDigits = 1, locale?: string): string {
  if (!known(value)) return missingValue;
  if (value === 0) return '< 1e-300';
  if (locale === undefined) return value < 1e-3 ? value.toExponential(exponentDigits) : value.toFixed(fixedDigits);
  if (value >= 1e-3) return formatFixed(value, locale, fixedDigits);
  // The mantissa in the locale's digits; toExponential has already rounded it (9.96e-4 -> "1.0e-3").
  const [mantissa = '', exponent = ''] = value.toExponential(exponentDigits).split('e');
  return `${formatFixed(Number(mantissa), locale, exponentDigits)}e${exponent}`;
}

/** A signed measured value to `significantDigits` significant digits ("+1.23", "−0.5", "0"): an effect, a difference. */
export function formatSignedMeasurement(value: MaybeNumber, locale: string, significantDigits = 3): string {
  if (!known(value)) return missingValue;
  // Significant digits never round a non-zero value to 0, so only 0 itself goes without a sign.
  return `${value > 0 ? '+' : value < 0 ? '−' : ''}${formatMeasurement(Math.abs(value), locale, significantDigits)}`;
}

/** A day (epoch milliseconds or a Date) as UTC "YYYY-MM-DD". */
export function formatDay(value: number | Date | null | undefined): string {
  const stamp = formatTimestamp(value);
  return stamp === missingValue ? stamp : stamp.slice(0, 10);
}

/** A moment (epoch milliseconds or a Date) as UTC "YYYY-MM-DD HH:MM:SS", the way test data stamps it. */
export function formatTimestamp(value: number | Date | null | undefined): string {
  if (value === null || value === undefined) return missingValue;
  const time = value instanceof Date ? value.getTime() : value;
  return Number.isFinite(time) ? new Date(time).toISOString().replace('T', ' ').slice(0, 19) : missingValue;
}

/** An axis tick in the locale's digits ("12.000", "0,5" in Vietnamese); up to six decimals cut float noise such as 0.30000000000000004. */
export function formatAxisTick(value: number, locale: string): string {
  return Number.isFinite(value) ? new Intl.NumberFormat(locale, { maximumFractionDigits: 6 }).format(value) : String(value);
}
