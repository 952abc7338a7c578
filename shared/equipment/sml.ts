/**
 * SECS/GEM message-log parser (SML text). Each message starts on a line with a timestamp, then a
 * header such as `S6F11 W`, then an optional SML body that may span lines and ends with ".".
 * Lines that cannot be understood are reported with their 1-based line numbers; it never throws.
 */
import { parseSmlItem, type SmlItem } from './smlItem';
import { toCollectionEvent, toAlarm, type SmlAlarm, type SmlCollectionEvent } from './smlEvents';

/** One parsed message of the log. */
export interface SmlMessage {
  /** Timestamp normalized to ISO form ("2026-03-04T10:22:31.123", zone kept if the log had one). */
  time: string;
  /** Stream number (S). */
  stream: number;
  /** Function number (F). */
  function: number;
  /** Reply-expected bit (W). */
  waitBit: boolean;
  /** Text between timestamp and header, e.g. a direction marker ("<-", "RECV"). */
  prefix: string;
  /** Body item, or null for a header-only message. */
  body: SmlItem | null;
  /** 1-based line number of the header line. */
  line: number;
}

/** A line that could not be parsed (or a message whose content did not fit). */
export interface SmlProblem {
  /** 1-based line number. */
  line: number;
  /** Why it was rejected. */
  message: string;
  /** The offending source line. */
  text: string;
}

/** Everything found in one log text. */
export interface SmlLogParse {
  /** Every well-formed message in log order. */
  messages: SmlMessage[];
  /** S6F11 event reports. */
  events: SmlCollectionEvent[];
  /** S5F1 alarm reports. */
  alarms: SmlAlarm[];
  /** Unparseable lines and messages. */
  problems: SmlProblem[];
}

