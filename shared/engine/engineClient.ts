/**
 * The page's side of engineProtocol.ts: a SqlEngine whose statements run in another process, and
 * the workspace that process holds open. Transport-agnostic (WebSocket in the served mode, a
 * MessagePort in Electron, an in-process pair in Node tests), so every client runs this code.
 */
import { tableFromIPC, tableToIPC, type Table } from 'apache-arrow';
import type { CanonicalTableName } from '../schema/canonical.ts';
import { findImportByHash, emptyManifest, type ImportRecord, type WorkspaceManifest } from '../workspace/manifest.ts';
import type { CommitOptions, ImportDetails } from '../workspace/workspace.ts';
import { toWireParams, type EngineReply, type EngineRequest, type EngineTransport, type StartupStep } from './engineProtocol.ts';
import type { SqlEngine, SqlParam } from './sqlEngine.ts';

/** A request as the client writes it (the id is added when it is sent). */
type OutgoingRequest = EngineRequest extends infer Each ? (Each extends { id: number } ? Omit<Each, 'id'> : never) : never;

/** Thrown when a statement ran longer than its timeout (the engine was told to stop it). */
export class EngineTimeoutError extends Error {
  override name = 'EngineTimeoutError';
}

/** What a client needs to know per request. */
interface Pending {
  resolve(reply: { value?: unknown; body?: Uint8Array }): void;
  reject(error: Error): void;
  onProgress?(step: StartupStep): void;
  timer?: ReturnType<typeof setTimeout>;
}

/** How long a statement may run before it is interrupted (default 5 minutes; imports of large files stage for long). */
export const defaultStatementTimeoutMs = 5 * 60_000;

/** The request/answer bookkeeping shared by the engine and the workspace proxies. */
export class EngineConnection {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private closedReason: string | null = null;

  constructor(private readonly transport: EngineTransport<EngineRequest, EngineReply>, readonly statementTimeoutMs = defaultStatementTimeoutMs) {
    transport.onMessage(({ header, body }) => this.receive(header, body));
    transport.onClose((reason) => this.fail(reason));
  }

  /** Send a request; resolves with its answer. `timeoutMs` 0 waits for ever. */
  request(
    message: OutgoingRequest,
    options: { body?: Uint8Array; timeoutMs?: number; onProgress?: Pending['onProgress'] } = {},
  ): Promise<{ value?: unknown; body?: Uint8Array }> {
    if (this.closedReason !== null) return Promise.reject(new Error(`engine connection closed: ${this.closedReason}`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const entry: Pending = { resolve, reject, onProgress: options.onProgress };
      const timeoutMs = options.timeoutMs ?? this.statementTimeoutMs;
      if (timeoutMs > 0) {
        entry.timer = setTimeout(() => {
          this.pending.delete(id);
          this.transport.send({ header: { kind: 'interrupt', target: id } });
          reject(new EngineTimeoutError(`statement stopped after ${Math.round(timeoutMs / 1000)} s (timeout)`));
        }, timeoutMs);
      }
      this.pending.set(id, entry);
      this.transport.send({ header: { ...message, id } as EngineRequest, body: options.body });
    });
  }

  /** Stop the statement running now. */
  interrupt(): void {
    this.transport.send({ header: { kind: 'interrupt' } });
  }

  close(): void {
    this.transport.close();
    this.fail('closed by the client');
  }

  private receive(reply: EngineReply, body: Uint8Array | undefined): void {
    const entry = this.pending.get(reply.id);
    if (!entry) return;
    if (reply.kind === 'progress') {
      entry.onProgress?.(reply.step);
      return;
    }
    this.pending.delete(reply.id);
    if (entry.timer !== undefined) clearTimeout(entry.timer);
    if (reply.kind === 'ok') entry.resolve({ value: reply.value, body });
    else {
      const error = new Error(reply.message);
      if (reply.name) error.name = reply.name;
      entry.reject(error);
    }
  }

  private fail(reason: string): void {
    this.closedReason ??= reason;
    for (const [id, entry] of this.pending) {
      if (entry.timer !== undefined) clearTimeout(entry.timer);
      entry.reject(new Error(`engine connection closed: ${reason}`));
      this.pending.delete(id);
    }
  }
}

