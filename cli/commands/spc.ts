/**
 * `yield-monitor spc compute --chart TYPE --csv FILE [...]`: compute a control chart from a CSV and
 * print it as a table or, with --json, as one JSON object. Variables charts read one value per row
 * (grouped by --subgroup); attribute charts read one row per subgroup (--count and --size columns).
 */
import { existsSync, mkdirSync } from 'node:fs';
import type { SqlEngine } from '../../shared/engine/sqlEngine.ts';
import type { NodeEngineKind } from '../../node/workspace/openWorkspace.ts';
import { readFile } from 'node:fs/promises';
import {
  cChart,
  cusumChart,
  ewmaChart,
  individualsChart,
  npChart,
  pChart,
  parseRuleSelection,
  uChart,
  xbarRChart,
  xbarSChart,
  type ChartKind,
  type ChartOptions,
  type ChartSeries,
  type ControlChart,
} from '../../shared/spc/index.ts';

const CHART_KINDS: readonly ChartKind[] = ['xbar-r', 'xbar-s', 'imr', 'p', 'np', 'c', 'u', 'ewma', 'cusum'];
const VALUE_FLAGS = ['chart', 'csv', 'value', 'subgroup', 'size', 'count', 'rules', 'lambda', 'k', 'h', 'target', 'sigma', 'd2'];

const usage = `Usage: yield-monitor spc compute --chart TYPE --csv FILE [options]
       yield-monitor spc evaluate --workspace DIR [--gap N] [--json]
       yield-monitor spc evaluate --engine clickhouse --lake DIR|URL [--clickhouse URL] [--endpoint URL] --workspace DIR [--gap N] [--json]

  evaluate          evaluate every chart definition of the workspace (creating the defaults when
                    there are none), record new episodes (one chart + rule family over violating
                    subgroups at most --gap N apart, default 25: one lot of wafers), print the episodes not closed
                    (--json: {charts, newEpisodes, episodes: [...]} with every episode); exit status
                    1 when new episodes were raised, 0 otherwise, 2 on bad usage
  --engine clickhouse  evaluate on ClickHouse over a published lake (--lake: folder, s3://bucket/prefix or
                    http(s) URL; --clickhouse URL: a server, else chDB in-process; --endpoint: S3 endpoint);
                    the chart points come from the lake, while the chart definitions, limits and episode log
                    stay in the --workspace folder (created when missing). Free-SQL metrics need the embedded engine.

  --chart TYPE      ${CHART_KINDS.join(', ')}
  --csv FILE        CSV with a header row (RFC 4180 quoting)
  --value COL       measurement column for xbar-r, xbar-s, imr, ewma, cusum (default "value")
  --subgroup COL    subgroup column; rows with equal keys form one subgroup, in order of appearance
                    (required for xbar-r/xbar-s; without it imr/ewma/cusum treat each row alone)
  --count COL       nonconforming / defect count column for p, np, c, u (default "count")
  --size COL        subgroup size column for p, np, u (default "size"; optional for c)
  --rules SET       we (default), nelson, none, or a list such as 1,2,5 (Nelson numbers) or WE1,N3
  --lambda L        EWMA weight (default 0.2)
  --k K  --h H      CUSUM reference value and decision interval in standard errors (0.5, 5)
  --target T        phase II: fixed in-control mean (p-bar for p/np, c-bar for c, u-bar for u)
  --sigma S         phase II: fixed in-control process sigma (variables charts)
  --d2 exact|textbook  range constant d2: exact (default, as SAS/Minitab) or 3-decimal table (qcc)
  --json            print one JSON object instead of a table
`;

/** Parse RFC 4180 CSV text into rows of cells (quoted fields, doubled quotes, CRLF, embedded newlines). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index];
    if (quoted) {
      if (character === '"' && text[index + 1] === '"') {
        cell += '"';
        index += 1;
      } else if (character === '"') quoted = false;
      else cell += character;
    } else if (character === '"') quoted = true;
    else if (character === ',') {
      row.push(cell);
      cell = '';
    } else if (character === '\n' || character === '\r') {
      if (character === '\r' && text[index + 1] === '\n') index += 1;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += character;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows.filter((cells) => !(cells.length === 1 && cells[0]?.trim() === ''));
}

/** Parsed command-line options of `spc compute`. */
interface ComputeArguments {
  flags: Map<string, string>;
  json: boolean;
}

