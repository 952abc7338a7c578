import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { S3Client } from './s3Client.ts';

/** Where `lake publish` writes: a folder or an S3 prefix. Paths are lake-relative, `/`-separated. */
export interface LakeTarget {
  /** What to print for this lake. */
  readonly label: string;
  /** The bytes at a lake path, or null. */
  read(path: string): Promise<Uint8Array | null>;
  /** A local file native DuckDB may write the part for `path` to; commit() then makes it the lake's. */
  stagingFile(path: string): string;
  /** Move the staged file into the lake at `path` (a rename on disk, a PUT on S3). */
  commit(path: string): Promise<void>;
  /** Write small bytes (the catalog) at `path` atomically: temp + rename on disk, one PUT on S3. */
  write(path: string, bytes: Uint8Array): Promise<void>;
  /** Remove `path` (no error when it is gone). */
  remove(path: string): Promise<void>;
  /** Drop local staging files. */
  close(): void;
}

/** A lake in a local folder. */
export class FolderLakeTarget implements LakeTarget {
  readonly root: string;
  constructor(root: string) {
    this.root = resolve(root);
    this.label = this.root;
    mkdirSync(this.root, { recursive: true });
  }
  readonly label: string;

  async read(path: string): Promise<Uint8Array | null> {
    try {
      return readFileSync(join(this.root, path));
    } catch {
      return null;
    }
  }

  stagingFile(path: string): string {
    const file = join(this.root, `${path}.tmp`);
    mkdirSync(dirname(file), { recursive: true });
    return file;
  }

  async commit(path: string): Promise<void> {
    renameSync(join(this.root, `${path}.tmp`), join(this.root, path));
  }

  async write(path: string, bytes: Uint8Array): Promise<void> {
    const file = join(this.root, path);
    writeFileSync(`${file}.tmp`, bytes);
    renameSync(`${file}.tmp`, file);
  }

  async remove(path: string): Promise<void> {
    rmSync(join(this.root, path), { force: true });
  }

  close(): void {}
}

/** A lake under s3://bucket/prefix; parts are written to a local temp folder, then PUT. */
export class S3LakeTarget implements LakeTarget {
  readonly label: string;
  private readonly staging = mkdtempSync(join(tmpdir(), 'ym-lake-upload-'));
  private serial = 0;
  private readonly staged = new Map<string, string>();

  constructor(private readonly client: S3Client, bucket: string, private readonly prefix: string) {
    this.label = `s3://${bucket}/${prefix}`;
  }

  private key(path: string): string {
    return this.prefix ? `${this.prefix}/${path}` : path;
  }

  read(path: string): Promise<Uint8Array | null> {
    return this.client.get(this.key(path));
  }

  stagingFile(path: string): string {
    const file = join(this.staging, `part-${(this.serial += 1)}.parquet`);
    this.staged.set(path, file);
    return file;
  }

  async commit(path: string): Promise<void> {
    const file = this.staged.get(path);
    if (!file) throw new Error(`${path}: nothing staged`);
    await this.client.put(this.key(path), readFileSync(file));
    rmSync(file, { force: true });
    this.staged.delete(path);
  }

  async write(path: string, bytes: Uint8Array): Promise<void> {
    await this.client.put(this.key(path), bytes);
  }

  remove(path: string): Promise<void> {
    return this.client.delete(this.key(path));
  }

  close(): void {
    rmSync(this.staging, { recursive: true, force: true });
  }
}

/** `DIR` or `s3://bucket/prefix` (with the endpoint and credentials from the environment) as a target. */
export function lakeTarget(to: string, endpoint?: string, env: NodeJS.ProcessEnv = process.env): LakeTarget {
  const s3 = /^s3:\/\/([^/]+)\/?(.*)$/.exec(to);
  if (!s3) return new FolderLakeTarget(to);
  const [, bucket = '', prefix = ''] = s3;
  const url = endpoint ?? env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL ?? `https://s3.${env.AWS_REGION ?? 'us-east-1'}.amazonaws.com`;
  return new S3LakeTarget(S3Client.fromEnv(url, bucket, env), bucket, prefix.replace(/\/+$/, ''));
}
