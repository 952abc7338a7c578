/**
 * Axis tick labels in the UI's language (issue #13 §5): ECharts writes value-axis ticks in English
 * digits ("12,000") whatever the page's language. `withLocaleAxisLabels` gives every value axis of a
 * built option a formatter in the locale's digits; a builder's own function formatter is kept (it
 * already formats, e.g. the control chart's `formatValue`), a template such as '{value}%' keeps its
 * text around the number in the locale's digits. Applied once, where ChartHost hands options to ECharts.
 */
import { formatAxisTick } from '../util/format.ts';

type Axis = Record<string, unknown>;

/** One axis with a locale formatter when it is a value (or log) axis without a function formatter. */
function localizedAxis(axis: unknown, locale: string): unknown {
  if (typeof axis !== 'object' || axis === null) return axis;
  const { type, axisLabel } = axis as Axis;
  if (type !== 'value' && type !== 'log') return axis;
  const label = (typeof axisLabel === 'object' && axisLabel !== null ? axisLabel : {}) as Axis;
  if (typeof label.formatter === 'function') return axis;
  const template = typeof label.formatter === 'string' ? label.formatter : '{value}';
  const formatter = (value: number) => template.replace('{value}', formatAxisTick(value, locale));
  return { ...(axis as Axis), axisLabel: { ...label, formatter } };
}

/** The option with every value axis's tick labels in `locale`'s number format (the option itself is not changed). */
export function withLocaleAxisLabels(option: Record<string, unknown>, locale: string): Record<string, unknown> {
  const localized: Record<string, unknown> = { ...option };
  for (const key of ['xAxis', 'yAxis'] as const) {
    const axes = option[key];
    if (axes === undefined) continue;
    localized[key] = Array.isArray(axes) ? axes.map((axis) => localizedAxis(axis, locale)) : localizedAxis(axes, locale);
  }
  return localized;
}

/** A tooltip value in `locale`'s digits: numbers (and the numbers of an array, e.g. a box plot's five) as axis ticks are. */
function tooltipValue(value: unknown, locale: string): string {
  if (typeof value === 'number') return formatAxisTick(value, locale);
  if (Array.isArray(value)) return value.map((entry) => tooltipValue(entry, locale)).join(', ');
  return value === null || value === undefined ? '—' : String(value);
}

/**
 * The option with its default tooltip's values in `locale`'s digits (ECharts writes them in English
 * digits otherwise): a tooltip without a formatter or valueFormatter of its own gets a valueFormatter;
 * one that formats itself is kept, and an option without a tooltip gets none.
 */
export function withLocaleTooltip(option: Record<string, unknown>, locale: string): Record<string, unknown> {
  const tooltip = option.tooltip;
  if (typeof tooltip !== 'object' || tooltip === null || Array.isArray(tooltip)) return option;
  const own = tooltip as Record<string, unknown>;
  if (own.formatter !== undefined || own.valueFormatter !== undefined) return option;
  return { ...option, tooltip: { ...own, valueFormatter: (value: unknown) => tooltipValue(value, locale) } };
}