/** Split `--flag value` pairs; throws on unknown flags or missing values. */
function parseArguments(args: readonly string[]): ComputeArguments {
  const flags = new Map<string, string>();
  let json = false;
  for (let index = 0; index < args.length; index += 1) {
    const argument = args[index] ?? '';
    if (argument === '--json') json = true;
    else if (argument.startsWith('--') && VALUE_FLAGS.includes(argument.slice(2))) {
      const value = args[index + 1];
      if (value === undefined) throw new Error(`${argument} needs a value`);
      flags.set(argument.slice(2), value);
      index += 1;
    } else throw new Error(`unknown argument "${argument}"`);
  }
  return { flags, json };
}

/** A numeric flag, or undefined when absent. */
function numericFlag(flags: Map<string, string>, name: string): number | undefined {
  const text = flags.get(name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value)) throw new Error(`--${name} must be a number, got "${text}"`);
  return value;
}

/** CSV rows as header-indexed accessors. */
class CsvTable {
  constructor(
    private readonly header: string[],
    readonly rows: string[][],
  ) {}

  /** Column position, or an error naming the available columns. */
  column(name: string): number {
    const position = this.header.indexOf(name);
    if (position < 0) throw new Error(`column "${name}" not found (columns: ${this.header.join(', ')})`);
    return position;
  }

  /** Whether the header has this column. */
  has(name: string): boolean {
    return this.header.includes(name);
  }

  /** Numeric cell; empty cells give NaN, other non-numbers are errors. */
  number(row: readonly string[], position: number, rowNumber: number): number {
    const text = (row[position] ?? '').trim();
    if (text === '') return Number.NaN;
    const value = Number(text);
    if (!Number.isFinite(value)) throw new Error(`row ${rowNumber}: "${text}" is not a number`);
    return value;
  }
}

/** Values grouped into subgroups (order of first appearance), or one subgroup per row. */
function readSubgroups(table: CsvTable, flags: Map<string, string>, requireSubgroup: boolean): number[][] {
  const valuePosition = table.column(flags.get('value') ?? 'value');
  const subgroupName = flags.get('subgroup');
  if (requireSubgroup && subgroupName === undefined) throw new Error('this chart needs --subgroup COL');
  const subgroupPosition = subgroupName === undefined ? -1 : table.column(subgroupName);
  const groups = new Map<string, number[]>();
  table.rows.forEach((row, offset) => {
    const value = table.number(row, valuePosition, offset + 2);
    if (Number.isNaN(value)) return;
    const key = subgroupPosition < 0 ? String(offset) : (row[subgroupPosition] ?? '');
    const group = groups.get(key) ?? [];
    group.push(value);
    groups.set(key, group);
  });
  return [...groups.values()];
}

/** Count and size columns of an attribute chart (sizes default to 1 for a c chart without --size). */
function readCounts(table: CsvTable, flags: Map<string, string>, sizeOptional: boolean): { counts: number[]; sizes: number[] } {
  const countPosition = table.column(flags.get('count') ?? 'count');
  const sizeName = flags.get('size') ?? 'size';
  const sizePosition = sizeOptional && !flags.has('size') && !table.has(sizeName) ? -1 : table.column(sizeName);
  const counts = table.rows.map((row, offset) => table.number(row, countPosition, offset + 2));
  const sizes = table.rows.map((row, offset) => (sizePosition < 0 ? 1 : table.number(row, sizePosition, offset + 2)));
  return { counts, sizes };
}

/** Compute the requested chart from the table. */
function computeChart(kind: ChartKind, table: CsvTable, flags: Map<string, string>): ControlChart {
  const convention = flags.get('d2') ?? 'exact';
  if (convention !== 'exact' && convention !== 'textbook') throw new Error('--d2 must be exact or textbook');
  const options: ChartOptions = {
    constants: convention,
    rules: parseRuleSelection(flags.get('rules') ?? 'we'),
    target: numericFlag(flags, 'target'),
    sigma: numericFlag(flags, 'sigma'),
  };
  switch (kind) {
    case 'xbar-r':
      return xbarRChart(readSubgroups(table, flags, true), options);
    case 'xbar-s':
      return xbarSChart(readSubgroups(table, flags, true), options);
    case 'imr':
      return individualsChart(readSubgroups(table, flags, false).flat(), options);
    case 'ewma':
      return ewmaChart(readSubgroups(table, flags, false), { ...options, lambda: numericFlag(flags, 'lambda') });
    case 'cusum':
      return cusumChart(readSubgroups(table, flags, false), { ...options, k: numericFlag(flags, 'k'), h: numericFlag(flags, 'h') });
    case 'c':
      return cChart(readCounts(table, flags, true).counts, options);
    case 'p':
    case 'np':
    case 'u': {
      const { counts, sizes } = readCounts(table, flags, false);
      return (kind === 'p' ? pChart : kind === 'np' ? npChart : uChart)(counts, sizes, options);
    }
  }
}

