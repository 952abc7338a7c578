/**
 * The process side of shared/engine/engineProtocol.ts: one native DuckDB engine and the workspace
 * it holds open, shared by every connected page (served mode: each browser tab's WebSocket;
 * Electron: the window's MessagePort into the utility process). Requests run one at a time in
 * arrival order; a page can stop its own running statement (DuckDB interrupt) or drop a queued one.
 */
import path from 'node:path';
import { z } from 'zod';
import {
  engineRequestSchema, fromWireParams, maximumBodyBytes, readOnlyMessage,
  type EngineMessage, type EngineReply, type EngineRequest, type EngineTransport, type StartupStep,
} from '../../shared/engine/engineProtocol.ts';
import { tableToIPC } from 'apache-arrow';
import { readsAnyTable } from '../../shared/engine/deferredTables.ts';
import { tablesRead } from './heldTables.ts';
import { sqlTokens } from '../../shared/engine/sqlTokens.ts';
import { canonicalTableNames, type CanonicalTableName } from '../../shared/schema/canonical.ts';
import { summaryCacheFolder } from '../../shared/workspace/summaryCache.ts';
import { Workspace, type ImportDetails } from '../../shared/workspace/workspace.ts';
import { NativeSqlEngine } from './nativeEngine.ts';
import { workspaceOn } from '../workspace/openWorkspace.ts';
import { NativeTableFiles } from '../workspace/nativeTableFiles.ts';
import { isLakeFolder } from '../lake/lakeLayout.ts';
import { lakeReadOnlyMessage, LakeWorkspace } from '../lake/lakeWorkspace.ts';

/**
 * Names a page may register files under (what the import pipeline uses): relative, below import/ (the
 * shared orchestrator's text files: refused until issue #13 §4's test, so a desktop or --allow-import
 * page could not import a CSV), upload/ or sample/.
 */
const registeredNamePattern = /^(import|upload|sample)\/[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)?$/;

/** How the served workspace is opened. */
export interface EngineHostOptions {
  /** The workspace folder (absolute). */
  root: string;
  /** Imports (and every other write) allowed; otherwise refused with readOnlyMessage. */
  allowWrites: boolean;
  /** Worker threads of DuckDB (default: one per core). */
  threads?: number;
  /**
   * The folder is a published lake (its catalog.json), opened read-only as a fab workspace: DuckDB
   * reads its Parquet in place (issue #17 §1). Detected by create() when not given; a lake never takes writes.
   */
  lake?: boolean;
}

/** What the host needs of the workspace it holds open: a workspace folder, or a lake folder (read-only). */
type HostedWorkspace = Pick<Workspace, 'manifest' | 'pendingTables' | 'deferredNames' | 'loadDeferred' | 'commitImport' | 'removeImports'> & {
  open(onTable?: (table: string, done: number, total: number) => void, defer?: readonly CanonicalTableName[]): Promise<void>;
};

type Reply = EngineMessage<EngineReply>;

/**
 * Tables a workspace host loads after the first view (the per-result tables: 20M results and 10M
 * insertions of a 10M-die workspace take seconds the small tables do not need), and `dies` when the
 * summaries the overview reads come from the workspace's summary cache (Workspace.open decides).
 */
const deferredTables: readonly CanonicalTableName[] = ['result_values', 'die_insertions', 'dies'];

/**
 * Keywords of the statements that write or attach files (COPY ... TO, EXPORT DATABASE, ATTACH,
 * extensions, checkpoints). A read-only host refuses a page statement that says one outside strings,
 * quoted names and comments: its table folder (a lake: its whole folder) stays readable after the
 * lock so the deferred tables can load, and only these could write there (DuckDB has no read-only
 * allowed directory). By the words, not by DuckDB's statement type: preparing EXPORT DATABASE
 * already creates its folder.
 */
const fileWritingWords = new Set(['copy', 'export', 'attach', 'detach', 'load', 'install', 'vacuum', 'checkpoint']);

/** The refusal of a read-only host's page statement that would write or attach a file. */
export const readOnlyStatementMessage = 'this workspace is open read-only: statements that write or attach files (COPY, EXPORT, ATTACH, ...) are refused';

/** One queued request of one connection. */
interface Job {
  owner: symbol;
  id: number;
  request: Exclude<EngineRequest, { kind: 'interrupt' }>;
  /** The tables and views its statement names, from DuckDB's parse (null: its text decides; see readsHeld). */
  tables?: string[] | null;
  run(): Promise<Reply>;
  send(reply: Reply): void;
}

