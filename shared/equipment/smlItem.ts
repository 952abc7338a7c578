/**
 * SML (SECS Message Language, SEMI E5 text form) item parser: turns `<L [2] <U4 1> <A "x">>` into a
 * typed tree. Parsing failures are returned as values with the character offset, never thrown.
 */

/** Numeric SECS-II formats. */
export type SmlNumericFormat = 'U1' | 'U2' | 'U4' | 'U8' | 'I1' | 'I2' | 'I4' | 'I8' | 'F4' | 'F8';

/** A parsed SECS-II item. U8/I8 values beyond 2^53 lose precision (JavaScript numbers). */
export type SmlItem =
  | { format: 'L'; items: SmlItem[] }
  | { format: 'A'; text: string }
  | { format: 'J'; text: string }
  | { format: 'B'; values: number[] }
  | { format: 'BOOLEAN'; values: boolean[] }
  | { format: SmlNumericFormat; values: number[] };

/** A parse failure at a character offset of the parsed text. */
export interface SmlSyntaxProblem {
  /** Offset into the text where the problem was found. */
  offset: number;
  /** Human-readable reason. */
  message: string;
}

/** Outcome of parsing one item. */
export type SmlItemParse = { ok: true; item: SmlItem; end: number } | { ok: false; problem: SmlSyntaxProblem };

const NUMERIC_FORMATS = new Set<string>(['U1', 'U2', 'U4', 'U8', 'I1', 'I2', 'I4', 'I8', 'F4', 'F8']);
const INTEGER_RANGES: Record<string, [number, number]> = {
  U1: [0, 255], U2: [0, 65_535], U4: [0, 4_294_967_295], U8: [0, Number.MAX_VALUE],
  I1: [-128, 127], I2: [-32_768, 32_767], I4: [-2_147_483_648, 2_147_483_647], I8: [-Number.MAX_VALUE, Number.MAX_VALUE],
};
// Real messages nest a handful of levels; the cap keeps hostile input off the call-stack limit.
const MAXIMUM_NESTING = 64;
const BOOLEAN_WORDS: Record<string, boolean> = { TRUE: true, T: true, FALSE: false, F: false };

class SmlSyntaxError {
  constructor(readonly offset: number, readonly message: string) {}
}

class ItemReader {
  position: number;

  constructor(private readonly text: string, start: number) {
    this.position = start;
  }

  skipWhitespace(): void {
    for (;;) {
      while (this.position < this.text.length && /\s/.test(this.text[this.position] ?? '')) this.position += 1;
      if (!this.text.startsWith('/*', this.position)) return;
      // Some tools annotate items with C-style comments, e.g. `<U4 1001> /* DATAID */`.
      const close = this.text.indexOf('*/', this.position + 2);
      if (close < 0) this.fail('unterminated comment');
      this.position = close + 2;
    }
  }

  peek(): string {
    return this.text[this.position] ?? '';
  }

  fail(message: string): never {
    throw new SmlSyntaxError(this.position, message);
  }

