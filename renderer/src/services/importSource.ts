import type { PickedFile } from '@shared/host/hostApi';
import { host } from './host';

/** A file to import, whether dropped, chosen in a file input, or picked through the host dialog. */
export interface ImportSource {
  name: string;
  size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
  /** Called once the import of this source has ended (the host then forgets a picked file). */
  release?(): Promise<void>;
}

/** A source over a browser File (drops and file inputs work the same in Electron and Chromium). */
export function sourceFromFile(file: File, name = file.name): ImportSource {
  return { name, size: file.size, read: async (offset, length) => new Uint8Array(await file.slice(offset, offset + length).arrayBuffer()) };
}

/** A source over a file the host's Open dialog returned. */
export function sourceFromPicked(picked: PickedFile): ImportSource {
  return {
    name: picked.name,
    size: picked.size,
    read: (offset, length) => host.readFileChunk(picked.token, offset, length),
    release: () => host.releaseFile(picked.token),
  };
}

/** A source over bytes fetched from our own origin (the bundled sample fab). */
export async function sourceFromUrl(url: string, name: string): Promise<ImportSource> {
  const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
  return { name, size: bytes.length, read: async (offset, length) => bytes.subarray(offset, offset + length) };
}

/** Release every source of an ended import batch except one still waiting for a column mapping. */
export function releaseSources(sources: readonly ImportSource[], waitingForMapping: ImportSource | null): void {
  for (const source of sources) {
    // A token that is already gone (a watch-folder file the host forgot) is nothing to report.
    if (source !== waitingForMapping) void source.release?.().catch(() => undefined);
  }
}

const chunkSize = 4 * 1024 * 1024;

/** Read a whole source in chunks, reporting bytes done; stops with an AbortError when cancelled. */
export async function readAll(source: ImportSource, onBytes: (done: number) => void, signal: AbortSignal): Promise<Uint8Array> {
  const bytes = new Uint8Array(source.size);
  for (let offset = 0; offset < source.size; offset += chunkSize) {
    signal.throwIfAborted();
    const chunk = await source.read(offset, Math.min(chunkSize, source.size - offset));
    bytes.set(chunk, offset);
    onBytes(offset + chunk.length);
  }
  return bytes;
}

/** Every file below a dropped folder entry (drag-and-drop of folders). */
export async function filesFromEntry(entry: FileSystemEntry): Promise<File[]> {
  if (entry.isFile) {
    return [await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject))];
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  const files: File[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    for (const child of batch) files.push(...(await filesFromEntry(child)));
  }
  return files;
}
