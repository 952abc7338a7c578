/**
 * `yield-monitor commonality --workspace DIR --response R [--product P] [--from D --to D] [--lots L1,L2] [--json]`:
 * rank process steps, tools, chambers, recipes and tester-side equipment by association with a
 * yield response and print the ranked table (or, with --json, an array in rank order).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  formatCommonalityResponse,
  parseCommonalityResponse,
  populationBound,
  runCommonality,
  type CommonalityFinding,
  type CommonalityRun,
  type CommonalityRequest,
} from '../../shared/analysis/commonality.ts';
import { engineKindOption, openNodeEngine, openOnDemand } from '../../node/workspace/openWorkspace.ts';
import type { ClickHouseSqlEngine } from '../../node/engine/clickhouseEngine.ts';
import { openClickHouseEngine } from '../../node/engine/clickhouseTransports.ts';
import { clickhouseDialect, type SqlDialect } from '../../shared/sql/dialect.ts';
import { formatProbability } from '../../shared/util/format.ts';
import type { NativeSqlEngine } from '../../node/engine/nativeEngine.ts';
import { openLakeEngine } from '../../node/lake/openLake.ts';

const usage = `Usage: yield-monitor commonality --workspace DIR --response RESPONSE [options]
       yield-monitor commonality --lake DIR --response RESPONSE [options]
       yield-monitor commonality --engine clickhouse --lake DIR|URL [--clickhouse URL] --response RESPONSE [options]

  --response R      wafer-yield | lot-yield | bin:N (fraction of dies in hard bin N) | test:NUM (test mean per wafer)
  --product P       only this product
  --from DATE       wafers whose test started on or after DATE (YYYY-MM-DD or ISO time, UTC)
  --to DATE         ... and on or before DATE (a bare date includes that whole day)
  --lots L1,L2      only these lots
  --json            print an array in rank order instead of a table
  --engine E        native (default), wasm (the browser's engine) or clickhouse (over a published lake)
  --lake L          a published lake folder instead of a workspace (native DuckDB, read-only); with
                    --engine clickhouse: the lake (folder, s3://bucket/prefix or http(s) URL)
  --clickhouse URL  with --engine clickhouse: the server (http://host:8123); chDB in-process when absent
  --endpoint URL    S3-compatible endpoint for an s3:// lake
`;

const valueFlags = ['workspace', 'response', 'product', 'from', 'to', 'lots', 'engine', 'lake', 'clickhouse', 'endpoint'] as const;
type ValueFlag = (typeof valueFlags)[number];

/** Parsed command line, or an error message. */
function parseArguments(args: readonly string[]): { values: Partial<Record<ValueFlag, string>>; json: boolean } | string {
  const values: Partial<Record<ValueFlag, string>> = {};
  let json = false;
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index] ?? '';
    if (arg === '--json') {
      json = true;
      continue;
    }
    const name = arg.replace(/^--/, '') as ValueFlag;
    const value = args[index + 1];
    if (!arg.startsWith('--') || !valueFlags.includes(name)) return `unknown argument "${arg}"`;
    if (value === undefined || value.startsWith('--')) return `${arg} needs a value`;
    values[name] = value;
    index += 1;
  }
  if (values.engine === 'clickhouse' && !values.lake) return '--engine clickhouse needs --lake';
  if (values.workspace && values.lake) return 'choose one of --workspace and --lake';
  if (!values.workspace && !values.lake) return '--workspace is required';
  if (!values.response) return '--response is required';
  return { values, json };
}

function buildRequest(values: Partial<Record<ValueFlag, string>>): CommonalityRequest {
  const lots = values.lots?.split(',').map((lot) => lot.trim()).filter((lot) => lot.length > 0) ?? null;
  return {
    response: parseCommonalityResponse(values.response ?? ''),
    population: { product: values.product ?? null, from: populationBound(values.from, 'from'), to: populationBound(values.to, 'to'), lots },
  };
}

/** The JSON shape the issue specifies, plus ANOVA p, eta squared, partners and the drop date. */
function jsonFinding(finding: CommonalityFinding): Record<string, unknown> {
  return {
    step: finding.step,
    factor: finding.factor,
    worstLevel: finding.worstLevel,
    p: finding.p,
    pAdjusted: finding.pAdjusted,
    effect: finding.effect,
    groups: finding.groups.map((group) => ({ level: group.level, n: group.n, median: group.median })),
    flags: finding.flags,
    pAnova: finding.pAnova,
    etaSquared: finding.etaSquared,
    confoundedWith: finding.confoundedWith,
    worstLevelSince: finding.worstLevelSince,
    kind: finding.kind,
    change: finding.change === null ? null : { ...finding.change, since: finding.change.since === null ? null : new Date(finding.change.since).toISOString() },
    changePAdjusted: finding.changePAdjusted,
  };
}

