/** Wafer diameter of both products, mm. */
export const WAFER_DIAMETER_MM = 300;
/** Edge exclusion: no die may reach closer than this to the wafer edge, mm. */
export const EDGE_EXCLUSION_MM = 3;

/** One die site on the wafer, in prober coordinates and in mm from the wafer center. */
export interface DieSite {
  readonly x: number;
  /** Grows downward (prober raster). */
  readonly y: number;
  /** Probe-card site 1-4 of a 2 x 2 multi-site touchdown. */
  readonly site: number;
  readonly xMm: number;
  /** Grows upward (mathematical orientation), the opposite of y. */
  readonly yMm: number;
  /** Distance of the die center from the wafer center divided by the usable radius (0-1). */
  readonly radiusFraction: number;
  /** Angle of the die center around the wafer center, radians in (-pi, pi]. */
  readonly angle: number;
}

/** The dies of one product in test order, grouped by touchdown. */
export interface DieGrid {
  readonly centerX: number;
  readonly centerY: number;
  readonly dieCount: number;
  /** Touchdowns in prober order (serpentine over row pairs); each holds 1-4 dies. */
  readonly touchdowns: readonly (readonly DieSite[])[];
}

/** Every whole die inside the usable circle, on a grid centered on the wafer center. */
export function buildDieGrid(dieWidthMm: number, dieHeightMm: number): DieGrid {
  const usableRadius = WAFER_DIAMETER_MM / 2 - EDGE_EXCLUSION_MM;
  const halfColumns = Math.ceil(usableRadius / dieWidthMm);
  const halfRows = Math.ceil(usableRadius / dieHeightMm);
  const inside = (column: number, row: number): boolean => {
    const farX = (Math.abs(column) + 0.5) * dieWidthMm;
    const farY = (Math.abs(row) + 0.5) * dieHeightMm;
    return farX * farX + farY * farY <= usableRadius * usableRadius;
  };
  const cells: { column: number; row: number }[] = [];
  for (let row = -halfRows; row <= halfRows; row += 1) {
    for (let column = -halfColumns; column <= halfColumns; column += 1) {
      if (inside(column, row)) cells.push({ column, row });
    }
  }
  const minColumn = Math.min(...cells.map((cell) => cell.column));
  const minRow = Math.min(...cells.map((cell) => cell.row));
  const centerX = -minColumn;
  const centerY = -minRow;
  const touchdownByKey = new Map<string, DieSite[]>();
  for (const { column, row } of cells) {
    const x = column + centerX;
    const y = row + centerY;
    const xMm = column * dieWidthMm;
    const yMm = -row * dieHeightMm;
    const die: DieSite = {
      x,
      y,
      site: 1 + (x % 2) + 2 * (y % 2),
      xMm,
      yMm,
      radiusFraction: Math.hypot(xMm, yMm) / usableRadius,
      angle: Math.atan2(yMm, xMm),
    };
    const key = `${Math.floor(y / 2)},${Math.floor(x / 2)}`;
    touchdownByKey.set(key, [...(touchdownByKey.get(key) ?? []), die]);
  }
  const touchdowns = [...touchdownByKey.entries()]
    .map(([key, dies]) => {
      const [pairRow = 0, pairColumn = 0] = key.split(',').map(Number);
      const serpentineColumn = pairRow % 2 === 0 ? pairColumn : -pairColumn;
      return { pairRow, serpentineColumn, dies: dies.sort((a, b) => a.site - b.site) };
    })
    .sort((a, b) => a.pairRow - b.pairRow || a.serpentineColumn - b.serpentineColumn)
    .map((touchdown) => touchdown.dies);
  return { centerX, centerY, dieCount: cells.length, touchdowns };
}
