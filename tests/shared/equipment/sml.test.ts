import { describe, expect, it } from 'vitest';
import { parseSmlItem, parseSmlLog, parseSmlNumber } from '../../../shared/equipment';

const LOG = [
  'equipment log export v2', // 1: before any message
  '2026-03-04 10:22:31.123 S1F1 W.', // 2
  '2026-03-04 10:22:32.500 <- S6F11 W', // 3
  '<L [3]', // 4
  '  <U4 1001>', // 5
  '  <U4 12>', // 6
  '  <L [2]', // 7
  '    <L [2] <U4 100> <L [3] <A "LOT-001"> <F4 1.5e2> <U2 1 2 3>>>', // 8
  "    <L [2] <A 'RPT-B'> <L [2] <BOOLEAN TRUE> <L [0]>>>", // 9
  '  >', // 10
  '>.', // 11
  '2026-03-04T10:22:33,25Z S5F1 W <L [3] <B 0x84> <U4 5001> <A "Chamber pressure high">>.', // 12
  '[2026-03-04 10:22:34] S5F1 <L [3] <B 0x04> <A "ALM-7"> <A "Door" 0x0D "open">>.', // 13
  '2026-03-04 10:22:35.000 heartbeat ok', // 14: no header
  '2026-03-04 10:22:36.000 S2F41 W <L [2] <U1 300> <L>>.', // 15: U1 out of range
  '2026-03-04 10:22:37.000 S10F3 <L [2] <B 0x00> <A "unterminated>>.', // 16
  '2026-03-04 10:22:38.000 S1F2 <L>.', // 17
  '-----', // 18: garbage after a complete message
  '2026-03-04 10:22:39.000 S6F11 <L [2] <U4 1> <U4 2>>.', // 19: wrong S6F11 shape
  '2026-03-04 10:22:40.000 S1F13 W', // 20: no terminating "."
  '2026-03-04 10:22:41.000 S2F17 <X 1>.', // 21: unknown format
  '', // 22
].join('\n');

describe('parseSmlLog', () => {
  const parsed = parseSmlLog(LOG);

  it('keeps every well-formed message with time, stream, function and wait bit', () => {
    expect(parsed.messages.map((message) => [message.line, `S${message.stream}F${message.function}`, message.waitBit])).toEqual([
      [2, 'S1F1', true],
      [3, 'S6F11', true],
      [12, 'S5F1', true],
      [13, 'S5F1', false],
      [17, 'S1F2', false],
      [19, 'S6F11', false],
      [20, 'S1F13', true],
    ]);
    expect(parsed.messages[0]?.time).toBe('2026-03-04T10:22:31.123');
    expect(parsed.messages[0]?.body).toBeNull();
    expect(parsed.messages[1]?.prefix).toBe('<-');
    expect(parsed.messages[2]?.time).toBe('2026-03-04T10:22:33.25Z');
    expect(parsed.messages[3]?.time).toBe('2026-03-04T10:22:34');
  });

  it('extracts the multi-line S6F11 collection event with its reports', () => {
    expect(parsed.events).toEqual([
      {
        time: '2026-03-04T10:22:32.500',
        stream: 6,
        function: 11,
        dataId: 1001,
        ceid: 12,
        reports: [
          { rptid: 100, values: ['LOT-001', 150, [1, 2, 3]] },
          { rptid: 'RPT-B', values: [true, []] },
        ],
        line: 3,
      },
    ]);
  });

  it('extracts S5F1 alarms, decoding ALCD bit 8 and the category', () => {
    expect(parsed.alarms).toEqual([
      { time: '2026-03-04T10:22:33.25Z', alcd: 0x84, alarmSet: true, category: 4, alid: 5001, altx: 'Chamber pressure high', line: 12 },
      { time: '2026-03-04T10:22:34', alcd: 0x04, alarmSet: false, category: 4, alid: 'ALM-7', altx: 'Door\ropen', line: 13 },
    ]);
  });

  it.each([
    { line: 1, reason: 'before the first' },
    { line: 14, reason: 'no SxFy' },
    { line: 15, reason: 'U1 value 300 out of range' },
    { line: 16, reason: 'unterminated quoted string' },
    { line: 18, reason: 'unparsed text' },
    { line: 19, reason: 'S6F11 body is not' },
    { line: 20, reason: 'not terminated' },
    { line: 21, reason: 'unknown item format "X"' },
  ])('reports line $line: $reason', ({ line, reason }) => {
    const problem = parsed.problems.find((entry) => entry.line === line);
    expect(problem?.message).toContain(reason);
    expect(problem?.text).toBe(LOG.split('\n')[line - 1]);
  });

  it('reports nothing else', () => {
    expect(parsed.problems).toHaveLength(8);
  });

  it('accepts the header on the line after the timestamp and named messages', () => {
    const split = parseSmlLog(['2026-03-04 10:22:31.123 RECV', "AreYouThere: 'S1F1' W", '.', '2026-03-04 10:22:32 S1F2', '<L [2]', '<A "MDLN"> <A "1.0">', '>', '.'].join('\n'));
    expect(split.problems).toEqual([]);
    expect(split.messages.map((message) => [message.line, message.stream, message.function, message.waitBit, message.prefix])).toEqual([
      [1, 1, 1, true, 'RECV'],
      [4, 1, 2, false, ''],
    ]);
  });

  it('never throws on hostile input', () => {
    const inputs = ['', '<<<<', '2026-01-01 00:00:00 S1F1 ' + '<L '.repeat(20_000), '\u0000\uffff', '2026-01-01 00:00:00 S99F99 <A "x" 999>.'];
    for (const input of inputs) expect(() => parseSmlLog(input)).not.toThrow();
  });
});

