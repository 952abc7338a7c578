// Canvas drawing of the single-wafer map: dies are painted once into offscreen "layers" (pixel
// buffers), and every frame only blits those layers through the zoom and strokes a few vectors.
import { notchPosition, paintDiesScaled, type DieRectangles } from '@shared/charts/waferMapLayout';
import type { BaseRectangle, WaferViewport } from '@shared/charts/waferViewport';
import type { WaferSide } from '@shared/wafer/index';
import { defectMarkColour, highlightOutline } from './highlightColours';

/** Dies of a base region painted into an offscreen canvas at `pixelsPerBase` device pixels per base pixel. */
export interface DieLayer {
  canvas: HTMLCanvasElement;
  region: BaseRectangle;
  pixelsPerBase: number;
}

/** What the die layers paint: rectangles in base pixels, a palette slot per die, packed colours, visibility. */
export interface DiePaint {
  rectangles: Float32Array;
  colourIndex: Uint16Array;
  packedPalette: Uint32Array;
  visible: Uint8Array;
}

/** Paint the dies of `region` into a canvas (reused when given) at `pixelsPerBase`: one putImageData. */
export function renderDieLayer(paint: DiePaint, region: BaseRectangle, pixelsPerBase: number, reuse: HTMLCanvasElement | null = null): DieLayer | null {
  const width = Math.max(1, Math.ceil(region.width * pixelsPerBase));
  const height = Math.max(1, Math.ceil(region.height * pixelsPerBase));
  const canvas = reuse ?? document.createElement('canvas');
  if (canvas.width !== width || canvas.height !== height) [canvas.width, canvas.height] = [width, height];
  const context = canvas.getContext('2d');
  if (!context) return null;
  const image = context.createImageData(width, height);
  const placement = { scale: pixelsPerBase, offsetX: -region.left * pixelsPerBase, offsetY: -region.top * pixelsPerBase };
  paintDiesScaled(new Uint32Array(image.data.buffer), width, height, placement, paint.rectangles, paint.colourIndex, paint.packedPalette, paint.visible);
  context.putImageData(image, 0, 0);
  return { canvas, region, pixelsPerBase };
}

/** Everything one frame of the map needs. */
export interface WaferScene {
  layout: DieRectangles;
  viewport: WaferViewport;
  pixelRatio: number;
  notchSide: WaferSide | null;
  /** Drawn in order: the whole wafer first, then a sharper region on top. */
  layers: DieLayer[];
  visible: Uint8Array;
  highlight: Uint8Array | null;
  selectedIndex: number;
  /** 1 for dies that carry a defect (KLARF), drawn with a cross; null: no overlay. */
  marks?: Uint8Array | null;
}

/** A filled, stroked circle; line width in screen pixels whatever the zoom. */
function drawDisc(context: CanvasRenderingContext2D, scene: WaferScene, disc: { x: number; y: number; radius: number; fill: string; stroke: string; lineWidth: number }): void {
  context.beginPath();
  context.arc(disc.x, disc.y, disc.radius, 0, Math.PI * 2);
  context.fillStyle = disc.fill;
  context.fill();
  context.strokeStyle = disc.stroke;
  context.lineWidth = disc.lineWidth / scene.viewport.scale;
  context.stroke();
}

function drawOutline(context: CanvasRenderingContext2D, scene: WaferScene): void {
  const { transform } = scene.layout;
  drawDisc(context, scene, { x: transform.centerPixelX, y: transform.centerPixelY, radius: transform.outlineRadiusPixels, fill: '#f7f9fb', stroke: '#6b7a8a', lineWidth: 1.5 });
}

function drawNotch(context: CanvasRenderingContext2D, scene: WaferScene): void {
  const notch = notchPosition(scene.layout.transform, scene.notchSide);
  if (!notch) return;
  drawDisc(context, scene, { x: notch.x, y: notch.y, radius: 7 / scene.viewport.scale, fill: '#ffffff', stroke: '#1d2733', lineWidth: 2 });
}

function outlineHighlighted(context: CanvasRenderingContext2D, scene: WaferScene): void {
  const { highlight, visible } = scene;
  if (!highlight) return;
  const rectangles = scene.layout.rectangles;
  const unit = 1 / scene.viewport.scale;
  context.beginPath();
  for (let index = 0; index < highlight.length; index++) {
    if (highlight[index] !== 1 || visible[index] === 0) continue;
    const at = index * 4;
    context.rect((rectangles[at] ?? 0) - 0.5 * unit, (rectangles[at + 1] ?? 0) - 0.5 * unit, (rectangles[at + 2] ?? 0) + unit, (rectangles[at + 3] ?? 0) + unit);
  }
  context.strokeStyle = highlightOutline;
  context.lineWidth = 1.5 * unit;
  context.stroke();
}

/** A dark cross over each die with a defect, inset so the die's colour stays readable. */
function markDefects(context: CanvasRenderingContext2D, scene: WaferScene): void {
  const { marks, visible } = scene;
  if (!marks) return;
  const rectangles = scene.layout.rectangles;
  context.beginPath();
  for (let index = 0; index < marks.length; index++) {
    if (marks[index] !== 1 || visible[index] === 0) continue;
    const at = index * 4;
    const [left, top, width, height] = [rectangles[at] ?? 0, rectangles[at + 1] ?? 0, rectangles[at + 2] ?? 0, rectangles[at + 3] ?? 0];
    const inset = Math.min(width, height) * 0.15;
    context.moveTo(left + inset, top + inset);
    context.lineTo(left + width - inset, top + height - inset);
    context.moveTo(left + width - inset, top + inset);
    context.lineTo(left + inset, top + height - inset);
  }
  context.strokeStyle = defectMarkColour;
  context.lineWidth = Math.max(1.5 / scene.viewport.scale, Math.min(rectangles[2] ?? 1, rectangles[3] ?? 1) * 0.12);
  context.stroke();
}

function outlineSelected(context: CanvasRenderingContext2D, scene: WaferScene): void {
  const rectangles = scene.layout.rectangles;
  const at = scene.selectedIndex * 4;
  if (scene.selectedIndex < 0 || at >= rectangles.length) return;
  const unit = 1 / scene.viewport.scale;
  context.strokeStyle = '#000';
  context.lineWidth = 2 * unit;
  context.strokeRect((rectangles[at] ?? 0) - unit, (rectangles[at + 1] ?? 0) - unit, (rectangles[at + 2] ?? 0) + 2 * unit, (rectangles[at + 3] ?? 0) + 2 * unit);
}

/** Draw one frame: outline, die layers and markers through the viewport (lines keep their screen width). */
export function drawWaferScene(context: CanvasRenderingContext2D, scene: WaferScene): void {
  const { viewport, pixelRatio } = scene;
  context.setTransform(1, 0, 0, 1, 0, 0);
  context.clearRect(0, 0, context.canvas.width, context.canvas.height);
  const scale = pixelRatio * viewport.scale;
  context.setTransform(scale, 0, 0, scale, pixelRatio * viewport.offsetX, pixelRatio * viewport.offsetY);
  drawOutline(context, scene);
  // Die colours are flat blocks: no smoothing, so a layer stretched during a gesture stays crisp-edged.
  context.imageSmoothingEnabled = false;
  for (const layer of scene.layers) {
    context.drawImage(layer.canvas, layer.region.left, layer.region.top, layer.canvas.width / layer.pixelsPerBase, layer.canvas.height / layer.pixelsPerBase);
  }
  drawNotch(context, scene);
  outlineHighlighted(context, scene);
  markDefects(context, scene);
  outlineSelected(context, scene);
}