/** The engine, the workspace on it, and the queue every connection's requests go through. */
export class EngineHost {
  private opening: Promise<void> | null = null;
  private readonly steps = new Set<(step: StartupStep) => void>();
  private lastStep: StartupStep | null = null;
  private readonly queue: Job[] = [];
  private running: Job | null = null;
  /** Tables and views still loading in the background, and the load; statements naming them wait in `waiting`. */
  private held: ReadonlySet<string> = new Set();
  private backgroundLoad: Promise<void> | null = null;
  private backgroundFailure: Error | null = null;
  private readonly waiting: Job[] = [];
  /** The background load's own connection while it runs, and one that parses statements meanwhile. */
  private loader: NativeSqlEngine | null = null;
  private parser: NativeSqlEngine | null = null;
  /** Requests being parsed while the load runs, in arrival order (a request waits for those before it). */
  private intake: Promise<void> = Promise.resolve();
  private parsing = 0;
  /** Connections that closed while requests of theirs were being parsed (those are dropped). */
  private readonly closedWhileParsing = new Set<symbol>();

  private constructor(readonly engine: NativeSqlEngine, private readonly workspace: HostedWorkspace, readonly options: EngineHostOptions) {}

  /**
   * A new engine over the workspace folder (nothing read yet: open() does that). A folder holding a
   * lake catalog opens as a read-only lake whatever `allowWrites` says.
   */
  static async create(options: EngineHostOptions): Promise<EngineHost> {
    const lake = options.lake ?? isLakeFolder(options.root);
    const engine = await NativeSqlEngine.open({ threads: options.threads });
    const workspace = lake ? new LakeWorkspace(engine, options.root) : workspaceOn(engine, options.root);
    // A read-only host writes nothing in the folder, not even the summary cache (it reads one that is there).
    if (workspace instanceof Workspace) workspace.summaryCacheWrites = options.allowWrites;
    return new EngineHost(engine, workspace, { ...options, lake, allowWrites: options.allowWrites && !lake });
  }

  /**
   * Load the workspace, then lock the engine's file access: registered import files only, plus the
   * workspace's table folder (commits COPY there; the deferred tables load from it). A page's SQL can
   * then read or write no other file, whatever it says; on a read-only host it writes none at all
   * (refuseFileWrites). A workspace host opens with the small tables and loads `results` and
   * `die_insertions` afterwards from its table folder (the first view need not wait); a page's
   * statement that names them, or a view over them, waits for that load without holding up the others.
   */
  async open(onStep?: (step: StartupStep) => void): Promise<void> {
    if (onStep) {
      this.steps.add(onStep);
      // A page that joins half-way hears where the opening is.
      if (this.lastStep) onStep(this.lastStep);
    }
    try {
      await (this.opening ??= this.load());
    } finally {
      if (onStep) this.steps.delete(onStep);
    }
  }

  private async load(): Promise<void> {
    this.tell({ stage: 'manifest' });
    await this.workspace.open((table, done, total) => this.tell({ stage: 'load', table, done, total }), this.options.lake ? [] : deferredTables);
    this.tell({ stage: 'lock' });
    // Registered files live in the engine's buffer folder (its file_search_path): DuckDB checks
    // both the relative name a statement uses and the absolute path it resolves to.
    const searchPath = await this.engine.query(`SELECT current_setting('file_search_path') AS folder`);
    const bufferFolder = String(searchPath.get(0)?.folder ?? '');
    const allowed = ['import/', 'upload/', 'sample/', ...(bufferFolder ? [bufferFolder.replace(/\/?$/, '/')] : [])];
    if (!this.options.lake) allowed.push(...['tables', summaryCacheFolder].map((folder) => path.join(this.options.root, folder) + path.sep));
    // A lake's views read its Parquet parts when asked, so the lake folder stays readable (nothing writes it).
    if (this.options.lake) allowed.push(path.resolve(this.options.root) + path.sep);
    await this.engine.exec(`SET allowed_directories = [${allowed.map(sqlString).join(', ')}]`);
    await this.engine.exec('SET enable_external_access = false');
    await this.engine.exec('SET lock_configuration = true');
    if (this.workspace.pendingTables.length > 0) {
      this.held = await this.workspace.deferredNames();
      // Deferred dies come in first: the statements that read only them run then, before the results are in.
      const diesIn = async (): Promise<void> => {
        this.held = await this.workspace.deferredNames();
        this.releaseWaiting();
      };
      // On a connection of its own: the page's statements run beside the load's, not queued behind each of them.
      const loader = await this.engine.connect();
      this.loader = loader;
      this.parser = await this.engine.connect();
      this.backgroundLoad = this.workspace.loadDeferred(undefined, diesIn, { engine: loader, files: new NativeTableFiles(loader, this.options.root) }).then(
        () => { this.held = new Set(); },
        (error: unknown) => { this.backgroundFailure = error instanceof Error ? error : new Error(String(error)); },
      ).finally(() => {
        this.backgroundLoad = null;
        if (this.loader === loader) this.closeLoader();
      });
    }
  }

