/**
 * Import-log lines kept as i18n keys and params and put into words when shown (issue #13 §5: lines
 * written before the user switched language stayed in the old one). A number param is shown in the
 * locale's integer format, `{ key }` is a translated word (a table name, what a file looks like) and a
 * list of lines is said line by line (an equipment file's skipped rows), a string is shown as it is
 * (file names, an equipment file's own warning).
 */

import type { ImportRecord } from '@shared/workspace/manifest';

/**
 * A message for the import log shown to the user: lines as i18n keys and params, put into words in the
 * language shown when it is drawn (issue #13 §5), and a fixed text where there is no key (an error's own message).
 */
export interface ImportMessage {
  /** `partial`: a damaged file imported only in part (amber). */
  kind: 'ok' | 'partial' | 'info' | 'error';
  lines?: LogLine[];
  text?: string;
  /** The committed import the line is about: the log shows its warnings and File Info. */
  record?: ImportRecord;
}

/** A param of a log line: a nested line (`{ key }`, a translated word) or a list of lines said one after another, joined with '; '. */
export type LogParam = string | number | LogLine | LogLine[];

/** One line of the log as a key and its params. */
export interface LogLine {
  key: string;
  params?: Record<string, LogParam>;
}

/** The translator pieces the text needs (vue-i18n's `t` and `n`). */
export interface LogTranslator {
  t(key: string, values?: Record<string, unknown>): string;
  n(value: number, format: string): string;
}

/** A log line in the translator's current language. */
export function logLineText(translator: LogTranslator, line: LogLine): string {
  const values: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(line.params ?? {})) {
    if (Array.isArray(value)) values[name] = value.map((line) => logLineText(translator, line)).join('; ');
    else values[name] = typeof value === 'number' ? translator.n(value, 'integer') : typeof value === 'string' ? value : logLineText(translator, value);
  }
  return translator.t(line.key, values);
}

/** A message's text: its lines in the current language, then any fixed text (an error's own message). */
export function importMessageText(translator: LogTranslator, message: { lines?: readonly LogLine[]; text?: string }): string {
  return [...(message.lines ?? []).map((line) => logLineText(translator, line)), ...(message.text ? [message.text] : [])].join('\n');
}
