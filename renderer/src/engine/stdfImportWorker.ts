/**
 * Dedicated module worker that parses STDF files one at a time (see stdfImportWorkerProtocol.ts): started
 * with `new Worker(new URL('./stdfImportWorker.ts', import.meta.url), { type: 'module' })`, kept by the main
 * thread for the next file of an import for a while, terminated when idle, cancelled or failed.
 */
import { stdfStagingBuffers } from '@shared/import/stdfImport';
import { StdfParseSession } from '@shared/import/stdfParseSession';
import { ResultColumnStorage } from '@shared/stdf/resultTables';
import type { FromStdfWorker, ToStdfWorker } from './stdfImportWorkerProtocol';

/** The worker global as far as this file uses it (the web tsconfig has DOM types, not WebWorker's). */
const scope = self as unknown as {
  postMessage(message: FromStdfWorker, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<ToStdfWorker>) => void) | null;
};

let session: StdfParseSession | null = null;
/** Every file of this worker reads into the same result columns: fresh memory costs a page fault per page (issue #12 §3). */
const resultStorage = new ResultColumnStorage();

function fail(error: unknown): void {
  scope.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) });
}

scope.onmessage = (event) => {
  const message = event.data;
  try {
    if (message.type === 'start') session = new StdfParseSession(message.fileName, message.size, (report) => scope.postMessage(report), resultStorage);
    else if (message.type === 'chunk') session?.push(message.index, message.bytes);
    else if (message.type === 'end') session?.end().catch(fail);
    else if (message.type === 'build') {
      const built = session?.build() ?? 'no file started';
      if (typeof built === 'string') scope.postMessage({ type: 'error', message: built });
      else scope.postMessage({ type: 'staged', input: built }, stdfStagingBuffers(built));
      session = null;
    }
  } catch (error) {
    fail(error);
  }
};
