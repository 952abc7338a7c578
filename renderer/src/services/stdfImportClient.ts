/**
 * Main-thread side of the STDF import worker: reads the source in chunks (host-backed sources can
 * only be read here), posts them transferred with at most `chunksInFlight` unparsed, relays progress,
 * and gets back the staging input as Arrow IPC bytes. Cancel terminates the worker; a worker that finished
 * its file is kept for the next one for a while.
 */
import type { StdfIpcStagingInput } from '@shared/import/stdfImport';
import { chunksInFlight, importChunkBytes, isFromStdfWorker, type FromStdfWorker, type ToStdfWorker } from '../engine/stdfImportWorkerProtocol';
import type { ImportSource } from './importSource';

/** Bytes of the file parsed so far and records counted in them. */
export interface StdfParseProgress {
  bytes: number;
  records: number;
}

/** The worker's answer: a duplicate (nothing built), or the staging input of a new file. */
export type StdfWorkerOutcome = { kind: 'duplicate'; contentHash: string } | { kind: 'staged'; contentHash: string; input: StdfIpcStagingInput };

/** What `parseStdfInWorker` needs besides the source. */
export interface StdfWorkerOptions {
  onProgress: (progress: StdfParseProgress) => void;
  signal: AbortSignal;
  /** Asked once the content hash is known: true skips building the tables. */
  isDuplicate: (contentHash: string) => boolean;
}

/** Collects the worker's messages; `until` waits for a condition, failing on a worker error or Cancel. */
class WorkerChannel {
  acknowledged = -1;
  parsed: Extract<FromStdfWorker, { type: 'parsed' }> | null = null;
  staged: StdfIpcStagingInput | null = null;
  private failure: unknown = null;
  private notify: (() => void) | null = null;

  constructor(readonly worker: Worker, private readonly options: StdfWorkerOptions) {
    worker.onmessage = (event: MessageEvent<unknown>) => this.receive(event.data);
    worker.onerror = (event) => this.fail(new Error(event.message || 'the STDF import worker failed to start'));
    options.signal.addEventListener('abort', () => this.fail(options.signal.reason), { once: true });
  }

  post(message: ToStdfWorker, transfer: Transferable[] = []): void {
    this.worker.postMessage(message, transfer);
  }

  async until(condition: () => boolean): Promise<void> {
    for (;;) {
      if (this.failure !== null) throw this.failure;
      if (condition()) return;
      await new Promise<void>((resolve) => (this.notify = resolve));
    }
  }

  private receive(message: unknown): void {
    if (!isFromStdfWorker(message)) return;
    if (message.type === 'progress') {
      if (message.acknowledged !== null) this.acknowledged = Math.max(this.acknowledged, message.acknowledged);
      this.options.onProgress({ bytes: message.bytes, records: message.records });
    } else if (message.type === 'parsed') this.parsed = message;
    else if (message.type === 'staged') this.staged = message.input;
    else this.failure = new Error(message.message);
    this.notify?.();
  }

  private fail(reason: unknown): void {
    this.failure ??= reason;
    this.notify?.();
  }
}

/** A chunk the worker may own: a view into a larger buffer (e.g. the bundled sample's bytes) is copied first. */
function transferable(chunk: Uint8Array): Uint8Array<ArrayBuffer> {
  const whole = chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength && chunk.buffer instanceof ArrayBuffer;
  return (whole ? chunk : chunk.slice()) as Uint8Array<ArrayBuffer>;
}

/** How long a worker that finished a file waits for the next one (a folder import, the next tester file) before it ends. */
export const idleWorkerMilliseconds = 30_000;

/**
 * The worker that parsed the last file, kept a while: it reads the next file into the same result columns
 * (issue #12 §3: fresh memory costs a page fault per page, ~1 s for a 487 MB file's columns on a small VM).
 */
let idleWorker: { worker: Worker; timer: ReturnType<typeof setTimeout> } | null = null;

function takeWorker(): Worker {
  const kept = idleWorker;
  idleWorker = null;
  if (kept === null) return new Worker(new URL('../engine/stdfImportWorker.ts', import.meta.url), { type: 'module', name: 'stdf-import' });
  clearTimeout(kept.timer);
  return kept.worker;
}

/** A worker that finished its file cleanly waits for the next one; one that failed or was cancelled ends. */
function releaseWorker(worker: Worker, clean: boolean): void {
  if (!clean || idleWorker !== null) {
    worker.terminate();
    return;
  }
  worker.onmessage = null;
  worker.onerror = null;
  const timer = setTimeout(() => {
    if (idleWorker?.worker === worker) idleWorker = null;
    worker.terminate();
  }, idleWorkerMilliseconds);
  idleWorker = { worker, timer };
}

/** Parse an STDF source in a dedicated worker; resolves with its content hash and (unless a duplicate) its staging input. */
export async function parseStdfInWorker(source: ImportSource, options: StdfWorkerOptions): Promise<StdfWorkerOutcome> {
  options.signal.throwIfAborted();
  const worker = takeWorker();
  const channel = new WorkerChannel(worker, options);
  let clean = false;
  try {
    channel.post({ type: 'start', fileName: source.name, size: source.size });
    for (let index = 0, offset = 0; offset < source.size; index++, offset += importChunkBytes) {
      await channel.until(() => channel.acknowledged >= index - chunksInFlight);
      const chunk = transferable(await source.read(offset, Math.min(importChunkBytes, source.size - offset)));
      options.signal.throwIfAborted();
      channel.post({ type: 'chunk', index, bytes: chunk }, [chunk.buffer]);
    }
    channel.post({ type: 'end' });
    await channel.until(() => channel.parsed !== null);
    const contentHash = channel.parsed?.contentHash ?? '';
    if (options.isDuplicate(contentHash)) {
      clean = true;
      return { kind: 'duplicate', contentHash };
    }
    channel.post({ type: 'build' });
    await channel.until(() => channel.staged !== null);
    clean = true;
    return { kind: 'staged', contentHash, input: channel.staged! };
  } finally {
    releaseWorker(worker, clean);
  }
}
