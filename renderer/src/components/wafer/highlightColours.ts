/** Colours of the drill-down highlight on the wafer map. */

/** Outline of highlighted dies: a saturated cyan that no bin or ramp colour uses. */
export const highlightOutline = '#00b8d9';

/** A #rrggbb colour mixed 75 % towards the wafer background, for dies outside a highlight. */
export function fadedColour(hex: string): string {
  const value = parseInt(hex.slice(1, 7), 16);
  const background = [0xf7, 0xf9, 0xfb];
  const channels = [(value >> 16) & 255, (value >> 8) & 255, value & 255].map((channel, index) => Math.round(channel * 0.25 + (background[index] ?? 255) * 0.75));
  return `#${channels.map((channel) => channel.toString(16).padStart(2, '0')).join('')}`;
}

/** Cross drawn over dies that carry a KLARF defect: near-black, readable on every bin colour. */
export const defectMarkColour = '#111827';
