/** Episodes for the command line: the JSON record of `spc evaluate --json` and a plain-text table (pure). */
import { episodeExtent } from './episodes.ts';
import type { Episode } from './episodeTypes.ts';

/** One episode as `spc evaluate --json` prints it. */
export interface EpisodeJson {
  id: string;
  chart: string;
  product: string;
  test: number | null;
  /** The rules that fired in the episode, joined with '+' (e.g. `WE1`, `WE2+WE3`). */
  rule: string;
  severity: string;
  state: string;
  firstTime: string;
  lastTime: string;
  points: number;
  lots: string[];
  /** `lot/wafer` of every wafer involved. */
  wafers: string[];
}

/** ISO-8601 UTC of a time text ('' stays ''). */
function utc(time: string): string {
  const parsed = Date.parse(time);
  return Number.isFinite(parsed) ? new Date(parsed).toISOString() : time;
}

/** The JSON record of an episode. */
export function episodeJson(episode: Episode): EpisodeJson {
  const extent = episodeExtent(episode);
  const rules = [...new Set(episode.points.flatMap((point) => point.rules))].sort();
  return {
    id: episode.id, chart: episode.chartName, product: episode.product, test: episode.test, rule: rules.join('+'), severity: episode.severity,
    state: episode.state, firstTime: utc(extent.firstTime), lastTime: utc(extent.lastTime), points: extent.count, lots: extent.lots, wafers: extent.wafers,
  };
}

const columns: { title: string; width: number; cell: (record: EpisodeJson, isNew: boolean) => string }[] = [
  { title: 'severity', width: 9, cell: (record) => record.severity },
  { title: 'state', width: 13, cell: (record, isNew) => (isNew ? `${record.state}*` : record.state) },
  { title: 'first', width: 21, cell: (record) => record.firstTime.replace('.000Z', 'Z') },
  { title: 'last', width: 21, cell: (record) => record.lastTime.replace('.000Z', 'Z') },
  { title: 'points', width: 7, cell: (record) => String(record.points) },
  { title: 'product', width: 9, cell: (record) => record.product },
  { title: 'lots', width: 16, cell: (record) => record.lots.join(' ') },
  { title: 'rule', width: 10, cell: (record) => record.rule },
  { title: 'chart', width: 0, cell: (record) => record.chart },
];

/** Pad or cut a cell to its column width (0 = free). */
function fit(text: string, width: number): string {
  if (width === 0) return text;
  return text.length >= width ? `${text.slice(0, width - 2)}… ` : text.padEnd(width);
}

/** A fixed-width table of episodes; rows whose id is in `newIds` are marked with "*" after the state. */
export function episodeTable(episodes: readonly Episode[], newIds: ReadonlySet<string> = new Set()): string {
  const header = columns.map((column) => fit(column.title, column.width)).join('');
  const rows = episodes.map((episode) => columns.map((column) => fit(column.cell(episodeJson(episode), newIds.has(episode.id)), column.width)).join(''));
  return `${[header, ...rows].join('\n')}\n`;
}