function formatP(value: number | null): string {
  return value === null ? '-' : formatProbability(value, 4, 2);
}

function flagText(finding: CommonalityFinding): string {
  return finding.flags.map((flag) => (flag === 'confounded' ? `confounded with ${finding.confoundedWith.join(', ')}` : flag)).join('; ');
}

/** Fixed-width text table, one line per factor in rank order; the time windows (weeks) under their own heading after the equipment. */
export function formatCommonalityTable(findings: readonly CommonalityFinding[]): string {
  const header = ['#', 'step', 'factor', 'worst level', 'since', 'p', 'p adj', 'change z', 'effect', 'eta2', 'group sizes', 'flags'];
  const lines = findings.map((finding, index) => [
    String(index + 1),
    finding.step,
    finding.factor,
    finding.worstLevel ?? '-',
    finding.worstLevelSince?.slice(0, 10) ?? '',
    formatP(finding.p),
    formatP(finding.pAdjusted),
    finding.change === null ? '-' : finding.change.z.toFixed(1),
    finding.effect.toFixed(4),
    finding.etaSquared === null ? '-' : finding.etaSquared.toFixed(3),
    finding.groups.map((group) => group.n).join('/'),
    flagText(finding),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => (line[column] ?? '').length)));
  const render = (cells: readonly string[]): string => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  const firstWhen = findings.findIndex((finding) => finding.kind === 'when');
  const rendered = lines.map(render);
  if (firstWhen >= 0) rendered.splice(firstWhen, 0, 'time (when): processing week');
  return [render(header), ...rendered].join('\n');
}

function printRun(result: CommonalityRun, request: CommonalityRequest, json: boolean): void {
  if (json) process.stdout.write(`${JSON.stringify(result.findings.map(jsonFinding), null, 1)}\n`);
  else process.stdout.write(`commonality of ${formatCommonalityResponse(request.response)} over ${result.units} ${request.response.kind === 'lot-yield' ? 'lots' : 'wafers'}\n${formatCommonalityTable(result.findings)}\n`);
}

/**
 * The analysis on an engine over a published lake: ClickHouse (issue #17 §2) with its dialect, or
 * native DuckDB over a lake folder opened read-only (issue #17 §1).
 */
async function runOnLakeEngine(open: () => Promise<ClickHouseSqlEngine | NativeSqlEngine>, dialect: SqlDialect | undefined, request: CommonalityRequest, json: boolean): Promise<number> {
  let engine: ClickHouseSqlEngine | NativeSqlEngine | null = null;
  try {
    engine = await open();
    printRun(await runCommonality(engine, request, dialect), request, json);
    return 0;
  } catch (error) {
    process.stderr.write(`commonality failed: ${(error as Error).message}\n`);
    return 1;
  } finally {
    engine?.close();
  }
}

/** Entry point: returns 0 on success, 1 when the analysis fails, 2 on a usage error. */
export async function run(args: string[]): Promise<number> {
  const parsed = parseArguments(args);
  if (typeof parsed === 'string') {
    process.stderr.write(`${parsed}\n${usage}`);
    return 2;
  }
  let request: CommonalityRequest;
  try {
    request = buildRequest(parsed.values);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${usage}`);
    return 2;
  }
  const { lake, clickhouse, endpoint } = parsed.values;
  if (parsed.values.engine === 'clickhouse') {
    return runOnLakeEngine(() => openClickHouseEngine({ lake: lake ?? '', server: clickhouse, endpoint }), clickhouseDialect, request, parsed.json);
  }
  if (lake) return runOnLakeEngine(() => openLakeEngine(lake), undefined, request, parsed.json);
  const folder = parsed.values.workspace ?? '';
  if (!existsSync(join(folder, 'manifest.json'))) {
    process.stderr.write(`${folder}: not a workspace (no manifest.json); import data first with yield-monitor import\n`);
    return 1;
  }
  const engine = await openNodeEngine(engineKindOption(args));
  try {
    // The parametric results and insertions load only for a test response (its final values).
    const { engine: onDemand } = await openOnDemand(engine, folder);
    printRun(await runCommonality(onDemand, request), request, parsed.json);
    return 0;
  } catch (error) {
    process.stderr.write(`commonality failed: ${(error as Error).message}\n`);
    return 1;
  } finally {
    engine.close();
  }
}
