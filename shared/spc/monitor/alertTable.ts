/** Plain-text table of alerts for the command line (pure; the caller prints it). */
import type { Alert } from './types.ts';

const columns: { title: string; width: number; cell: (alert: Alert, isNew: boolean) => string }[] = [
  { title: 'severity', width: 9, cell: (alert) => alert.severity },
  { title: 'state', width: 13, cell: (alert, isNew) => (isNew ? `${alert.state}*` : alert.state) },
  { title: 'subgroup time', width: 21, cell: (alert) => alert.subgroupTime.replace('.000Z', 'Z') },
  { title: 'product', width: 9, cell: (alert) => alert.product },
  { title: 'lot', width: 10, cell: (alert) => alert.lot },
  { title: 'wafer', width: 6, cell: (alert) => alert.wafer ?? '-' },
  { title: 'tool', width: 11, cell: (alert) => alert.tool ?? '-' },
  { title: 'rule', width: 10, cell: (alert) => alert.rule },
  { title: 'value', width: 12, cell: (alert) => (Number.isFinite(alert.value) ? alert.value.toPrecision(5) : '-') },
  { title: 'chart', width: 0, cell: (alert) => alert.chartName },
];

/** Pad or cut a cell to its column width (0 = free). */
function fit(text: string, width: number): string {
  if (width === 0) return text;
  return text.length >= width ? `${text.slice(0, width - 2)}… ` : text.padEnd(width);
}

/** A fixed-width table of alerts; rows whose id is in `newIds` are marked with "*" after the state. */
export function alertTable(alerts: readonly Alert[], newIds: ReadonlySet<string> = new Set()): string {
  const header = columns.map((column) => fit(column.title, column.width)).join('');
  const rows = alerts.map((alert) => columns.map((column) => fit(column.cell(alert, newIds.has(alert.id)), column.width)).join(''));
  return `${[header, ...rows].join('\n')}\n`;
}