  readWord(): string {
    const match = /^[^\s<>"'[\]]+/.exec(this.text.slice(this.position, this.position + 200));
    const word = match?.[0] ?? '';
    this.position += word.length;
    return word;
  }

  readQuoted(): string {
    const quote = this.peek();
    const close = this.text.indexOf(quote, this.position + 1);
    if (close < 0) this.fail('unterminated quoted string');
    const value = this.text.slice(this.position + 1, close);
    this.position = close + 1;
    return value;
  }

  readItem(depth = 0): SmlItem {
    if (depth > MAXIMUM_NESTING) this.fail(`lists nested deeper than ${MAXIMUM_NESTING} levels`);
    this.skipWhitespace();
    if (this.peek() !== '<') this.fail(`expected "<" but found ${this.peek() === '' ? 'end of message' : `"${this.peek()}"`}`);
    this.position += 1;
    this.skipWhitespace();
    const formatWord = this.readWord().toUpperCase();
    this.skipLengthHint();
    const item = this.readContents(formatWord, depth);
    this.skipWhitespace();
    if (this.peek() !== '>') this.fail(`expected ">" to close <${formatWord}>`);
    this.position += 1;
    return item;
  }

  private skipLengthHint(): void {
    this.skipWhitespace();
    if (this.peek() !== '[') return;
    const close = this.text.indexOf(']', this.position);
    if (close < 0 || !/^\[\s*\d*\s*(\.\.\s*\d*\s*)?\]$/.test(this.text.slice(this.position, close + 1))) this.fail('malformed length hint');
    this.position = close + 1;
  }

  private readContents(format: string, depth: number): SmlItem {
    if (format === 'L') return { format: 'L', items: this.readListItems(depth) };
    if (format === 'A') return { format: 'A', text: this.readText() };
    if (format === 'J') return { format: 'J', text: this.readText() };
    if (format === 'B') return { format: 'B', values: this.readNumbers('B').map((value) => this.checkByte(value)) };
    if (format === 'BOOLEAN' || format === 'BOOL') return { format: 'BOOLEAN', values: this.readBooleans() };
    if (NUMERIC_FORMATS.has(format)) return { format: format as SmlNumericFormat, values: this.readNumbers(format) };
    return this.fail(`unknown item format "${format}"`);
  }

  private readListItems(depth: number): SmlItem[] {
    const items: SmlItem[] = [];
    for (;;) {
      this.skipWhitespace();
      if (this.peek() !== '<') return items;
      items.push(this.readItem(depth + 1));
    }
  }

  private readText(): string {
    let text = '';
    for (;;) {
      this.skipWhitespace();
      const next = this.peek();
      if (next === '"' || next === "'") text += this.readQuoted();
      else if (next === '>' || next === '') return text;
      else {
        // Non-printable characters are written as numeric codes between quoted runs.
        const code = parseSmlNumber(this.readWord());
        if (code === null || !Number.isInteger(code) || code < 0 || code > 255) this.fail('unexpected text in <A> item (strings must be quoted)');
        text += String.fromCharCode(code);
      }
    }
  }

  private readNumbers(format: string): number[] {
    const values: number[] = [];
    for (;;) {
      this.skipWhitespace();
      if (this.peek() === '>' || this.peek() === '' || this.peek() === '<') return values;
      const start = this.position;
      const word = this.readWord();
      const value = parseSmlNumber(word);
      if (value === null || word === '') {
        this.position = start;
        this.fail(`invalid ${format} value "${word || this.peek()}"`);
      }
      values.push(this.checkRange(format, value, start));
    }
  }

  private checkRange(format: string, value: number, start: number): number {
    const range = INTEGER_RANGES[format];
    if (range && (!Number.isInteger(value) || value < range[0] || value > range[1])) {
      throw new SmlSyntaxError(start, `${format} value ${value} out of range`);
    }
    return value;
  }

  private checkByte(value: number): number {
    if (!Number.isInteger(value) || value < 0 || value > 255) this.fail(`binary value ${value} out of range`);
    return value;
  }

  private readBooleans(): boolean[] {
    const values: boolean[] = [];
    for (;;) {
      this.skipWhitespace();
      if (this.peek() === '>' || this.peek() === '') return values;
      const word = this.readWord();
      const named = BOOLEAN_WORDS[word.toUpperCase()];
      const numeric = parseSmlNumber(word);
      if (named !== undefined) values.push(named);
      else if (numeric !== null) values.push(numeric !== 0);
      else this.fail(`invalid BOOLEAN value "${word || this.peek()}"`);
    }
  }
}

/** Parse a decimal, hexadecimal (0x..), binary (0b..) or floating-point token; null if invalid. */
export function parseSmlNumber(token: string): number | null {
  if (/^[+-]?0x[0-9a-f]+$/i.test(token)) return (token.startsWith('-') ? -1 : 1) * Number.parseInt(token.replace(/^[+-]?0x/i, ''), 16);
  if (/^0b[01]+$/i.test(token)) return Number.parseInt(token.slice(2), 2);
  if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(token)) return Number(token);
  return null;
}

/** Parse one SML item starting at `start` (leading whitespace allowed); never throws. */
export function parseSmlItem(text: string, start = 0): SmlItemParse {
  const reader = new ItemReader(text, start);
  try {
    const item = reader.readItem();
    return { ok: true, item, end: reader.position };
  } catch (error) {
    if (error instanceof SmlSyntaxError) return { ok: false, problem: { offset: error.offset, message: error.message } };
    return { ok: false, problem: { offset: reader.position, message: String(error) } };
  }
}
