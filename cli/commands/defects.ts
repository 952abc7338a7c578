/**
 * `yield-monitor defects killratio --workspace DIR [--lot L] [--json]`: the kill ratio of each KLARF
 * defect class over the tested dies of the inspected wafers (fail rate of dies with a defect of the
 * class minus fail rate of dies without any defect), from the workspace's `defects` and `dies`.
 */
import { killRatioSql } from '../../shared/sql/mapImportSql.ts';
import { openScreeningWorkspace, parseOptions } from './screeningOptions.ts';

const usage = `Usage: yield-monitor defects killratio --workspace DIR [--lot L] [--json]
`;

function fail(message: string): number {
  process.stderr.write(`yield-monitor defects: ${message}\n${usage}`);
  return 2;
}

/** Entry point: 0 on success, 1 when the workspace cannot be read, 2 on a usage error. */
export async function run(args: string[]): Promise<number> {
  if (args[0] !== 'killratio') return fail('expected "defects killratio"');
  const options = parseOptions(args.slice(1), ['workspace', 'lot'], ['json']);
  if (typeof options === 'string') return fail(options);
  const folder = options.values.get('workspace');
  if (!folder) return fail('--workspace is required');
  let engine;
  try {
    engine = await openScreeningWorkspace(args, folder);
  } catch (error) {
    process.stderr.write(`yield-monitor defects: ${(error as Error).message}\n`);
    return 1;
  }
  try {
    const statement = killRatioSql(options.values.get('lot') ?? null);
    const classes = (await engine.query(statement.sql, statement.params)).toArray().map((row) => ({
      className: String(row.class_name), diesWithDefect: Number(row.dies_with_defect), failRateWith: Number(row.fail_rate_with),
      failRateWithout: Number(row.fail_rate_without), killRatio: Number(row.kill_ratio),
    }));
    if (options.switches.has('json')) {
      process.stdout.write(`${JSON.stringify({ lot: options.values.get('lot') ?? null, classes })}\n`);
      return 0;
    }
    if (classes.length === 0) process.stdout.write('no defects on tested dies\n');
    for (const entry of classes) {
      process.stdout.write(`${entry.className}\t${entry.diesWithDefect} dies\tfail ${(entry.failRateWith * 100).toFixed(1)}% vs ${(entry.failRateWithout * 100).toFixed(1)}% without\tkill ratio ${entry.killRatio.toFixed(3)}\n`);
    }
    return 0;
  } finally {
    engine.close();
  }
}
