import { tableFromIPC, type Table } from 'apache-arrow';
import { quoteIdent, quoteLiteral, type SqlEngine, type SqlParam } from '../../shared/engine/sqlEngine.ts';
import { lakeTableNames, lakeTables } from '../../shared/schema/canonical.ts';
import { oneRowPerKeySql } from '../../shared/workspace/manifest.ts';

/**
 * How statements reach ClickHouse: chDB in-process (dev/test, Linux/macOS) or a server over HTTP
 * (@clickhouse/client). Results come back as Arrow IPC stream bytes.
 */
export interface ClickHouseTransport {
  /** Run one query with `{name:Type}` parameters; Arrow IPC stream bytes. */
  queryArrow(sql: string, params: Record<string, SqlParam>): Promise<Uint8Array>;
  /** Run one statement that returns nothing. */
  command(sql: string): Promise<void>;
  /** Release the session or connection. */
  close(): Promise<void>;
}

/**
 * Settings every statement runs with, so the portable SQL means what it means in DuckDB:
 * join_use_nulls (an outer join's missing side is NULL, not the type's default), cast_keep_nullable
 * (`NULL::DOUBLE` stays NULL instead of failing), prefer_column_name_to_alias (in
 * `SELECT any_value(product) AS product ... WHERE product = ?` the WHERE reads the column, not the
 * aggregate); strings as Arrow Utf8 and uncompressed batches, which apache-arrow reads; Hive
 * partition folders (product=P/lot=L) as columns; a table's columns are the union of its parts'
 * (schema_inference_mode: by default ClickHouse infers them from the first file, so a column that
 * only later imports have, such as tests.kind from STDF, was unknown), as DuckDB's union_by_name.
 */
export const clickhouseSettings = {
  join_use_nulls: 1,
  cast_keep_nullable: 1,
  prefer_column_name_to_alias: 1,
  output_format_arrow_string_as_string: 1,
  output_format_arrow_compression_method: 'none',
  use_hive_partitioning: 1,
  schema_inference_mode: 'union',
} as const;

const clickhouseTypes: Record<string, string> = {
  VARCHAR: 'String',
  TEXT: 'String',
  INTEGER: 'Int32',
  INT: 'Int32',
  BIGINT: 'Int64',
  DOUBLE: 'Float64',
  // The lake's timestamps are UTC (DateTime64(6, 'UTC')); a bare DateTime64 parameter is read in the
  // server's time zone, which moved a report's period by the zone's offset (measured with TZ set for chDB).
  TIMESTAMP: "DateTime64(6, 'UTC')",
  DATE: 'Date32',
  BOOLEAN: 'Bool',
};

function typeOfValue(value: SqlParam): string {
  if (typeof value === 'bigint') return 'Int64';
  if (typeof value === 'number') return Number.isInteger(value) ? 'Int64' : 'Float64';
  if (typeof value === 'boolean') return 'Bool';
  return 'String';
}

/**
 * DuckDB placeholders (`$1::VARCHAR`, `$2`, `?`) to ClickHouse's typed ones (`{p1:Nullable(String)}`),
 * so the builders' bound values stay bound (never spliced). A cast after the placeholder becomes its
 * type; text inside single quotes is left alone.
 */
export function clickhousePlaceholders(sql: string, params: readonly SqlParam[]): { sql: string; params: Record<string, SqlParam> } {
  const named: Record<string, SqlParam> = {};
  let nextPositional = 0;
  const segments = sql.split(/('(?:[^']|'')*')/);
  const rewritten = segments.map((segment, index) => {
    if (index % 2 === 1) return segment;
    return segment.replace(/\$(\d+)(?:::([A-Za-z]+))?|\?/g, (match: string, number: string | undefined, cast: string | undefined) => {
      const position = number === undefined ? nextPositional++ : Number(number) - 1;
      if (position < 0 || position >= params.length) throw new Error(`parameter ${match} has no bound value (${params.length} given)`);
      const value = params[position] ?? null;
      const type = cast === undefined ? typeOfValue(value) : clickhouseTypes[cast.toUpperCase()];
      if (type === undefined) throw new Error(`parameter ${match}: no ClickHouse type for ${cast}`);
      named[`p${position + 1}`] = value;
      return `{p${position + 1}:Nullable(${type})}`;
    });
  });
  return { sql: rewritten.join(''), params: named };
}

/** Where the lake lives and how ClickHouse reads one table of it. */
export interface LakeLocation {
  /** A folder (path or file:// URL), or s3://bucket/prefix, or an http(s) URL of a bucket prefix. */
  url: string;
  /** S3-compatible endpoint for s3:// URLs (e.g. http://127.0.0.1:9000); AWS's by default. */
  endpoint?: string;
  /** Credentials for s3; without them the bucket is read unsigned. */
  accessKeyId?: string;
  /** Secret of accessKeyId. */
  secretAccessKey?: string;
}

/** The table function that reads one table's Parquet files of the lake, partition folders as columns. */
export function lakeTableFunction(lake: LakeLocation, table: string): string {
  const url = lake.url.replace(/\/+$/, '');
  const glob = `${table}/**/*.parquet`;
  if (url.startsWith('s3://') || /^https?:\/\//.test(url)) {
    const http = url.startsWith('s3://')
      ? `${(lake.endpoint ?? 'https://s3.amazonaws.com').replace(/\/+$/, '')}/${url.slice('s3://'.length)}`
      : url;
    const credentials = lake.accessKeyId && lake.secretAccessKey ? `, ${quoteLiteral(lake.accessKeyId)}, ${quoteLiteral(lake.secretAccessKey)}` : ", NOSIGN";
    return `s3(${quoteLiteral(`${http}/${glob}`)}${credentials}, 'Parquet')`;
  }
  const folder = url.startsWith('file://') ? decodeURIComponent(new URL(url).pathname) : url;
  return `file(${quoteLiteral(`${folder}/${glob}`)}, 'Parquet')`;
}