describe('parseSmlItem', () => {
  it.each([
    { text: '<U4 1 2 0xFF>', expected: { format: 'U4', values: [1, 2, 255] } },
    { text: '<I1 -128 127>', expected: { format: 'I1', values: [-128, 127] } },
    { text: '<F8 -1.25e-3 .5>', expected: { format: 'F8', values: [-0.00125, 0.5] } },
    { text: '<B[2] 0x01 0b10>', expected: { format: 'B', values: [1, 2] } },
    { text: '<Boolean F 0x01>', expected: { format: 'BOOLEAN', values: [false, true] } },
    { text: '<A>', expected: { format: 'A', text: '' } },
    { text: '<A [5] "a b" "c">', expected: { format: 'A', text: 'a bc' } },
    { text: '<L[1] <U1>>', expected: { format: 'L', items: [{ format: 'U1', values: [] }] } },
  ])('$text', ({ text, expected }) => {
    const parsed = parseSmlItem(text);
    expect(parsed.ok && parsed.item).toEqual(expected);
  });

  it.each([
    { text: '<U2 1.5>', message: 'out of range' },
    { text: '<I2 abc>', message: 'invalid I2 value' },
    { text: '<L <U1 1>', message: 'expected ">"' },
    { text: '<A hello>', message: 'must be quoted' },
    { text: 'U4 1', message: 'expected "<"' },
  ])('rejects $text', ({ text, message }) => {
    const parsed = parseSmlItem(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem.message).toContain(message);
  });

  it('skips C-style comments between items', () => {
    const parsed = parseSmlItem('<L [2] /* DATAID */ <U4 7> <A "x"> /* end */>');
    expect(parsed.ok && parsed.item).toEqual({ format: 'L', items: [{ format: 'U4', values: [7] }, { format: 'A', text: 'x' }] });
  });

  it('rejects absurd nesting with a message instead of overflowing the stack', () => {
    const parsed = parseSmlItem(`${'<L '.repeat(100)}${'>'.repeat(100)}`);
    expect(!parsed.ok && parsed.problem.message).toContain('nested deeper');
  });

  it('parses number tokens', () => {
    expect([parseSmlNumber('0x1A'), parseSmlNumber('-7'), parseSmlNumber('1e3'), parseSmlNumber('x')]).toEqual([26, -7, 1000, null]);
  });
});
