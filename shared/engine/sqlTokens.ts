/**
 * A tokenizer that splits SQL text the way DuckDB's (PostgreSQL-derived) scanner does, only as far
 * as the user-SQL guard needs it: where strings, quoted identifiers, comments and dollar-quoted
 * bodies begin and end, so that a `;` or `)` inside them is never taken for one outside (and the
 * reverse). duckdb-wasm offers no parse-only entry point (its json extension, with
 * json_serialize_sql, is not linked: https://github.com/duckdb/duckdb-wasm/pull/1860), so the
 * browser engine's guard rests on this.
 */

/** One token: words and quoted identifiers keep their text, strings their (unescaped-enough) body. */
export type SqlToken =
  | { kind: 'word'; text: string; lower: string }
  | { kind: 'identifier'; text: string }
  | { kind: 'string'; text: string }
  | { kind: 'number'; text: string }
  | { kind: 'parameter'; text: string }
  | { kind: 'symbol'; text: string };

/** A tokenizer failure (unterminated string, comment or quoted identifier). */
export class SqlLexError extends Error {
  override name = 'SqlLexError';
}

const wordStart = /[A-Za-z_\u0080-\uffff]/;
const wordPart = /[A-Za-z0-9_$\u0080-\uffff]/;

/** Index after a quoted run opened at `start` by `quote`, with doubled quotes as escapes (and backslashes when `backslash`). */
function quotedEnd(text: string, start: number, quote: string, backslash: boolean, what: string): number {
  let index = start + 1;
  while (index < text.length) {
    const character = text[index];
    if (backslash && character === '\\') {
      index += 2;
      continue;
    }
    if (character === quote) {
      if (text[index + 1] === quote) {
        index += 2;
        continue;
      }
      return index + 1;
    }
    index += 1;
  }
  throw new SqlLexError(`unterminated ${what}`);
}

/** Index after a block comment opened at `start`; block comments nest, as in PostgreSQL and DuckDB. */
function blockCommentEnd(text: string, start: number): number {
  let depth = 0;
  let index = start;
  while (index < text.length) {
    if (text.startsWith('/*', index)) {
      depth += 1;
      index += 2;
    } else if (text.startsWith('*/', index)) {
      depth -= 1;
      index += 2;
      if (depth === 0) return index;
    } else {
      index += 1;
    }
  }
  throw new SqlLexError('unterminated /* comment');
}

/** A dollar-quote delimiter (`$$` or `$tag$`) starting at `start`, or null (`$1` is a parameter). */
function dollarDelimiter(text: string, start: number): string | null {
  const match = /^\$([A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/.exec(text.slice(start, start + 200));
  return match ? match[0] : null;
}

/** Tokens of `text`, comments and whitespace dropped. Throws SqlLexError when something is left open. */
export function sqlTokens(text: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  let index = 0;
  while (index < text.length) {
    const character = text[index] ?? '';
    const next = text[index + 1] ?? '';
    if (/\s/.test(character)) {
      index += 1;
    } else if (character === '-' && next === '-') {
      const end = text.indexOf('\n', index);
      index = end < 0 ? text.length : end + 1;
    } else if (character === '/' && next === '*') {
      index = blockCommentEnd(text, index);
    } else if (character === "'") {
      const end = quotedEnd(text, index, "'", false, 'string');
      tokens.push({ kind: 'string', text: text.slice(index + 1, end - 1).replaceAll("''", "'") });
      index = end;
    } else if ((character === 'e' || character === 'E') && next === "'") {
      // E'...': backslash escapes, so E'\'' is one string (a plain lexer would see an open one).
      const end = quotedEnd(text, index + 1, "'", true, 'string');
      tokens.push({ kind: 'string', text: text.slice(index + 2, end - 1) });
      index = end;
    } else if (character === '"') {
      const end = quotedEnd(text, index, '"', false, 'quoted identifier');
      tokens.push({ kind: 'identifier', text: text.slice(index + 1, end - 1).replaceAll('""', '"') });
      index = end;
    } else if (character === '$') {
      const delimiter = dollarDelimiter(text, index);
      if (delimiter) {
        const close = text.indexOf(delimiter, index + delimiter.length);
        if (close < 0) throw new SqlLexError(`unterminated ${delimiter} string`);
        tokens.push({ kind: 'string', text: text.slice(index + delimiter.length, close) });
        index = close + delimiter.length;
      } else {
        const match = /^\$\d*/.exec(text.slice(index)) ?? ['$'];
        tokens.push({ kind: 'parameter', text: match[0] });
        index += match[0].length;
      }
    } else if (wordStart.test(character)) {
      let end = index + 1;
      while (end < text.length && wordPart.test(text[end] ?? '')) end += 1;
      const word = text.slice(index, end);
      tokens.push({ kind: 'word', text: word, lower: word.toLowerCase() });
      index = end;
    } else if (/[0-9]/.test(character) || (character === '.' && /[0-9]/.test(next))) {
      const match = /^(?:0[xX][0-9A-Fa-f_]+|[0-9_]*\.?[0-9_]+(?:[eE][+-]?[0-9]+)?)/.exec(text.slice(index)) ?? [character];
      tokens.push({ kind: 'number', text: match[0] });
      index += Math.max(1, match[0].length);
    } else if (character === '?') {
      tokens.push({ kind: 'parameter', text: '?' });
      index += 1;
    } else {
      tokens.push({ kind: 'symbol', text: character });
      index += 1;
    }
  }
  return tokens;
}