/**
 * `REPLACE (...)` that decodes the partition folders' values. The lake writes `lot=A%2E1` for lot
 * "A.1" and Hive's `__HIVE_DEFAULT_PARTITION__` for NULL; DuckDB decodes both when it reads, but
 * ClickHouse 26.7 returns the folder text as it is, and prefers it to the same column inside the
 * file (measured with chDB 3.4), so the view decodes it.
 */
function partitionValuesDecoded(table: string): string {
  const names = new Set((lakeTables[table] ?? []).map((column) => column.name));
  const decoded = (['product', 'lot'] as const)
    .filter((name) => names.has(name))
    .map((name) => `if(${name} = '__HIVE_DEFAULT_PARTITION__', NULL, decodeURLComponent(${name})) AS ${name}`);
  return decoded.length === 0 ? '' : `REPLACE (${decoded.join(', ')})`;
}

const emptyColumnTypes: Record<string, string> = {
  VARCHAR: 'String', INTEGER: 'Int32', BIGINT: 'Int64', DOUBLE: 'Float64', BOOLEAN: 'Bool', TIMESTAMP: "DateTime64(6, 'UTC')",
};

/** A view with a canonical table's columns (all Nullable, as ClickHouse reads Parquet) and no rows. */
export function emptyTableViewSql(table: string): string {
  const columns = (lakeTables[table] ?? []).map((column) => `CAST(NULL AS Nullable(${emptyColumnTypes[column.type] ?? 'String'})) AS ${quoteIdent(column.name)}`);
  return `CREATE OR REPLACE VIEW ${quoteIdent(table)} AS SELECT ${columns.join(', ')} FROM system.one WHERE 0`;
}

/**
 * ClickHouse behind the SqlEngine interface, over a Parquet lake (read-only): one view per
 * canonical table that has files, named as the table, so the builders' SQL (in the ClickHouse
 * dialect, shared/sql/dialect.ts) reads it unchanged. Results come back as Arrow like DuckDB's.
 */
export class ClickHouseSqlEngine implements SqlEngine {
  readonly kind = 'clickhouse' as const;

  private constructor(
    private readonly transport: ClickHouseTransport,
    /** Canonical tables found in the lake. */
    readonly tables: readonly string[],
  ) {}

  /** Create the lake's views (in the transport's current database) and return the engine. */
  static async open(transport: ClickHouseTransport, lake: LakeLocation): Promise<ClickHouseSqlEngine> {
    const tables: string[] = [];
    for (const table of lakeTableNames) {
      const view = `CREATE OR REPLACE VIEW ${quoteIdent(table)} AS SELECT * ${partitionValuesDecoded(table)} FROM ${lakeTableFunction(lake, table)}`;
      try {
        try {
          // One row per key of the descriptive tables, as a workspace keeps: the lake has every import's rows
          // (the sample's tests table held each test once per lot, and spc evaluate's defaults named charts twice).
          await transport.command(`${view} ${oneRowPerKeySql(table)}`);
        } catch (error) {
          // Parts without the key columns (a lake not written by lake publish) cannot be deduplicated by them.
          if (oneRowPerKeySql(table) === '' || !/UNKNOWN_IDENTIFIER/.test((error as Error).message)) throw error;
          await transport.command(view);
        }
        tables.push(table);
      } catch (error) {
        // A table with no files yet (no STDF equipment records, say) cannot have its schema inferred: an
        // empty view with the canonical columns, as a workspace has an empty table (commonality's factors read test_equipment).
        if (!/CANNOT_EXTRACT_TABLE_STRUCTURE|no files/i.test((error as Error).message)) throw error;
        await transport.command(emptyTableViewSql(table));
      }
    }
    if (tables.length === 0) {
      await transport.close();
      throw new Error(`${lake.url}: no lake tables found (expected <table>/product=P/lot=L/*.parquet)`);
    }
    return new ClickHouseSqlEngine(transport, tables);
  }

  /** Run a query with DuckDB-style placeholders; the result as Arrow. */
  async query(sql: string, params: readonly SqlParam[] = []): Promise<Table> {
    return tableFromIPC(await this.queryIpcWith(sql, params));
  }

  /** Run a query; Arrow IPC stream bytes. */
  async queryIpc(sql: string): Promise<Uint8Array> {
    return this.queryIpcWith(sql, []);
  }

  private async queryIpcWith(sql: string, params: readonly SqlParam[]): Promise<Uint8Array> {
    const statement = clickhousePlaceholders(sql, params);
    return this.transport.queryArrow(statement.sql, statement.params);
  }

  /** Statements that return nothing; the lake is read-only, so only session statements make sense. */
  async exec(sql: string, params: readonly SqlParam[] = []): Promise<void> {
    if (params.length > 0) throw new Error('ClickHouse engine: exec takes no parameters');
    await this.transport.command(sql);
  }

  /** The lake is published, not written here. */
  async insertArrow(): Promise<void> {
    throw new Error('the ClickHouse engine reads a published lake; it does not take inserts');
  }

  /** The lake is published, not written here. */
  async insertArrowIpc(): Promise<void> {
    throw new Error('the ClickHouse engine reads a published lake; it does not take inserts');
  }

  /** Not supported: ClickHouse reads the lake's files where they are. */
  async registerBuffer(): Promise<void> {
    throw new Error('the ClickHouse engine reads the lake in place; it does not register buffers');
  }

  /** Nothing registered, nothing to drop. */
  async dropFile(): Promise<void> {}

  /** Close the session or connection. */
  close(): void {
    void this.transport.close();
  }
}