/** The JSON shape printed with --json. */
function chartJson(chart: ControlChart): Record<string, unknown> {
  const secondary = (series: ChartSeries) => ({
    center: series.center,
    points: series.points.map(({ index, value, lcl, ucl }) => ({ index, value, lcl, ucl })),
  });
  return {
    chart: chart.chart,
    center: chart.center,
    sigma: chart.sigma,
    points: chart.points.map(({ index, value, lcl, ucl, n }) => ({ index, value, lcl, ucl, n })),
    violations: chart.violations.map(({ index, rule }) => ({ index, rule })),
    ...(chart.secondary ? { secondary: secondary(chart.secondary) } : {}),
  };
}

/** Fixed-width number for the table. */
function formatNumber(value: number): string {
  return (Number.isFinite(value) ? value.toPrecision(7) : '-').padStart(14);
}

/** The readable table printed without --json. */
function chartTable(chart: ControlChart): string {
  const rulesAt = new Map<number, string[]>();
  for (const { index, rule } of chart.violations) rulesAt.set(index, [...(rulesAt.get(index) ?? []), rule]);
  const lines = [
    `chart ${chart.chart}   center ${chart.center.toPrecision(7)}   sigma ${chart.sigma.toPrecision(7)}`,
    `${'index'.padStart(6)}${'n'.padStart(6)}${'value'.padStart(14)}${'lcl'.padStart(14)}${'ucl'.padStart(14)}  signals`,
    ...chart.points.map(
      (point) =>
        `${String(point.index).padStart(6)}${String(point.n).padStart(6)}${formatNumber(point.value)}${formatNumber(point.lcl)}${formatNumber(point.ucl)}  ${(rulesAt.get(point.index) ?? []).join(' ')}`,
    ),
    `${chart.violations.length} signal(s)`,
  ];
  if (chart.secondary) lines.push(`secondary chart center ${chart.secondary.center.toPrecision(7)} (use --json for its points)`);
  return `${lines.join('\n')}\n`;
}

/** Run `spc compute`; returns 0 on success and 2 on bad usage or input. */
async function compute(args: readonly string[]): Promise<number> {
  const { flags, json } = parseArguments(args);
  const kind = flags.get('chart');
  if (!kind || !CHART_KINDS.includes(kind as ChartKind)) throw new Error(`--chart must be one of ${CHART_KINDS.join(', ')}`);
  const file = flags.get('csv');
  if (!file) throw new Error('--csv FILE is required');
  const [header, ...rows] = parseCsv((await readFile(file, 'utf8')).replace(/^\uFEFF/, ''));
  if (!header) throw new Error(`${file} is empty`);
  const chart = computeChart(kind as ChartKind, new CsvTable(header.map((name) => name.trim()), rows), flags);
  process.stdout.write(json ? `${JSON.stringify(chartJson(chart))}\n` : chartTable(chart));
  return 0;
}

/** Options of `spc evaluate`. */
interface EvaluateArguments {
  folder: string;
  gap: number | undefined;
  json: boolean;
  /** With a lake: ClickHouse over it (the only engine `spc evaluate` runs on a lake). */
  lake?: { url: string; server?: string; endpoint?: string };
  /** On a workspace: native DuckDB (default) or duckdb-wasm, the browser's engine. */
  engine?: NodeEngineKind;
}

const lakeFlags = ['--engine', '--lake', '--clickhouse', '--endpoint'];

/** `--workspace DIR`, `--gap N`, `--json` and the lake options of `spc evaluate`; throws a usage error otherwise. */
function evaluateArguments(args: readonly string[]): EvaluateArguments {
  let folder: string | undefined;
  let gap: number | undefined;
  let json = false;
  const lake = new Map<string, string>();
  const unknown: string[] = [];
  for (let index = 0; index < args.length; index += 1) {
    const argument = args[index] ?? '';
    if (argument === '--json') json = true;
    else if (lakeFlags.includes(argument)) {
      const value = args[index + 1];
      if (value === undefined || value.startsWith('--')) throw new Error(`${argument} needs a value`);
      lake.set(argument.slice(2), value);
      index += 1;
    } else if (argument === '--workspace' || argument === '--gap') {
      const value = args[index + 1];
      if (value === undefined || value.startsWith('--')) throw new Error(`${argument} needs a value`);
      if (argument === '--gap') {
        gap = Number(value);
        if (!Number.isInteger(gap) || gap < 0) throw new Error(`--gap must be a whole number of subgroups, got "${value}"`);
      } else folder = value;
      index += 1;
    } else unknown.push(argument);
  }
  if (!folder || unknown.length > 0) throw new Error(`usage: yield-monitor spc evaluate --workspace DIR [--gap N] [--json] [--engine native|wasm]${unknown.length > 0 ? ` (unknown: ${unknown.join(' ')})` : ''}`);
  const engine = lake.get('engine');
  if (lake.size === 1 && (engine === 'native' || engine === 'wasm')) return { folder, gap, json, engine };
  if (lake.size === 0) return { folder, gap, json };
  if (lake.get('engine') !== 'clickhouse' || !lake.has('lake')) throw new Error('spc evaluate on a lake needs --engine clickhouse --lake DIR|URL');
  return { folder, gap, json, lake: { url: lake.get('lake') ?? '', server: lake.get('clickhouse'), endpoint: lake.get('endpoint') } };
}

