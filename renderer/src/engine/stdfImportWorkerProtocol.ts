/**
 * Messages between the main thread and the STDF import worker. The main thread reads the file (only
 * it can reach host-backed sources) and posts chunks; the worker hashes, decompresses, parses and
 * builds the Arrow relations, then transfers them back as IPC bytes.
 *
 * main -> worker: start, chunk*, end, then build (or terminate: a duplicate, or Cancel).
 * worker -> main: progress* (each input chunk acknowledged once parsed), parsed, staged | error.
 */
import type { StdfIpcStagingInput } from '@shared/import/stdfImport';
import type { StdfParseReport } from '@shared/import/stdfParseSession';

/** What the main thread tells the worker. */
export type ToStdfWorker =
  | { type: 'start'; fileName: string; size: number }
  | { type: 'chunk'; index: number; bytes: Uint8Array }
  | { type: 'end' }
  | { type: 'build' };

/** What the worker tells the main thread. */
export type FromStdfWorker =
  | StdfParseReport
  | { type: 'staged'; input: StdfIpcStagingInput }
  | { type: 'error'; message: string };

/** Chunks the main thread may have posted but the worker not yet parsed (bounds the worker's queue). */
export const chunksInFlight = 2;

/** Size of the chunks the main thread reads and posts. */
export const importChunkBytes = 4 * 1024 * 1024;

/** True when an object received from the worker is one of its messages (defensive: workers can post anything). */
export function isFromStdfWorker(value: unknown): value is FromStdfWorker {
  const type = (value as { type?: unknown } | null)?.type;
  return type === 'progress' || type === 'parsed' || type === 'staged' || type === 'error';
}
