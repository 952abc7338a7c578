/**
 * Deferred tables: at startup the workspace loads the small tables first so the first view shows,
 * and the large per-result tables (results, die_insertions) afterwards. Until they are in, a query
 * that reads them must wait rather than see an empty or partial table (an SPC chart would freeze
 * its phase-I limits on nothing). The gate holds exactly those queries; all others run at once.
 */
import type { Table } from 'apache-arrow';
import type { SqlEngine, SqlParam } from './sqlEngine.ts';

/** Lower-case identifiers the statement names anywhere (tables, views, columns, aliases). */
function identifiersOf(sql: string): Set<string> {
  const withoutStrings = sql.replace(/'(?:[^']|'')*'/g, "''");
  const names = withoutStrings.toLowerCase().match(/[a-z_][a-z0-9_]*|"(?:[^"]|"")+"/g) ?? [];
  return new Set(names.map((name) => (name.startsWith('"') ? name.slice(1, -1).replaceAll('""', '"') : name)));
}

/**
 * True when the statement names any of the tables. Conservative: a column or alias spelled like
 * one of the tables also counts, which only makes a query wait, never read a partial table.
 */
export function readsAnyTable(sql: string, tables: ReadonlySet<string>): boolean {
  if (tables.size === 0) return false;
  for (const name of identifiersOf(sql)) if (tables.has(name)) return true;
  return false;
}

/**
 * Views whose definition reads a held table are held too (a query on `final_results` reads
 * `results`). Given each view's SQL, the closure of held names.
 */
export function heldNames(tables: readonly string[], views: readonly { name: string; sql: string }[]): Set<string> {
  const held = new Set(tables.map((table) => table.toLowerCase()));
  let grew = true;
  while (grew) {
    grew = false;
    for (const view of views) {
      const name = view.name.toLowerCase();
      if (!held.has(name) && readsAnyTable(view.sql, held)) {
        held.add(name);
        grew = true;
      }
    }
  }
  return held;
}

/** Holds statements that read tables still loading, until their load settles. */
export class TableGate {
  private held = new Set<string>();
  private ready: Promise<void> = Promise.resolve();

  /** Hold statements naming `tables` until `loaded` settles (resolved or failed). */
  hold(tables: ReadonlySet<string>, loaded: Promise<unknown>): void {
    const held = new Set(tables);
    this.held = held;
    this.ready = loaded.then(
      () => this.release(held),
      () => this.release(held),
    );
  }

  private release(held: Set<string>): void {
    if (this.held === held) this.held = new Set();
  }

  /** Names held right now (empty once everything is loaded). */
  get holding(): ReadonlySet<string> {
    return this.held;
  }

  /** Resolves when the statement may run. */
  async wait(sql: string): Promise<void> {
    if (readsAnyTable(sql, this.held)) await this.ready;
  }
}

/** An engine whose statements wait at a gate: what views and analyses use while tables load. */
export class GatedSqlEngine implements SqlEngine {
  constructor(
    private readonly inner: SqlEngine,
    readonly gate: TableGate,
  ) {}

  async query(sql: string, params?: readonly SqlParam[]): Promise<Table> {
    await this.gate.wait(sql);
    return this.inner.query(sql, params);
  }

  async queryIpc(sql: string): Promise<Uint8Array> {
    await this.gate.wait(sql);
    return this.inner.queryIpc(sql);
  }

  async exec(sql: string, params?: readonly SqlParam[]): Promise<void> {
    await this.gate.wait(sql);
    return this.inner.exec(sql, params);
  }

  async insertArrow(tableName: string, table: Table): Promise<void> {
    await this.gate.wait(tableName);
    return this.inner.insertArrow(tableName, table);
  }

  async insertArrowIpc(tableName: string, ipcStream: Uint8Array): Promise<void> {
    await this.gate.wait(tableName);
    return this.inner.insertArrowIpc(tableName, ipcStream);
  }

  registerBuffer(fileName: string, bytes: Uint8Array): Promise<void> {
    return this.inner.registerBuffer(fileName, bytes);
  }

  dropFile(fileName: string): Promise<void> {
    return this.inner.dropFile(fileName);
  }

  interrupt(): void {
    this.inner.interrupt?.();
  }

  async queryStoppable(sql: string): Promise<Table> {
    await this.gate.wait(sql);
    return this.inner.queryStoppable ? this.inner.queryStoppable(sql) : this.inner.query(sql);
  }
}
