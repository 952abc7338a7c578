import type { HostApi, OpenFilesOptions, PickedFile, SaveResult, WorkspaceStore } from '@shared/host/hostApi';

/** Workspace in the browser's origin-private file system (OPFS), under a `workspace` folder. */
export class OpfsWorkspace implements WorkspaceStore {
  private async root(): Promise<FileSystemDirectoryHandle> {
    const storage = await navigator.storage.getDirectory();
    return storage.getDirectoryHandle('workspace', { create: true });
  }

  private async folderOf(relativePath: string, create: boolean): Promise<[FileSystemDirectoryHandle, string]> {
    const parts = relativePath.split('/').filter((part) => part.length > 0);
    if (parts.some((part) => part === '..' || part === '.')) throw new Error(`invalid workspace path: ${relativePath}`);
    const name = parts.pop();
    if (!name) throw new Error(`invalid workspace path: ${relativePath}`);
    let folder = await this.root();
    for (const part of parts) folder = await folder.getDirectoryHandle(part, { create });
    return [folder, name];
  }

  async describe(): Promise<string> {
    return 'browser storage (OPFS)';
  }

  /** The File behind a workspace path, for lazy registration with DuckDB. */
  async getFile(relativePath: string): Promise<File | null> {
    try {
      const [folder, name] = await this.folderOf(relativePath, false);
      return await (await folder.getFileHandle(name)).getFile();
    } catch {
      return null;
    }
  }

  async readFile(relativePath: string): Promise<Uint8Array | null> {
    const file = await this.getFile(relativePath);
    return file ? new Uint8Array(await file.arrayBuffer()) : null;
  }

  async writeFile(relativePath: string, bytes: Uint8Array): Promise<void> {
    const [folder, name] = await this.folderOf(relativePath, true);
    // Chromium's createWritable writes to a swap file and swaps it in on close(): the old
    // content stays intact until the new one is complete, so the write is atomic.
    const writable = await (await folder.getFileHandle(name, { create: true })).createWritable();
    await writable.write(bytes as Uint8Array<ArrayBuffer>);
    await writable.close();
  }

  async removeFile(relativePath: string): Promise<void> {
    try {
      const [folder, name] = await this.folderOf(relativePath, false);
      await folder.removeEntry(name);
    } catch {
      // Already gone.
    }
  }

  async listFiles(folderPath: string): Promise<string[]> {
    const paths: string[] = [];
    try {
      let folder = await this.root();
      for (const part of folderPath.split('/').filter(Boolean)) folder = await folder.getDirectoryHandle(part);
      for await (const [name, handle] of (folder as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }).entries()) {
        if (handle.kind === 'file') paths.push(`${folderPath.replace(/\/$/, '')}/${name}`);
      }
    } catch {
      // Missing folder: nothing listed.
    }
    return paths.sort();
  }
}

/** The browser host: file inputs, OPFS workspace, downloads, the Notification API. */
export class BrowserHost implements HostApi {
  readonly kind = 'browser' as const;
  readonly workspace = new OpfsWorkspace();
  private readonly files = new Map<string, File>();
  private nextToken = 1;

  /** Remember a File (from an input or a drop) and hand out its token. */
  adoptFile(file: File): PickedFile {
    const token = `file-${this.nextToken++}`;
    this.files.set(token, file);
    return { token, name: file.name, size: file.size };
  }

  async openFiles(options: OpenFilesOptions): Promise<PickedFile[]> {
    const input = document.createElement('input');
    input.type = 'file';
    input.multiple = true;
    input.accept = options.filters.flatMap((filter) => filter.extensions.map((extension) => `.${extension}`)).join(',');
    return new Promise((resolve) => {
      input.addEventListener('change', () => resolve([...(input.files ?? [])].map((file) => this.adoptFile(file))));
      input.addEventListener('cancel', () => resolve([]));
      input.click();
    });
  }

  async readFileChunk(token: string, offset: number, chunkSize: number): Promise<Uint8Array> {
    const file = this.files.get(token);
    if (!file) throw new Error(`unknown file token ${token}`);
    return new Uint8Array(await file.slice(offset, offset + chunkSize).arrayBuffer());
  }

  async releaseFile(token: string): Promise<void> {
    this.files.delete(token);
  }

  async saveExport(suggestedName: string, bytes: Uint8Array, mimeType: string): Promise<SaveResult> {
    const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mimeType }));
    const link = document.createElement('a');
    link.href = url;
    link.download = suggestedName;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    return { saved: true, location: suggestedName };
  }

  async notify(title: string, body: string): Promise<void> {
    if (!('Notification' in window)) return;
    if (Notification.permission === 'default') await Notification.requestPermission();
    if (Notification.permission === 'granted') new Notification(title, { body });
  }
}
