import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  listWorkspaceFiles,
  readWorkspaceFile,
  removeWorkspaceFile,
  resolveWorkspacePath,
  WorkspacePathError,
  writeFileAtomic,
} from '../../node/workspace/workspaceFiles.ts';

let workspaceRoot = '';
const encoder = new TextEncoder();

beforeEach(async () => {
  workspaceRoot = await mkdtemp(path.join(tmpdir(), 'ym-workspace-'));
});
afterEach(async () => {
  await rm(workspaceRoot, { recursive: true, force: true });
});

describe('resolveWorkspacePath', () => {
  const accepted: [string, string[]][] = [
    ['manifest.json', ['manifest.json']],
    ['parquet/lot-A123/wafer_01.parquet', ['parquet', 'lot-A123', 'wafer_01.parquet']],
    ['parquet/', ['parquet']],
    ['..hidden', ['..hidden']],
    ['a/b..c', ['a', 'b..c']],
  ];
  it.each(accepted)('accepts %s', (relativePath, segments) => {
    expect(resolveWorkspacePath(workspaceRoot, relativePath)).toBe(path.join(workspaceRoot, ...segments));
  });

  const rejected: [string, string][] = [
    ['parent folder', '../outside.txt'],
    ['parent after a folder', 'parquet/../../outside.txt'],
    ['parent that would stay inside', 'parquet/../manifest.json'],
    ['only dots', '..'],
    ['current-folder segment', './manifest.json'],
    ['empty segment', 'parquet//a.parquet'],
    ['posix absolute', '/etc/passwd'],
    ['windows drive', 'C:/Windows/win.ini'],
    ['windows drive-relative', 'C:evil.txt'],
    ['backslash traversal', '..\\outside.txt'],
    ['UNC path', '\\\\server\\share\\x'],
    ['NUL byte', 'manifest.json\0.png'],
    ['empty path', ''],
  ];
  it.each(rejected)('rejects %s', (_label, relativePath) => {
    expect(() => resolveWorkspacePath(workspaceRoot, relativePath)).toThrow(WorkspacePathError);
  });

  it('accepts the empty path as the root only when asked', () => {
    expect(resolveWorkspacePath(workspaceRoot, '', true)).toBe(path.resolve(workspaceRoot));
  });
});

describe('writeFileAtomic', () => {
  it('creates folders and replaces the previous content', async () => {
    await writeFileAtomic(workspaceRoot, 'parquet/lot1.parquet', encoder.encode('first version'));
    await writeFileAtomic(workspaceRoot, 'parquet/lot1.parquet', encoder.encode('second'));
    const written = await readFile(path.join(workspaceRoot, 'parquet', 'lot1.parquet'), 'utf8');
    expect(written).toBe('second');
    expect(await readdir(path.join(workspaceRoot, 'parquet'))).toEqual(['lot1.parquet']);
  });

  it('writes the full bytes to a temporary file in the same folder, then renames it', async () => {
    const renames: { fromPath: string; toPath: string; contentAtRename: string }[] = [];
    const recordingRename = async (fromPath: string, toPath: string): Promise<void> => {
      renames.push({ fromPath, toPath, contentAtRename: await readFile(fromPath, 'utf8') });
      const { rename } = await import('node:fs/promises');
      await rename(fromPath, toPath);
    };
    await writeFileAtomic(workspaceRoot, 'lots/manifest.json', encoder.encode('{"lots":3}'), recordingRename);
    expect(renames).toHaveLength(1);
    const [step] = renames;
    expect(step?.toPath).toBe(path.join(workspaceRoot, 'lots', 'manifest.json'));
    expect(path.dirname(step?.fromPath ?? '')).toBe(path.join(workspaceRoot, 'lots'));
    expect(step?.fromPath).not.toBe(step?.toPath);
    expect(step?.contentAtRename).toBe('{"lots":3}');
  });

  it('keeps the previous file and removes the temporary one when the rename fails', async () => {
    await writeFileAtomic(workspaceRoot, 'manifest.json', encoder.encode('version 1'));
    const crashingRename = async (): Promise<void> => {
      throw new Error('simulated power loss before rename');
    };
    await expect(writeFileAtomic(workspaceRoot, 'manifest.json', encoder.encode('version 2, longer'), crashingRename)).rejects.toThrow(
      'simulated power loss',
    );
    expect(await readFile(path.join(workspaceRoot, 'manifest.json'), 'utf8')).toBe('version 1');
    expect(await readdir(workspaceRoot)).toEqual(['manifest.json']);
  });

  it('is not disturbed by a temporary file a crashed write left behind', async () => {
    await writeFileAtomic(workspaceRoot, 'manifest.json', encoder.encode('version 1'));
    const leftover = path.join(workspaceRoot, '.manifest.json.0123456789ab.ym-tmp');
    await writeFile(leftover, 'versi');
    expect(new TextDecoder().decode((await readWorkspaceFile(workspaceRoot, 'manifest.json')) ?? undefined)).toBe('version 1');
    expect(await listWorkspaceFiles(workspaceRoot, '')).toEqual(['manifest.json']);
    await writeFileAtomic(workspaceRoot, 'manifest.json', encoder.encode('version 2'));
    expect(await readFile(path.join(workspaceRoot, 'manifest.json'), 'utf8')).toBe('version 2');
  });

  it('refuses to write outside the workspace', async () => {
    await expect(writeFileAtomic(workspaceRoot, '../escaped.txt', encoder.encode('x'))).rejects.toThrow(WorkspacePathError);
    expect(await readdir(path.dirname(workspaceRoot))).not.toContain('escaped.txt');
  });
});