/**
 * ClickHouse over the lake, answering the monitor's statements (built for DuckDB) with the same
 * builders' ClickHouse texts (issue #17 §2); the caller closes it.
 */
async function openLakeMonitorEngine(lake: NonNullable<EvaluateArguments['lake']>): Promise<{ engine: SqlEngine; close(): void }> {
  const [{ openClickHouseEngine }, { pairedStatementEngine }, { monitorStatements }, { clickhouseDialect }] = await Promise.all([
    import('../../node/engine/clickhouseTransports.ts'), import('../../shared/sql/dialectEngine.ts'), import('../../shared/sql/spcSql.ts'),
    import('../../shared/sql/dialect.ts'),
  ]);
  const clickhouse = await openClickHouseEngine({ lake: lake.url, server: lake.server, endpoint: lake.endpoint });
  return { engine: pairedStatementEngine(clickhouse, monitorStatements(clickhouseDialect), 'ClickHouse'), close: () => clickhouse.close() };
}

/**
 * Run `spc evaluate`: evaluate every chart definition of a workspace (defaults when none), record
 * new episodes and print the episodes not closed. Exit 1 when new episodes were raised, 0 otherwise.
 */
async function evaluateWorkspace(args: readonly string[]): Promise<number> {
  const { folder, gap, json, lake, engine: engineKind } = evaluateArguments(args);
  if (lake) mkdirSync(folder, { recursive: true });
  else if (!existsSync(folder)) throw new Error(`workspace folder not found: ${folder}`);
  // Loaded here, not at the top: `spc compute` and usage errors need no database.
  const [{ episodeJson, episodeTable, evaluateAll, listEpisodes }, { FolderWorkspaceStore }, { openNodeEngine, openOnDemand }] = await Promise.all([
    import('../../shared/spc/monitor/index.ts'), import('../../node/workspace/folderWorkspaceStore.ts'), import('../../node/workspace/openWorkspace.ts'),
  ]);
  const store = new FolderWorkspaceStore(folder);
  let engine: SqlEngine;
  let close: () => void;
  if (lake) {
    ({ engine, close } = await openLakeMonitorEngine(lake));
  } else {
    const node = await openNodeEngine(engineKind ?? 'native');
    close = () => node.close();
    try {
      ({ engine } = await openOnDemand(node, folder));
    } catch (error) {
      close();
      throw error;
    }
  }
  try {
    const result = await evaluateAll(engine, store, { gap });
    for (const failure of result.failures) process.stderr.write(`yield-monitor spc: ${failure.definitionId}: ${failure.message}\n`);
    const newIds = new Set(result.newEpisodes.map((episode) => episode.id));
    if (json) {
      const episodes = await listEpisodes(store);
      process.stdout.write(`${JSON.stringify({ charts: result.evaluations.length, newEpisodes: result.newEpisodes.length, episodes: episodes.map(episodeJson) })}\n`);
    } else {
      const open = await listEpisodes(store, ['open', 'acknowledged']);
      process.stdout.write(episodeTable(open, newIds));
      process.stdout.write(`${result.evaluations.length} chart(s) evaluated, ${result.newEpisodes.length} new episode(s) (*), ${open.length} not closed\n`);
      for (const hold of result.newHolds) process.stdout.write(`lot ${hold.lot} (${hold.product}) put on hold: ${hold.reason}\n`);
    }
    return result.newEpisodes.length > 0 ? 1 : 0;
  } finally {
    close();
  }
}

/** Entry point of `yield-monitor spc ...`. */
export async function run(args: string[]): Promise<number> {
  const [subcommand, ...rest] = args;
  if ((subcommand !== 'compute' && subcommand !== 'evaluate') || rest.includes('--help')) {
    process.stdout.write(usage);
    return subcommand === undefined || subcommand === '--help' || rest.includes('--help') ? 0 : 2;
  }
  try {
    return subcommand === 'evaluate' ? await evaluateWorkspace(rest) : await compute(rest);
  } catch (error) {
    process.stderr.write(`yield-monitor spc: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}
