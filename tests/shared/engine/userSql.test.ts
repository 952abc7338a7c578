import { describe, expect, it } from 'vitest';
import { checkUserSql, userQuerySql, UserSqlError } from '../../../shared/engine/userSql.ts';
import { sqlTokens } from '../../../shared/engine/sqlTokens.ts';

/** Queries a process engineer writes that the guard must let through (no false refusals). */
const allowed = [
  "SELECT * FROM dies WHERE lot = 'A;B' AND wafer <> 'x.csv'",
  "SELECT 'read_csv(''/etc/passwd'')' AS text",
  'SELECT $$a;b)$$ AS s, $tag$c;$tag$ AS t',
  "SELECT E'it\\'s;' AS s",
  'SELECT 1 /* a ; b /* nested ) */ still comment */ AS one',
  'WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) SELECT * FROM t;',
  'FROM dies SELECT lot',
  'DESCRIBE final_results',
  'SUMMARIZE dies',
  'EXPLAIN ANALYZE SELECT count(*) FROM results',
  "SELECT \"good/total\" FROM (SELECT 1 AS \"good/total\")",
  'SELECT x FROM dies, range(3) r(x)',
];

/** Each refused text and the reason. */
const refused: [string, string][] = [
  ['', 'empty'],
  [' ;; ', 'empty'],
  ["SELECT 'open", 'syntax'],
  ['SELECT 1 /* open', 'syntax'],
  ['SELECT $$ open', 'syntax'],
  ['SELECT 1; SELECT 2', 'multiple-statements'],
  ["SELECT $$x$$; DROP TABLE dies", 'multiple-statements'],
  ['CALL pragma_version()', 'not-read-only'],
  ['PRAGMA threads = 1', 'not-read-only'],
  ["SELECT * FROM read_json_auto('x.json')", 'file-access'],
  ["SELECT * FROM parquet_metadata('x.parquet')", 'file-access'],
  ["SELECT * FROM dies, 'x.csv'", 'file-access'],
  ["SELECT * FROM dies JOIN \"https://example.com/x.parquet\" USING (lot)", 'file-access'],
  ["DESCRIBE 'x.csv'", 'file-access'],
  ["SELECT * FROM sqlite_scan('x.db', 't')", 'file-access'],
];

describe('checkUserSql (issue #12 §4)', () => {
  it.each(allowed)('lets %s through', (sql) => {
    expect(() => checkUserSql(sql)).not.toThrow();
  });

  it.each(refused)('refuses %j as %s', (sql, reason) => {
    let caught: unknown = null;
    try {
      checkUserSql(sql);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UserSqlError);
    expect((caught as UserSqlError).reason).toBe(reason);
  });

  it('rewrites PRAGMA table_info as a query and wraps a trailing comment safely', () => {
    expect(checkUserSql("PRAGMA table_info('dies')").query).toBe("SELECT * FROM pragma_table_info('dies')");
    expect(userQuerySql(checkUserSql('SELECT 1 -- note'), 10)).toBe('SELECT * FROM (\nSELECT 1 -- note\n) AS user_query LIMIT 10');
    expect(userQuerySql(checkUserSql('EXPLAIN SELECT 1;'))).toBe('EXPLAIN SELECT * FROM (\nSELECT 1\n) AS user_query');
  });

  it('tokenizes strings, quoted names and parameters as DuckDB does', () => {
    expect(sqlTokens(`SELECT 'a''b', "c""d", E'\\'', $1, ? -- x`).map((token) => `${token.kind}:${token.text}`)).toEqual([
      'word:SELECT', "string:a'b", 'symbol:,', 'identifier:c"d', 'symbol:,', "string:\\'", 'symbol:,', 'parameter:$1', 'symbol:,', 'parameter:?',
    ]);
  });
});