describe('reading, listing and removing', () => {
  it('reads null for a missing file and ignores removing one', async () => {
    expect(await readWorkspaceFile(workspaceRoot, 'missing.parquet')).toBeNull();
    await expect(removeWorkspaceFile(workspaceRoot, 'missing.parquet')).resolves.toBeUndefined();
  });

  it('lists files recursively with forward slashes, sorted, and an empty list for a missing folder', async () => {
    for (const relativePath of ['parquet/b.parquet', 'parquet/a.parquet', 'parquet/lot2/c.parquet', 'manifest.json']) {
      await writeFileAtomic(workspaceRoot, relativePath, encoder.encode(relativePath));
    }
    expect(await listWorkspaceFiles(workspaceRoot, 'parquet')).toEqual(['parquet/a.parquet', 'parquet/b.parquet', 'parquet/lot2/c.parquet']);
    expect(await listWorkspaceFiles(workspaceRoot, '')).toHaveLength(4);
    expect(await listWorkspaceFiles(workspaceRoot, 'nothing-here')).toEqual([]);
    await removeWorkspaceFile(workspaceRoot, 'parquet/a.parquet');
    expect(await readWorkspaceFile(workspaceRoot, 'parquet/a.parquet')).toBeNull();
  });
});

describe('symbolic links inside the workspace', () => {
  let outside = '';
  beforeEach(async () => {
    // A folder next to the workspace with a file nobody may reach through the workspace.
    outside = await mkdtemp(path.join(tmpdir(), 'ym-outside-'));
    await writeFile(path.join(outside, 'secret.txt'), 'not workspace data');
    await symlink(outside, path.join(workspaceRoot, 'linked-folder'));
    await symlink(path.join(outside, 'secret.txt'), path.join(workspaceRoot, 'linked-file.parquet'));
    await writeFileAtomic(workspaceRoot, 'parquet/real.parquet', encoder.encode('PAR1'));
  });
  afterEach(async () => {
    await rm(outside, { recursive: true, force: true });
  });

  it('refuses to read through a linked file or folder', async () => {
    await expect(readWorkspaceFile(workspaceRoot, 'linked-file.parquet')).rejects.toThrow(WorkspacePathError);
    await expect(readWorkspaceFile(workspaceRoot, 'linked-folder/secret.txt')).rejects.toThrow(WorkspacePathError);
  });

  it('refuses to write through a linked folder or over a link, and leaves the target alone', async () => {
    await expect(writeFileAtomic(workspaceRoot, 'linked-folder/planted.parquet', encoder.encode('x'))).rejects.toThrow(WorkspacePathError);
    await expect(writeFileAtomic(workspaceRoot, 'linked-folder/new/deeper.parquet', encoder.encode('x'))).rejects.toThrow(WorkspacePathError);
    await expect(writeFileAtomic(workspaceRoot, 'linked-file.parquet', encoder.encode('x'))).rejects.toThrow(WorkspacePathError);
    expect(await readdir(outside)).toEqual(['secret.txt']);
    expect(await readFile(path.join(outside, 'secret.txt'), 'utf8')).toBe('not workspace data');
  });

  it('refuses to remove through a linked folder', async () => {
    await expect(removeWorkspaceFile(workspaceRoot, 'linked-folder/secret.txt')).rejects.toThrow(WorkspacePathError);
    expect(await readdir(outside)).toEqual(['secret.txt']);
  });

  it('lists neither links nor what they point to, and refuses to list a linked folder', async () => {
    await mkdir(path.join(workspaceRoot, 'parquet', 'nested'));
    await symlink(outside, path.join(workspaceRoot, 'parquet', 'nested', 'escape'));
    expect(await listWorkspaceFiles(workspaceRoot, '')).toEqual(['parquet/real.parquet']);
    await expect(listWorkspaceFiles(workspaceRoot, 'linked-folder')).rejects.toThrow(WorkspacePathError);
  });

  it('follows a workspace root that is itself a link (the user chose that folder)', async () => {
    const linkedRoot = path.join(outside, 'workspace-link');
    await symlink(workspaceRoot, linkedRoot);
    expect(await listWorkspaceFiles(linkedRoot, '')).toEqual(['parquet/real.parquet']);
    expect(new TextDecoder().decode((await readWorkspaceFile(linkedRoot, 'parquet/real.parquet')) ?? undefined)).toBe('PAR1');
  });
});