  /** Settles when the tables loaded after the first view are in (at once when none are). */
  async loaded(): Promise<void> {
    await this.open();
    await this.backgroundLoad;
  }

  /** The manifest as the workspace knows it now. */
  get manifest() {
    return this.workspace.manifest;
  }

  /** Serve one connection until it closes. */
  serve(transport: EngineTransport<EngineReply, unknown>): void {
    const owner = Symbol('connection');
    const send = (reply: Reply): void => {
      try {
        transport.send(reply);
      } catch {
        // The page went away while its answer was being prepared.
      }
    };
    transport.onMessage((message) => this.receive(owner, message, send));
    transport.onClose(() => this.forget(owner));
  }

  /** Stop everything and release the engine. */
  close(): void {
    this.closeLoader();
    this.engine.close();
  }

  /** End the background load's connection (a load still running fails with an interrupt). */
  private closeLoader(): void {
    const [loader, parser] = [this.loader, this.parser];
    [this.loader, this.parser] = [null, null];
    parser?.close();
    if (!loader) return;
    loader.interrupt();
    loader.close();
  }

  private tell(step: StartupStep): void {
    this.lastStep = step;
    for (const listener of this.steps) listener(step);
  }

  private receive(owner: symbol, message: EngineMessage<unknown>, send: (reply: Reply) => void): void {
    const parsed = engineRequestSchema.safeParse(message.header);
    if (!parsed.success) {
      const id = typeof (message.header as { id?: unknown })?.id === 'number' ? (message.header as { id: number }).id : 0;
      send({ header: { kind: 'error', id, message: `invalid engine request: ${z.prettifyError(parsed.error)}` } });
      return;
    }
    const request = parsed.data;
    if (request.kind === 'interrupt') {
      this.interrupt(owner, request.target);
      return;
    }
    if ((message.body?.byteLength ?? 0) > maximumBodyBytes) {
      send({ header: { kind: 'error', id: request.id, message: `request body larger than ${maximumBodyBytes} bytes` } });
      return;
    }
    const job: Job = { owner, id: request.id, request, send, run: () => this.handle(request, message.body ?? new Uint8Array(0), send) };
    if (!this.backgroundLoad && this.parsing === 0) {
      this.route(job);
      return;
    }
    // While tables load, DuckDB's parse tells which tables a statement reads (`sum(dies)` on the
    // per-wafer summary is a column, not the dies table); requests keep their order through it.
    this.parsing++;
    this.intake = this.intake.then(async () => {
      const parser = this.parser;
      if (parser && this.held.size > 0 && (request.kind === 'query' || request.kind === 'exec')) job.tables = await tablesRead(parser, request.sql);
      this.parsing--;
      if (!this.closedWhileParsing.has(owner)) this.route(job);
      if (this.parsing === 0) this.closedWhileParsing.clear();
    });
  }

  /** Queue a request, or park it while it reads a table still loading. */
  private route(job: Job): void {
    const loading = this.backgroundLoad;
    if (loading && this.readsHeld(job)) {
      // Parked outside the queue, so the statements behind it that need no loading table run now.
      this.waiting.push(job);
      void loading.finally(() => {
        const at = this.waiting.indexOf(job);
        if (at < 0) return;
        this.waiting.splice(at, 1);
        this.queue.push(job);
        void this.drain();
      });
      return;
    }
    this.queue.push(job);
    void this.drain();
  }

  /** Queue the parked statements that no longer read a table still loading. */
  private releaseWaiting(): void {
    for (const job of [...this.waiting]) {
      if (this.readsHeld(job)) continue;
      this.waiting.splice(this.waiting.indexOf(job), 1);
      this.queue.push(job);
    }
    void this.drain();
  }

  /** Whether a request reads a table still loading (a commit or removal rewrites them: it waits too). */
  private readsHeld({ request, tables }: Pick<Job, 'request' | 'tables'>): boolean {
    if (this.held.size === 0) return false;
    if (request.kind === 'query' || request.kind === 'exec') return tables ? tables.some((name) => this.held.has(name)) : readsAnyTable(request.sql, this.held);
    return request.kind === 'commitImport' || request.kind === 'removeImports';
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    const job = this.queue.shift();
    if (!job) return;
    this.running = job;
    let reply: Reply;
    try {
      reply = await job.run();
    } catch (error) {
      reply = { header: { kind: 'error', id: job.id, message: (error as Error).message, name: (error as Error).name } };
    }
    this.running = null;
    job.send(reply);
    void this.drain();
  }

