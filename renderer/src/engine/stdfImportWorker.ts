/**
 * Dedicated module worker that parses one STDF file (see stdfImportWorkerProtocol.ts): started with
 * `new Worker(new URL('./stdfImportWorker.ts', import.meta.url), { type: 'module' })`, one file per
 * worker, terminated by the main thread when done or cancelled.
 */
import { stdfStagingBuffers } from '@shared/import/stdfImport';
import { StdfParseSession } from '@shared/import/stdfParseSession';
import type { FromStdfWorker, ToStdfWorker } from './stdfImportWorkerProtocol';

/** The worker global as far as this file uses it (the web tsconfig has DOM types, not WebWorker's). */
const scope = self as unknown as {
  postMessage(message: FromStdfWorker, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<ToStdfWorker>) => void) | null;
};

let session: StdfParseSession | null = null;

function fail(error: unknown): void {
  scope.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) });
}

scope.onmessage = (event) => {
  const message = event.data;
  try {
    if (message.type === 'start') session = new StdfParseSession(message.fileName, message.size, (report) => scope.postMessage(report));
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
