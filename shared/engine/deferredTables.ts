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

/** What a gated engine asks before each statement: resolves when the statement may run. */
export interface StatementGate {
  wait(sql: string): Promise<void>;
}

/** Holds statements that read tables still loading, until their load settles. */
export class TableGate implements StatementGate {
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

/**
 * Tables that load only when a statement first reads them (a command that needs one number from
 * the per-wafer summary need not load 20M results first). `stages` load the held tables in order
 * (the dies, then the per-result tables); a statement that reads a held table runs the next stage
 * and looks again, until it reads nothing held. `held` tells what is held now (asked again after each stage). A failed stage
 * fails the statements that read what it held, and only those.
 */
export class LoadOnDemandGate implements StatementGate {
  private heldNow: ReadonlySet<string> | null = null;
  private running: Promise<void> | null = null;
  private next = 0;
  private failure: unknown = null;

  constructor(
    private readonly held: () => Promise<ReadonlySet<string>>,
    private readonly stages: readonly (() => Promise<void>)[],
    /** Whether the statement reads one of the held names; by default {@link mayReadAnyTable}. */
    private readonly reads: (sql: string, held: ReadonlySet<string>) => Promise<boolean> = async (sql, held) => mayReadAnyTable(sql, held),
  ) {}

  /** How many stages have started. */
  get stagesStarted(): number {
    return this.next;
  }

  async wait(sql: string): Promise<void> {
    for (;;) {
      if (this.running) await this.running;
      const held = this.heldNow ?? (this.heldNow = await this.held());
      if (held.size === 0 || !(await this.reads(sql, held))) return;
      if (this.running) continue;
      if (this.failure !== null) throw this.failure;
      const stage = this.stages[this.next];
      if (!stage) return;
      this.next++;
      this.running = (async () => {
        try {
          await stage();
        } catch (error) {
          this.failure = error;
        } finally {
          this.heldNow = null;
          this.running = null;
        }
      })();
    }
  }
}

/** {@link readsAnyTable}, or a string literal of the statement names one of them (a table function's argument). */
export function mayReadAnyTable(sql: string, tables: ReadonlySet<string>): boolean {
  return readsAnyTable(sql, tables) || namesInLiterals(sql, tables);
}

/** True when a string literal of the statement contains one of the names. */
function namesInLiterals(sql: string, names: ReadonlySet<string>): boolean {
  for (const literal of sql.match(/'(?:[^']|'')*'/g) ?? []) {
    const text = literal.toLowerCase();
    for (const name of names) if (text.includes(name)) return true;
  }
  return false;
}

/** An engine whose statements wait at a gate: what views and analyses use while tables load. */
export class GatedSqlEngine<Gate extends StatementGate = TableGate> implements SqlEngine {
  constructor(
    private readonly inner: SqlEngine,
    readonly gate: Gate,
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
