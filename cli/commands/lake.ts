/**
 * `yield-monitor lake publish --workspace DIR --to DIR|s3://bucket/prefix [--endpoint URL]`: the
 * workspace's canonical tables as a Hive-partitioned zstd Parquet lake with catalog.json
 * (node/lake/), idempotent by import id (issue #17 §1).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { lakeTarget } from '../../node/lake/lakeTarget.ts';
import { publishLake } from '../../node/lake/publishLake.ts';

const usage = `Usage: yield-monitor lake publish --workspace DIR --to DIR|s3://bucket/prefix [--endpoint URL]

  Writes every import of the workspace not yet in the lake as <table>/product=P/lot=L/part-<import>.parquet
  (zstd) and updates <lake>/catalog.json last; an import the workspace no longer has is removed.
  Publishing an unchanged workspace writes nothing.
  --endpoint URL  S3-compatible endpoint (MinIO, ...) for an s3:// lake; credentials from
                  AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (AWS_REGION, default us-east-1)
`;

/** Entry point: 0 on success, 1 when publishing fails, 2 on a usage error. */
export async function run(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  const values = new Map<string, string>();
  let problem = action === 'publish' ? '' : `unknown lake action "${action ?? ''}"`;
  for (let index = 0; index < rest.length && !problem; index += 1) {
    const flag = rest[index] ?? '';
    const value = rest[index + 1];
    if (!['--workspace', '--to', '--endpoint'].includes(flag) || value === undefined) {
      problem = `unknown or incomplete option ${flag}`;
    } else {
      values.set(flag, value);
      index += 1;
    }
  }
  const workspace = values.get('--workspace');
  const to = values.get('--to');
  if (!problem && (!workspace || !to)) problem = 'lake publish needs --workspace and --to';
  if (problem || !workspace || !to) {
    process.stderr.write(`${problem}\n${usage}`);
    return 2;
  }
  if (!existsSync(join(workspace, 'manifest.json'))) {
    process.stderr.write(`${workspace}: not a workspace (no manifest.json)\n`);
    return 1;
  }
  let target;
  try {
    target = lakeTarget(to, values.get('--endpoint'));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  try {
    const summary = await publishLake(workspace, target);
    for (const entry of summary.added) process.stdout.write(`added ${entry.importId} (${entry.source}): ${entry.parts} parts, ${entry.rows} rows\n`);
    for (const entry of summary.removed) process.stdout.write(`removed ${entry.importId} (${entry.source}): ${entry.parts} parts\n`);
    process.stdout.write(`${target.label}: ${summary.added.length} imports added, ${summary.removed.length} removed\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`lake publish failed: ${(error as Error).message}\n`);
    return 1;
  } finally {
    target.close();
  }
}
