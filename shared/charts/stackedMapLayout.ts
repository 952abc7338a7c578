/**
 * Colours of stacked (composite) wafer maps, pure: one palette slot per cell from its value on a
 * ramp — fail percentage from pale to dark red, parametric statistics on the wafer map's continuous
 * scale — plus the legend's tick values.
 */
import { continuousColour, missingValueColour } from './waferMapLayout.ts';

/** How cell values map to colours. */
export type StackedScaleKind = 'failPercent' | 'parametric';

/** Steps of the quantized ramp (cells are batched by colour when drawn). */
export const stackedSteps = 32;

/** Fail-percentage ramp stops: pale grey-green (no fails) → yellow → orange → dark red (all fail). */
const failStops: [number, number, number][] = [[236, 244, 236], [253, 219, 110], [244, 128, 36], [200, 30, 30], [110, 10, 20]];

/** Colour of a position 0..1 on the fail ramp, as #rrggbb. */
export function failRampColour(position: number): string {
  const clamped = Math.min(1, Math.max(0, position));
  const scaled = clamped * (failStops.length - 1);
  const lower = Math.min(failStops.length - 2, Math.floor(scaled));
  const share = scaled - lower;
  const from = failStops[lower] ?? [0, 0, 0];
  const to = failStops[lower + 1] ?? from;
  const channel = (index: 0 | 1 | 2): string => Math.round(from[index] + (to[index] - from[index]) * share).toString(16).padStart(2, '0');
  return `#${channel(0)}${channel(1)}${channel(2)}`;
}

/** Colour of a position 0..1 on the ramp of a scale kind. */
export function rampColour(kind: StackedScaleKind, position: number): string {
  return kind === 'failPercent' ? failRampColour(position) : continuousColour(position, 0, 1);
}

/** Value range the ramp spans: fail % from 0 to the worst cell (at least 1 %), parametric min..max. */
export function stackedScale(kind: StackedScaleKind, values: ArrayLike<number>): { low: number; high: number } {
  let low = Infinity;
  let high = -Infinity;
  for (let index = 0; index < values.length; index++) {
    const value = values[index] ?? Number.NaN;
    if (!Number.isFinite(value)) continue;
    if (value < low) low = value;
    if (value > high) high = value;
  }
  if (kind === 'failPercent') return { low: 0, high: Number.isFinite(high) ? Math.max(1, high) : 100 };
  if (!Number.isFinite(low)) return { low: 0, high: 1 };
  return low === high ? { low: low - 0.5, high: high + 0.5 } : { low, high };
}

/**
 * One range for several stacked maps (issue #13 §3: per-level maps side by side must share a colour
 * scale, or a level at 3 % fails looks as red as one at 40 %): the scale of all their values together.
 */
export function sharedStackedScale(kind: StackedScaleKind, valueSets: readonly ArrayLike<number>[]): { low: number; high: number } {
  const all: number[] = [];
  for (const values of valueSets) for (let index = 0; index < values.length; index++) all.push(values[index] ?? Number.NaN);
  return stackedScale(kind, all);
}

/** Palette and one palette slot per cell; cells without a value (NaN) get the "not measured" grey. */
export function stackedColouring(kind: StackedScaleKind, values: ArrayLike<number>, scale: { low: number; high: number }): { palette: string[]; colourIndex: Uint16Array } {
  const palette = Array.from({ length: stackedSteps }, (_, step) => rampColour(kind, step / (stackedSteps - 1)));
  palette.push(missingValueColour);
  const colourIndex = new Uint16Array(values.length);
  const span = scale.high - scale.low || 1;
  for (let index = 0; index < values.length; index++) {
    const value = values[index] ?? Number.NaN;
    colourIndex[index] = Number.isFinite(value)
      ? Math.max(0, Math.min(stackedSteps - 1, Math.round(((value - scale.low) / span) * (stackedSteps - 1))))
      : stackedSteps;
  }
  return { palette, colourIndex };
}

/** CSS gradient of a scale kind's ramp, for the legend bar. */
export function rampGradient(kind: StackedScaleKind): string {
  const stops = [0, 0.25, 0.5, 0.75, 1].map((position) => `${rampColour(kind, position)} ${position * 100}%`);
  return `linear-gradient(90deg, ${stops.join(', ')})`;
}

/** Evenly spaced legend ticks from low to high (count ≥ 2). */
export function legendTicks(scale: { low: number; high: number }, count = 5): number[] {
  return Array.from({ length: count }, (_, index) => scale.low + ((scale.high - scale.low) * index) / (count - 1));
}
