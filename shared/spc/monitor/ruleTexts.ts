/** English texts and default severities of the monitor's rules (the UI may translate by rule id). */
import type { MonitorRule, Severity } from './types.ts';

const texts: Record<MonitorRule, string> = {
  WE1: 'Western Electric 1: one point beyond the control limits (3 sigma unless the chart sets other limits)',
  WE2: 'Western Electric 2: two of three points beyond 2 sigma on the same side',
  WE3: 'Western Electric 3: four of five points beyond 1 sigma on the same side',
  WE4: 'Western Electric 4: eight points in a row on the same side of the center line',
  N1: 'Nelson 1: one point beyond the control limits (3 sigma unless the chart sets other limits)',
  N2: 'Nelson 2: nine points in a row on the same side of the center line',
  N3: 'Nelson 3: six points in a row steadily increasing or decreasing',
  N4: 'Nelson 4: fourteen points in a row alternating up and down',
  N5: 'Nelson 5: two of three points beyond 2 sigma on the same side',
  N6: 'Nelson 6: four of five points beyond 1 sigma on the same side',
  N7: 'Nelson 7: fifteen points in a row within 1 sigma of the center line',
  N8: 'Nelson 8: eight points in a row beyond 1 sigma, on both sides',
  THRESHOLD: 'Threshold: value beyond the fixed limit',
};

/** English text of a rule. */
export function ruleText(rule: MonitorRule): string {
  return texts[rule];
}

/** Default severity of a rule: points beyond the limits and thresholds are critical, patterns are warnings. */
export function defaultSeverity(rule: MonitorRule): Severity {
  return rule === 'WE1' || rule === 'N1' || rule === 'THRESHOLD' ? 'critical' : 'warning';
}

/** Numeric rank of a severity (info 0, warning 1, critical 2). */
export function severityRank(severity: Severity): number {
  return severity === 'critical' ? 2 : severity === 'warning' ? 1 : 0;
}

/** Every monitor rule id. */
export const MONITOR_RULES = Object.keys(texts) as MonitorRule[];
