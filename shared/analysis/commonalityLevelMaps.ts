/**
 * Which wafers each level's stacked map of a commonality factor covers (issue #13 §3): one product,
 * so every map shares that product's die grid (a level mixing two products stacked cells of
 * different dies on one grid), the worst level first, then the largest.
 */
import type { WaferSelection } from '../sql/stackedMapSql.ts';

/** The factor's units, as the commonality charts hold them: a level per unit, its lot and (wafer responses) wafer. */
export interface LevelUnits {
  levels: readonly string[];
  levelIndex: ArrayLike<number>;
  lots: readonly string[];
  wafers: readonly (string | null)[];
}

/** One level's map: its units of the product and the selection that draws them. */
export interface LevelMap {
  level: string;
  /** Wafers (or lots, for a lot response) of the product in this level. */
  count: number;
  selection: WaferSelection;
}

/** The product the maps show and one map per level that has units of it. */
export interface LevelMaps {
  product: string | null;
  maps: LevelMap[];
}

/**
 * Per-level selections restricted to one product: `product` when the analysis was run on one, else
 * the product with the most units in the worst level (then in all levels; then by name).
 */
export function levelMapSelections(units: LevelUnits, productOfLot: ReadonlyMap<string, string>, worstLevel: string | null, product: string | null = null): LevelMaps {
  const worstIndex = worstLevel === null ? -1 : units.levels.indexOf(worstLevel);
  const inWorst = new Map<string, number>();
  const inAll = new Map<string, number>();
  for (let index = 0; index < units.lots.length; index++) {
    const unitProduct = productOfLot.get(units.lots[index] ?? '');
    if (unitProduct === undefined) continue;
    inAll.set(unitProduct, (inAll.get(unitProduct) ?? 0) + 1);
    if (units.levelIndex[index] === worstIndex) inWorst.set(unitProduct, (inWorst.get(unitProduct) ?? 0) + 1);
  }
  const chosen = product ?? [...inAll.keys()].sort((left, right) => (inWorst.get(right) ?? 0) - (inWorst.get(left) ?? 0) || (inAll.get(right) ?? 0) - (inAll.get(left) ?? 0) || left.localeCompare(right))[0] ?? null;
  if (chosen === null) return { product: null, maps: [] };

  const members = units.levels.map((level) => ({ level, wafers: [] as { lot: string; wafer: string }[], lots: new Set<string>() }));
  for (let index = 0; index < units.lots.length; index++) {
    const lot = units.lots[index] ?? '';
    if (productOfLot.get(lot) !== chosen) continue;
    const member = members[units.levelIndex[index] ?? -1];
    const wafer = units.wafers[index];
    if (!member) continue;
    if (wafer === null || wafer === undefined) member.lots.add(lot);
    else member.wafers.push({ lot, wafer });
  }
  const size = (member: (typeof members)[number]): number => member.wafers.length || member.lots.size;
  const maps = members
    .filter((member) => size(member) > 0)
    .sort((left, right) => Number(right.level === worstLevel) - Number(left.level === worstLevel) || size(right) - size(left) || left.level.localeCompare(right.level))
    .map((member): LevelMap => ({
      level: member.level,
      count: size(member),
      selection: member.wafers.length > 0 ? { products: [chosen], wafers: member.wafers } : { products: [chosen], lots: [...member.lots] },
    }));
  return { product: chosen, maps };
}