const TIMESTAMP = /^\s*\[?(\d{4})[-/](\d{2})[-/](\d{2})[T ](\d{2}:\d{2}:\d{2})(?:[.,](\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?\]?(?=\s|$)/;
const HEADER = /(?:^|\s|:)'?S(\d{1,3})F(\d{1,3})'?(?:\s*(?:\[W\]|W\b))?/i;

interface Block {
  headerLine: number;
  time: string;
  afterTimestamp: string;
  continuation: string[];
}

function normalizeTime(match: RegExpExecArray): string {
  const [, year, month, day, clock, fraction, zone] = match;
  return `${year}-${month}-${day}T${clock}${fraction ? `.${fraction}` : ''}${zone ?? ''}`;
}

function splitBlocks(lines: readonly string[], problems: SmlProblem[]): Block[] {
  const blocks: Block[] = [];
  lines.forEach((text, index) => {
    const match = TIMESTAMP.exec(text);
    if (match) {
      blocks.push({ headerLine: index + 1, time: normalizeTime(match), afterTimestamp: text.slice(match[0].length), continuation: [] });
      return;
    }
    const current = blocks[blocks.length - 1];
    if (current) current.continuation.push(text);
    else if (text.trim() !== '') problems.push({ line: index + 1, message: 'text before the first timestamped message', text });
  });
  return blocks;
}

/** Parse a whole SML log text into messages, collection events, alarms and problems. */
export function parseSmlLog(logText: string): SmlLogParse {
  const lines = logText.split(/\r\n|\r|\n/);
  const result: SmlLogParse = { messages: [], events: [], alarms: [], problems: [] };
  for (const block of splitBlocks(lines, result.problems)) {
    const message = parseBlock(block, lines, result.problems);
    if (!message) continue;
    result.messages.push(message);
    if (message.stream === 6 && message.function === 11) collect(toCollectionEvent(message), result.events, message, lines, result.problems);
    if (message.stream === 5 && message.function === 1) collect(toAlarm(message), result.alarms, message, lines, result.problems);
  }
  return result;
}

function collect<T>(converted: T | string, target: T[], message: SmlMessage, lines: readonly string[], problems: SmlProblem[]): void {
  if (typeof converted === 'string') problems.push({ line: message.line, message: converted, text: lines[message.line - 1] ?? '' });
  else target.push(converted);
}

interface LocatedHeader {
  match: RegExpExecArray;
  /** 0 = on the timestamp line, k = on the k-th continuation line. */
  lineOffset: number;
  /** Text before the header (direction markers, the timestamp line's remainder). */
  prefix: string;
  /** Text after the header on its own line. */
  rest: string;
}

const HEADER_AT_LINE_START = /^\s*(?:[A-Za-z]\w*\s*:\s*)?'?S\d{1,3}F\d{1,3}\b/i;

function locateHeader(block: Block): LocatedHeader | null {
  const onTimestampLine = HEADER.exec(block.afterTimestamp);
  if (onTimestampLine) {
    const rest = block.afterTimestamp.slice(onTimestampLine.index + onTimestampLine[0].length);
    return { match: onTimestampLine, lineOffset: 0, prefix: block.afterTimestamp.slice(0, onTimestampLine.index).trim(), rest };
  }
  // Some hosts write "timestamp direction" on one line and the header on the next.
  const nextIndex = block.continuation.findIndex((text) => text.trim() !== '');
  const nextLine = block.continuation[nextIndex];
  if (block.afterTimestamp.includes('<') || nextLine === undefined || !HEADER_AT_LINE_START.test(nextLine)) return null;
  const match = HEADER.exec(nextLine);
  if (!match) return null;
  return { match, lineOffset: nextIndex + 1, prefix: block.afterTimestamp.trim(), rest: nextLine.slice(match.index + match[0].length) };
}

function parseBlock(block: Block, lines: readonly string[], problems: SmlProblem[]): SmlMessage | null {
  const header = locateHeader(block);
  if (!header) {
    problems.push({ line: block.headerLine, message: 'no SxFy message header after the timestamp', text: lines[block.headerLine - 1] ?? '' });
    reportLeftoverLines(block, block.headerLine + 1, lines, problems);
    return null;
  }
  const firstBodyLine = block.headerLine + header.lineOffset;
  const body = [header.rest, ...block.continuation.slice(header.lineOffset)].join('\n');
  const lineAt = (offset: number): number => firstBodyLine + countNewlines(body, offset);
  let item: SmlItem | null = null;
  let cursor = firstNonSpace(body, 0);
  if (body[cursor] === '<') {
    const parsed = parseSmlItem(body, cursor);
    if (!parsed.ok) {
      const line = lineAt(parsed.problem.offset);
      problems.push({ line, message: `SML body: ${parsed.problem.message}`, text: lines[line - 1] ?? '' });
      return null;
    }
    item = parsed.item;
    cursor = firstNonSpace(body, parsed.end);
  }
  if (body[cursor] === '.') cursor = firstNonSpace(body, cursor + 1);
  else if (cursor >= body.length) problems.push({ line: lineAt(cursor), message: 'message not terminated by "."', text: lines[lineAt(cursor) - 1] ?? '' });
  if (cursor < body.length) reportLeftoverLines(block, lineAt(cursor), lines, problems);
  return {
    time: block.time,
    stream: Number(header.match[1]),
    function: Number(header.match[2]),
    waitBit: /W\]?$/i.test(header.match[0]),
    prefix: header.prefix,
    body: item,
    line: block.headerLine,
  };
}

function reportLeftoverLines(block: Block, fromLine: number, lines: readonly string[], problems: SmlProblem[]): void {
  const last = block.headerLine + block.continuation.length;
  for (let line = fromLine; line <= last; line += 1) {
    const text = lines[line - 1] ?? '';
    if (text.trim() !== '') problems.push({ line, message: 'unparsed text after the end of a message', text });
  }
}

function firstNonSpace(text: string, from: number): number {
  let index = from;
  while (index < text.length && /\s/.test(text[index] ?? '')) index += 1;
  return index;
}

function countNewlines(text: string, end: number): number {
  let count = 0;
  for (let index = 0; index < end && index < text.length; index += 1) if (text[index] === '\n') count += 1;
  return count;
}
