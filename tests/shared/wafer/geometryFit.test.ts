import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeBzip2 } from '../../../cli/commands/stdf.ts';
import { dieRectangles, fitWaferToCanvas } from '../../../shared/charts/waferMapLayout.ts';
import { stdfHeader, stdfToArrow } from '../../../shared/import/stdfImport.ts';
import { readStdf } from '../../../shared/stdf/index.ts';
import { fitGeometryToDies } from '../../../shared/wafer/geometryFit.ts';
import { boundingCenter, orientationOfRow, viewOfOrientation } from '../../../shared/wafer/lotWafers.ts';
import { createWaferView } from '../../../shared/wafer/orientation.ts';

const corpus = resolve(import.meta.dirname, '../../..', '../shared/corpus/stdf');

interface WaferTruth {
  raw_walk: { record_counts: Record<string, number> };
  pystdf: { xy?: { parts_with_xy?: number } | null } | null;
}

/** Corpus files with a WIR and parts with X/Y, by their truth files (one copy of each content). */
const waferFiles = readdirSync(corpus).filter((name) => name.endsWith('.truth.json')).map((name) => name.replace(/\.truth\.json$/, '')).filter((name) => {
  const truth = JSON.parse(readFileSync(resolve(corpus, `${name}.truth.json`), 'utf8')) as WaferTruth;
  return (truth.raw_walk.record_counts.WIR ?? 0) > 0 && (truth.pystdf?.xy?.parts_with_xy ?? 0) > 0;
}).filter((name) => !/noonchen__lot[23]\.(stdf\.bz2|zip)$/.test(name));

/** Farthest die-rectangle corner from the outline centre, in pixels, as the wafer canvas draws them. */
function farthestCorner(rectangles: Float32Array | Float64Array, centerX: number, centerY: number): number {
  let farthest = 0;
  for (let index = 0; index < rectangles.length; index += 4) {
    const [left, top, width, height] = [rectangles[index] ?? 0, rectangles[index + 1] ?? 0, rectangles[index + 2] ?? 0, rectangles[index + 3] ?? 0];
    for (const [x, y] of [[left, top], [left + width, top], [left, top + height], [left + width, top + height]] as const) farthest = Math.max(farthest, Math.hypot(x - centerX, y - centerY));
  }
  return farthest;
}

describe('wafer outline fitted to the dies when the file\'s does not fit (issue #13 §1)', () => {
  it('finds the corpus wafer-sort files', () => expect(waferFiles.length).toBeGreaterThanOrEqual(8));

  it.each(waferFiles)('%s: every die inside its outline, and a fitted outline around the dies', async (file) => {
    const result = await readStdf(new Uint8Array(readFileSync(resolve(corpus, file))), { bzip2: decodeBzip2 });
    const header = stdfHeader(result, file);
    // The wafers row the import writes (stdfWafersSql takes these header fields as they are).
    const row = orientationOfRow({
      wafer_size_mm: header.waferSizeMm, die_width_mm: header.dieWidthMm, die_height_mm: header.dieHeightMm,
      flat: header.flat, pos_x: header.posX, pos_y: header.posY, center_x: header.centerX, center_y: header.centerY,
    });
    const xs: number[] = [];
    const ys: number[] = [];
    for (let part = 0; part < result.parts.count; part++) {
      if (result.parts.x[part] === -32768 || result.parts.y[part] === -32768) continue;
      xs.push(result.parts.x[part] ?? 0);
      ys.push(result.parts.y[part] ?? 0);
    }
    const fileView = viewOfOrientation(row, boundingCenter(xs, ys, { start: 0, end: xs.length }), 'D');
    const fitted = fitGeometryToDies(fileView, xs, ys);
    const size = 400;
    const transform = fitWaferToCanvas(fitted.view, xs, ys, size, 8);
    const rectangles = dieRectangles(fitted.view, xs, ys, size, 8).rectangles;
    // The import records the choice per wafer (wafers.outline_source); here every wafer of a file decides alike.
    const recorded = [...(stdfToArrow(result, header).wafers.getChild('outline_source')?.toArray() ?? [])].filter((source) => source !== '');
    for (const source of recorded) expect(source).toBe(fitted.source);
    expect(farthestCorner(rectangles, transform.centerPixelX, transform.centerPixelY)).toBeLessThanOrEqual(transform.outlineRadiusPixels + 0.5);
    if (fitted.source === 'file') {
      // Kept only when it fits: the declared disc holds every die as declared.
      expect(fitted.misfit).toBeNull();
      expect(transform.outlineRadiusPixels / transform.pixelsPerUnit).toBeCloseTo((header.waferSizeMm ?? Number.NaN) / 2, 6);
    } else {
      // The disc around the dies: centred on their bounding box, reaching past the farthest die corner by at most half
      // a die diagonal (the extent is measured as die centre distance + half diagonal, as the canvas does).
      const halfDiagonal = (Math.hypot(fitted.view.dieWidth, fitted.view.dieHeight) / 2) * transform.pixelsPerUnit;
      expect(farthestCorner(rectangles, transform.centerPixelX, transform.centerPixelY)).toBeGreaterThanOrEqual(transform.outlineRadiusPixels - halfDiagonal - 0.5);
      expect(fitted.view.centerX).toBe((Math.min(...xs) + Math.max(...xs)) / 2);
      expect(fitted.view.centerY).toBe((Math.min(...ys) + Math.max(...ys)) / 2);
    }
  });

  it('keeps a WCR that fits and replaces one whose centre puts dies outside (generated)', () => {
    const xs = [0, 1, 2, 0, 1, 2];
    const ys = [0, 0, 0, 1, 1, 1];
    const orientation = { flat: 'D', posX: 'R', posY: 'D', dieWidth: 10, dieHeight: 10, waferDiameter: 100 };
    const good = createWaferView({ ...orientation, centerX: 1, centerY: 0 });
    expect(fitGeometryToDies(good, xs, ys)).toMatchObject({ source: 'file', misfit: null });
    // Centre die declared 40 dies away: the dies lie 400 mm from the centre of a 100 mm wafer.
    const wrong = createWaferView({ ...orientation, centerX: 41, centerY: 0 });
    const fitted = fitGeometryToDies(wrong, xs, ys);
    expect(fitted).toMatchObject({ source: 'dies', misfit: 'diesOutside' });
    expect(fitted.view.radius).toBeCloseTo(Math.hypot(10, 5) + Math.hypot(10, 10) / 2, 9);
    // The user may force either.
    expect(fitGeometryToDies(wrong, xs, ys, 'file').source).toBe('file');
    expect(fitGeometryToDies(good, xs, ys, 'dies').source).toBe('dies');
  });
});
