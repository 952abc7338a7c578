/**
 * File tokens: main remembers token -> absolute path for files the user picked in a dialog or
 * dropped on the window, so the renderer only ever holds opaque tokens and never sends a path
 * that main would pass to fs.
 */
import { randomBytes } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import type { PickedFile } from '../../shared/host/hostApi.ts';

/** Thrown for an unknown token or a path that is not a readable regular file. */
export class FileTokenError extends Error {
  override name = 'FileTokenError';
}

/** The token -> path map for one app run. */
export class FileTokenRegistry {
  private readonly pathsByToken = new Map<string, string>();

  /** Register a file the user chose; returns what the renderer may know about it. */
  async register(absolutePath: string): Promise<PickedFile> {
    if (!path.isAbsolute(absolutePath) || absolutePath.includes('\0')) {
      throw new FileTokenError('a picked file must have an absolute path');
    }
    const details = await stat(absolutePath).catch(() => null);
    if (details === null || !details.isFile()) throw new FileTokenError(`not a regular file: ${path.basename(absolutePath)}`);
    const token = randomBytes(18).toString('base64url');
    this.pathsByToken.set(token, absolutePath);
    return { token, name: path.basename(absolutePath), size: details.size };
  }

  /** Read up to `chunkSize` bytes at `offset`; shorter (or empty) at end of file. */
  async readChunk(token: string, offset: number, chunkSize: number): Promise<Uint8Array> {
    const absolutePath = this.pathsByToken.get(token);
    if (absolutePath === undefined) throw new FileTokenError('unknown file token');
    const handle = await open(absolutePath, 'r');
    try {
      const buffer = new Uint8Array(chunkSize);
      const { bytesRead } = await handle.read(buffer, 0, chunkSize, offset);
      // slice, not subarray: IPC structured clone would copy the whole backing buffer of a view.
      return bytesRead === chunkSize ? buffer : buffer.slice(0, bytesRead);
    } finally {
      await handle.close();
    }
  }

  /** Forget a token (e.g. after the renderer has imported the file). */
  forget(token: string): void {
    this.pathsByToken.delete(token);
  }
}