  private interrupt(owner: symbol, target: number | undefined): void {
    for (const jobs of [this.queue, this.waiting]) {
      const queued = jobs.findIndex((job) => job.owner === owner && job.id === target);
      if (queued >= 0) {
        const [job] = jobs.splice(queued, 1);
        job!.send({ header: { kind: 'error', id: job!.id, message: 'Interrupted', name: 'InterruptError' } });
        return;
      }
    }
    const running = this.running;
    if (running && running.owner === owner && (target === undefined || running.id === target)) this.engine.interrupt();
  }

  private forget(owner: symbol): void {
    if (this.parsing > 0) this.closedWhileParsing.add(owner);
    for (const jobs of [this.queue, this.waiting]) for (let index = jobs.length - 1; index >= 0; index--) if (jobs[index]!.owner === owner) jobs.splice(index, 1);
    if (this.running?.owner === owner) this.engine.interrupt();
  }

  private async handle(request: Exclude<EngineRequest, { kind: 'interrupt' }>, body: Uint8Array, send: (reply: Reply) => void): Promise<Reply> {
    const ok = (value?: unknown, bytes?: Uint8Array): Reply => ({ header: { kind: 'ok', id: request.id, value }, body: bytes });
    // Until the workspace is open and the engine locked, no page statement runs.
    if (request.kind !== 'openWorkspace') await this.open();
    if (this.backgroundFailure && this.readsHeld({ request })) {
      throw new Error(`the workspace's test results could not be loaded: ${this.backgroundFailure.message}`);
    }
    if ((request.kind === 'query' || request.kind === 'exec') && !this.options.allowWrites) this.refuseFileWrites(request.sql);
    switch (request.kind) {
      case 'query':
        return ok(undefined, tableToIPC(await this.engine.query(request.sql, fromWireParams(request.params)), 'stream'));
      case 'exec':
        await this.engine.exec(request.sql, fromWireParams(request.params));
        return ok();
      case 'insertArrowIpc':
        this.refuseUnlessWritable();
        await this.engine.insertArrowIpc(request.table, body);
        return ok();
      case 'registerBuffer':
        this.refuseUnlessWritable();
        await this.engine.registerBuffer(checkedRegisteredName(request.fileName), body);
        return ok();
      case 'dropFile':
        await this.engine.dropFile(checkedRegisteredName(request.fileName));
        return ok();
      case 'openWorkspace':
        await this.open((step) => send({ header: { kind: 'progress', id: request.id, step } }));
        return ok(this.workspace.manifest);
      case 'commitImport': {
        this.refuseUnlessWritable();
        const tables = request.tables.map(checkedTableName);
        const record = await this.workspace.commitImport(request.importId, request.details as unknown as ImportDetails, tables, { replaces: request.replaces });
        return ok({ record, manifest: this.workspace.manifest });
      }
      case 'removeImports': {
        this.refuseUnlessWritable();
        const records = await this.workspace.removeImports(request.importIds);
        return ok({ records, manifest: this.workspace.manifest });
      }
    }
  }

  /** Refuse a statement that would write or attach a file (see fileWritingWords); text that does not even tokenize too. */
  private refuseFileWrites(sql: string): void {
    let writes: boolean;
    try {
      writes = sqlTokens(sql).some((token) => token.kind === 'word' && fileWritingWords.has(token.lower));
    } catch {
      writes = true;
    }
    if (writes) throw Object.assign(new Error(readOnlyStatementMessage), { name: 'ReadOnlyError' });
  }

  private refuseUnlessWritable(): void {
    if (!this.options.allowWrites) throw Object.assign(new Error(this.options.lake ? lakeReadOnlyMessage : readOnlyMessage), { name: 'ReadOnlyError' });
  }
}

function checkedRegisteredName(name: string): string {
  if (!registeredNamePattern.test(name) || name.split('/').some((part) => part === '..' || part === '.')) {
    throw new Error(`registered file name not allowed: ${name}`);
  }
  return name;
}

function checkedTableName(name: string): CanonicalTableName {
  if (!(canonicalTableNames as readonly string[]).includes(name)) throw new Error(`not a canonical table: ${name}`);
  return name as CanonicalTableName;
}

function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
