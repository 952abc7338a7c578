import { randomUUID } from 'node:crypto';
import { ClickHouseLogLevel, createClient } from '@clickhouse/client';
import type { SqlParam } from '../../shared/engine/sqlEngine.ts';
import { ClickHouseSqlEngine, clickhouseSettings, type ClickHouseTransport } from './clickhouseEngine.ts';

/** The part of chDB's npm API used here (chdb is a dev/test install, not a dependency: typed locally). */
interface ChdbSession {
  query(query: string, format?: string): string;
  queryBindAsync(query: string, params: object, options?: { format?: string }): Promise<{ bytes(): Uint8Array }>;
  close(): void;
}
interface ChdbModule {
  Session: new () => ChdbSession;
}

/** chDB's module, or null when it is not installed (it is Linux/macOS only and ~560 MB: `npm install --no-save chdb`). */
export async function loadChdb(): Promise<ChdbModule | null> {
  // A variable specifier keeps bundlers and the typechecker from requiring the optional package.
  const specifier = 'chdb';
  try {
    return (await import(specifier)) as ChdbModule;
  } catch {
    return null;
  }
}

/** SQL text of a settings value. */
function settingValue(value: string | number): string {
  return typeof value === 'number' ? String(value) : `'${value}'`;
}

/** In-process ClickHouse (chDB): one temporary session with the engine's settings. */
export async function chdbTransport(): Promise<ClickHouseTransport> {
  const chdb = await loadChdb();
  if (chdb === null) throw new Error('chDB is not installed (npm install --no-save chdb; Linux/macOS); or give --clickhouse URL of a server');
  const session = new chdb.Session();
  for (const [name, value] of Object.entries(clickhouseSettings)) session.query(`SET ${name} = ${settingValue(value)}`);
  // chDB runs one statement at a time per session; callers may issue them concurrently.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };
  return {
    queryArrow: (sql, params) => serial(async () => (await session.queryBindAsync(sql, params, { format: 'ArrowStream' })).bytes()),
    command: (sql) => serial(async () => void session.query(sql, 'TSV')),
    close: async () => session.close(),
  };
}

/**
 * A ClickHouse server over HTTP(S) with the official client. The lake's views are created in
 * `database` (default yield_monitor_lake), created when missing, so the server's other databases
 * are not touched.
 */
export async function serverTransport(url: string, database = 'yield_monitor_lake'): Promise<ClickHouseTransport> {
  // Errors reach the caller as exceptions; the client's own logger would print them a second time.
  const log = { level: ClickHouseLogLevel.OFF };
  const setup = createClient({ url, log, clickhouse_settings: { ...clickhouseSettings } });
  try {
    await setup.command({ query: `CREATE DATABASE IF NOT EXISTS ${database}` });
  } finally {
    await setup.close();
  }
  const client = createClient({ url, log, database, session_id: randomUUID(), clickhouse_settings: { ...clickhouseSettings } });
  return {
    queryArrow: async (sql: string, params: Record<string, SqlParam>) => {
      const result = await client.exec({ query: `${sql}\nFORMAT ArrowStream`, query_params: params });
      const chunks: Uint8Array[] = [];
      for await (const chunk of result.stream) chunks.push(chunk as Uint8Array);
      return new Uint8Array(Buffer.concat(chunks));
    },
    command: async (sql: string) => {
      await client.command({ query: sql });
    },
    close: () => client.close(),
  };
}

/**
 * A ClickHouse engine over a lake, for the CLI's `--engine clickhouse --lake URL [--clickhouse URL]`:
 * the server at `server` when given, else chDB in-process (with a clear error when it is absent).
 * s3 credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY and the endpoint from
 * `endpoint` (or AWS_ENDPOINT_URL); without credentials the bucket is read unsigned.
 */
export async function openClickHouseEngine(options: { lake: string; server?: string; endpoint?: string }): Promise<ClickHouseSqlEngine> {
  const transport = options.server ? await serverTransport(options.server) : await chdbTransport();
  return ClickHouseSqlEngine.open(transport, {
    url: options.lake,
    endpoint: options.endpoint ?? process.env.AWS_ENDPOINT_URL,
    accessKeyId: process.env.AWS_ACCESS_KEY_ID,
    secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY,
  });
}