/** A SqlEngine in another process: results arrive as Arrow IPC stream bytes and are read with tableFromIPC. */
export class RemoteSqlEngine implements SqlEngine {
  readonly kind = 'remote' as const;

  constructor(private readonly connection: EngineConnection) {}

  async query(sql: string, params: readonly SqlParam[] = []): Promise<Table> {
    return tableFromIPC(await this.queryIpcWith(sql, params));
  }

  queryIpc(sql: string): Promise<Uint8Array> {
    return this.queryIpcWith(sql, []);
  }

  async exec(sql: string, params: readonly SqlParam[] = []): Promise<void> {
    await this.connection.request({ kind: 'exec', sql, params: toWireParams(params) });
  }

  async insertArrow(tableName: string, table: Table): Promise<void> {
    await this.insertArrowIpc(tableName, tableToIPC(table, 'stream'));
  }

  async insertArrowIpc(tableName: string, ipcStream: Uint8Array): Promise<void> {
    await this.connection.request({ kind: 'insertArrowIpc', table: tableName }, { body: ipcStream });
  }

  async registerBuffer(fileName: string, bytes: Uint8Array): Promise<void> {
    await this.connection.request({ kind: 'registerBuffer', fileName }, { body: bytes });
  }

  async dropFile(fileName: string): Promise<void> {
    await this.connection.request({ kind: 'dropFile', fileName });
  }

  /** Stop the statement running now (the import Cancel button). */
  interrupt(): void {
    this.connection.interrupt();
  }

  private async queryIpcWith(sql: string, params: readonly SqlParam[]): Promise<Uint8Array> {
    const reply = await this.connection.request({ kind: 'query', sql, params: toWireParams(params) });
    if (!reply.body) throw new Error('engine answered a query without Arrow bytes');
    return reply.body;
  }
}

/**
 * The workspace the engine's process holds open (with the engine's own Parquet reader and writer):
 * the page stages an import's tables over the engine, then asks that process to commit them.
 * Matches the part of Workspace the renderer uses, so the import pipeline does not know which it has.
 */
export class RemoteWorkspace {
  manifest: WorkspaceManifest = emptyManifest();

  constructor(private readonly connection: EngineConnection) {}

  /** Open (or join) the served workspace; `onStep` hears what the host is doing. */
  async open(onStep?: (step: StartupStep) => void): Promise<void> {
    // Opening loads every table: no timeout (a 10M-die workspace takes a while), progress instead.
    const reply = await this.connection.request({ kind: 'openWorkspace' }, { timeoutMs: 0, onProgress: onStep });
    this.manifest = reply.value as WorkspaceManifest;
  }

  /** The host loads every table before it answers open(): nothing is deferred. */
  get pendingTables(): CanonicalTableName[] {
    return [];
  }

  /** Nothing is deferred: the deferred load is already done. */
  async loadDeferred(): Promise<void> {}

  /** Nothing is deferred: no name waits. */
  async deferredNames(): Promise<Set<string>> {
    return new Set();
  }

  /** The earlier import with this exact content, if any. */
  findDuplicate(contentHash: string): ImportRecord | undefined {
    return findImportByHash(this.manifest, contentHash);
  }

  /** Persist staged tables as an import (refused when the host serves read-only). */
  async commitImport(importId: string, details: ImportDetails, tables: readonly CanonicalTableName[], options: CommitOptions = {}): Promise<ImportRecord> {
    const replaces = options.replaces === undefined ? {} : { replaces: options.replaces };
    const reply = await this.connection.request({ kind: 'commitImport', importId, details: { ...details }, tables: [...tables], ...replaces }, { timeoutMs: 0 });
    const answer = reply.value as { record: ImportRecord; manifest: WorkspaceManifest };
    this.manifest = answer.manifest;
    return answer.record;
  }

  /** Remove imports (records, files, rows) in the host's workspace (refused when it serves read-only). */
  async removeImports(importIds: readonly string[]): Promise<ImportRecord[]> {
    const reply = await this.connection.request({ kind: 'removeImports', importIds: [...importIds] }, { timeoutMs: 0 });
    const answer = reply.value as { records: ImportRecord[]; manifest: WorkspaceManifest };
    this.manifest = answer.manifest;
    return answer.records;
  }
}
