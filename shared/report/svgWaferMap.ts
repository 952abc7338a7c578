/**
 * Wafer maps as inline SVG for the print layout: the same geometry and bin colours as the app's
 * canvas map (shared/charts/waferMapLayout.ts), with one <path> per colour so a 5,000-die wafer
 * stays a few elements.
 */
import { binColour, dieRectangles, notchPosition } from '../charts/waferMapLayout.ts';
import type { ProductGeometry, StackedMapData, WaferMapData } from './model.ts';
import { escapeMarkup } from './svgCharts.ts';
import { waferViewOf } from './waferSummary.ts';

/** Margin around the wafer outline, in SVG units. */
const mapMargin = 6;

function round(value: number): string {
  return (Math.round(value * 100) / 100).toString();
}

/** SVG of dies given their colour per die; the outline and notch come from the product geometry. */
function mapSvg(xs: readonly number[], ys: readonly number[], colourOf: (index: number) => string, geometry: ProductGeometry | null, size: number, label: string): string {
  const view = waferViewOf(geometry, { xs: [...xs], ys: [...ys] });
  const { transform, rectangles } = dieRectangles(view, xs, ys, size, mapMargin);
  const pathByColour = new Map<string, string[]>();
  for (let index = 0; index < xs.length; index++) {
    const colour = colourOf(index);
    const parts = pathByColour.get(colour) ?? [];
    const at = index * 4;
    parts.push(`M${round(rectangles[at] ?? 0)} ${round(rectangles[at + 1] ?? 0)}h${round(rectangles[at + 2] ?? 0)}v${round(rectangles[at + 3] ?? 0)}h-${round(rectangles[at + 2] ?? 0)}z`);
    pathByColour.set(colour, parts);
  }
  const paths = [...pathByColour].map(([colour, parts]) => `<path fill="${colour}" d="${parts.join('')}"/>`).join('');
  const notch = notchPosition(transform, view.notchScreenSide);
  const notchMark = notch ? `<circle cx="${round(notch.x)}" cy="${round(notch.y)}" r="${round(Math.max(2.5, size / 60))}" fill="#fff" stroke="#555" stroke-width="0.8"/>` : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" width="${size}" height="${size}" role="img" aria-label="${escapeMarkup(label)}">`
    + `<circle cx="${round(transform.centerPixelX)}" cy="${round(transform.centerPixelY)}" r="${round(transform.outlineRadiusPixels)}" fill="#f4f5f7" stroke="#555" stroke-width="0.8"/>`
    + paths + notchMark + '</svg>';
}

/** A wafer's bin map: dies coloured by hard bin with the app's palette. */
export function waferMapSvg(map: WaferMapData, geometry: ProductGeometry | null, size: number): string {
  return mapSvg(map.xs, map.ys, (index) => binColour(map.bins[index] ?? -1, map.passes[index] ?? false), geometry, size, `${map.lot} / ${map.wafer}`);
}

/** Colour of a fail share on the stacked map: white (0) to dark red (the scale's top). */
export function failShareColour(share: number, scaleTop: number): string {
  const position = scaleTop > 0 ? Math.min(1, Math.max(0, share / scaleTop)) : 0;
  const step = Math.round(position * 10) / 10;
  const channel = (from: number, to: number): string => Math.round(from + (to - from) * step).toString(16).padStart(2, '0');
  return `#${channel(255, 165)}${channel(255, 15)}${channel(255, 21)}`;
}

/** Top of the stacked map's colour scale: the largest fail share rounded up to 10%. */
export function stackedScaleTop(map: StackedMapData): number {
  const largest = Math.max(0, ...map.failShares);
  return Math.max(0.1, Math.ceil(largest * 10) / 10);
}

/** The stacked fail map of one product: each position coloured by its fail share. */
export function stackedMapSvg(map: StackedMapData, geometry: ProductGeometry | null, size: number): string {
  const top = stackedScaleTop(map);
  return mapSvg(map.xs, map.ys, (index) => failShareColour(map.failShares[index] ?? 0, top), geometry, size, map.product);
}

/** Horizontal legend of the stacked map's colour scale (0% to the scale top). */
export function stackedLegendSvg(scaleTop: number, width: number): string {
  const cells = Array.from({ length: 11 }, (_, step) => {
    const share = (scaleTop * step) / 10;
    return `<rect x="${round(8 + step * ((width - 16) / 11))}" y="2" width="${round((width - 16) / 11)}" height="10" fill="${failShareColour(share, scaleTop)}" stroke="#ccc" stroke-width="0.4"/>`;
  }).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} 28" width="${width}" height="28" font-family="Helvetica, Arial, sans-serif">${cells}`
    + `<text x="8" y="24" font-size="9.5" fill="#333">0%</text><text x="${width - 8}" y="24" font-size="9.5" text-anchor="end" fill="#333">${Math.round(scaleTop * 100)}%</text></svg>`;
}
