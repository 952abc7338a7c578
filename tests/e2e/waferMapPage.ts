import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import { screenshotDir } from './fixtures';

/** Zoom and pan of the map as the canvas reports it: screen = base × scale + offset (CSS pixels). */
export interface MapViewState {
  scale: number;
  offsetX: number;
  offsetY: number;
}

/** A point on the canvas in CSS pixels. */
export interface CanvasPoint {
  x: number;
  y: number;
}

/** The wafer map page: locators and user actions. */
export class WaferMapPage {
  readonly view: Locator;
  readonly canvas: Locator;
  readonly tooltip: Locator;
  readonly detail: Locator;
  readonly legendRows: Locator;
  readonly zoomIn: Locator;
  readonly zoomOut: Locator;
  readonly zoomReset: Locator;
  readonly zoomLevel: Locator;
  readonly dieList: Locator;
  readonly dieListBody: Locator;
  readonly dieRows: Locator;

  constructor(readonly page: Page) {
    this.view = page.getByTestId('wafer-map-view');
    this.canvas = page.getByTestId('wafer-canvas');
    this.tooltip = page.getByTestId('die-tooltip');
    this.detail = page.getByTestId('die-detail');
    this.legendRows = page.getByTestId('legend-row');
    this.zoomIn = page.getByTestId('zoom-in');
    this.zoomOut = page.getByTestId('zoom-out');
    this.zoomReset = page.getByTestId('zoom-reset');
    this.zoomLevel = page.getByTestId('zoom-level');
    this.dieList = page.getByTestId('die-list');
    this.dieListBody = page.getByTestId('die-list-body');
    this.dieRows = page.getByTestId('die-row');
  }

  /**
   * Canvas position of die (x, y) for the sample's orientation at the fitted zoom, computed by hand:
   * 620 px canvas with a 14 px margin shows the 150 mm radius in 296 px; center die (13, 13); X grows
   * right, Y grows down.
   */
  static diePixel(x: number, y: number, dieMillimetres = 10.2): CanvasPoint {
    const pixelsPerMillimetre = 296 / 150;
    return { x: 310 + (x - 13) * dieMillimetres * pixelsPerMillimetre, y: 310 + (y - 13) * dieMillimetres * pixelsPerMillimetre };
  }

  /** The die whose cell holds a fitted-map point (the inverse of diePixel, rounding to the nearest die). */
  static dieAtBasePixel(point: CanvasPoint, dieMillimetres = 10.2): { x: number; y: number } {
    const pitch = dieMillimetres * (296 / 150);
    return { x: 13 + Math.round((point.x - 310) / pitch), y: 13 + Math.round((point.y - 310) / pitch) };
  }

  /** The zoom and pan the canvas reports in its data attributes. */
  async viewState(): Promise<MapViewState> {
    const read = async (name: string): Promise<number> => Number(await this.canvas.getAttribute(name));
    return { scale: await read('data-zoom'), offsetX: await read('data-offset-x'), offsetY: await read('data-offset-y') };
  }

  /** Where die (x, y) is on screen now: its fitted position through the reported view. */
  async dieOnScreen(x: number, y: number): Promise<CanvasPoint> {
    const state = await this.viewState();
    const base = WaferMapPage.diePixel(x, y);
    return { x: base.x * state.scale + state.offsetX, y: base.y * state.scale + state.offsetY };
  }

  /** Roll the mouse wheel over a canvas point (negative deltaY zooms in). */
  async wheelAt(point: CanvasPoint, deltaY: number): Promise<void> {
    const box = (await this.canvas.boundingBox())!;
    await this.page.mouse.move(box.x + point.x, box.y + point.y);
    await this.page.mouse.wheel(0, deltaY);
  }

  /** Press on one canvas point, move in steps, release on another. */
  async drag(from: CanvasPoint, to: CanvasPoint): Promise<void> {
    const box = (await this.canvas.boundingBox())!;
    await this.page.mouse.move(box.x + from.x, box.y + from.y);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + to.x, box.y + to.y, { steps: 8 });
    await this.page.mouse.up();
  }

  /** Width in CSS pixels of the run of same-coloured canvas pixels through a point: a die's drawn width. */
  async drawnWidthAt(point: CanvasPoint): Promise<number> {
    return this.canvas.evaluate((element, at) => {
      const canvas = element as HTMLCanvasElement;
      const ratio = canvas.width / canvas.clientWidth;
      const row = Math.round(at.y * ratio);
      const data = canvas.getContext('2d')!.getImageData(0, row, canvas.width, 1).data;
      const start = Math.round(at.x * ratio);
      const same = (column: number): boolean => [0, 1, 2].every((channel) => data[column * 4 + channel] === data[start * 4 + channel]);
      let [left, right] = [start, start];
      while (left > 0 && same(left - 1)) left--;
      while (right < canvas.width - 1 && same(right + 1)) right++;
      return (right - left + 1) / ratio;
    }, point);
  }

  /** Runs of background-coloured pixels (the gaps between dies) along one canvas row between two x positions. */
  async backgroundRunsAlongRow(y: number, fromX: number, toX: number): Promise<number> {
    return this.canvas.evaluate((element, row) => {
      const canvas = element as HTMLCanvasElement;
      const ratio = canvas.width / canvas.clientWidth;
      const data = canvas.getContext('2d')!.getImageData(Math.round(row.fromX * ratio), Math.round(row.y * ratio), Math.round((row.toX - row.fromX) * ratio), 1).data;
      let runs = 0;
      let inRun = false;
      for (let at = 0; at < data.length; at += 4) {
        const background = data[at]! > 230 && data[at + 1]! > 230 && data[at + 2]! > 230;
        if (background && !inRun) runs++;
        inRun = background;
      }
      return runs;
    }, { y, fromX, toX });
  }

  /** Wait until the map reports this zoom. */
  async expectZoom(scale: number): Promise<void> {
    await expect.poll(async () => (await this.viewState()).scale).toBeCloseTo(scale, 6);
  }

  /** Wait until the dies are re-rendered sharply at the current zoom (the gesture has settled). */
  async waitUntilSharp(): Promise<void> {
    await expect.poll(() => this.canvas.evaluate((element) => {
      const canvas = element as HTMLCanvasElement;
      return Math.abs(Number(canvas.dataset.sharpScale) - Number(canvas.dataset.zoom) * (canvas.width / canvas.clientWidth)) < 1e-6;
    })).toBe(true);
  }

  async hoverAt(point: CanvasPoint): Promise<void> {
    await this.canvas.hover({ position: point });
  }

  async hoverDie(x: number, y: number): Promise<void> {
    await this.canvas.hover({ position: WaferMapPage.diePixel(x, y) });
  }

  async clickDie(x: number, y: number): Promise<void> {
    await this.canvas.click({ position: WaferMapPage.diePixel(x, y) });
  }

  /** Count green and red-ish die pixels on the canvas. */
  async pixelCounts(): Promise<{ green: number; other: number }> {
    return this.canvas.evaluate((element) => {
      const canvas = element as HTMLCanvasElement;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let green = 0;
      let other = 0;
      for (let at = 0; at < data.length; at += 4) {
        const [red, greenChannel, blue] = [data[at]!, data[at + 1]!, data[at + 2]!];
        if (greenChannel > red + 40 && greenChannel > blue + 20) green++;
        else if (Math.max(red, greenChannel, blue) - Math.min(red, greenChannel, blue) > 60) other++;
      }
      return { green, other };
    });
  }

  /** Scroll the die list to a pixel offset (the end when Infinity). */
  async scrollDieList(top: number): Promise<void> {
    await this.dieListBody.evaluate((element, to) => {
      element.scrollTop = Number.isFinite(to) ? to : element.scrollHeight;
      element.dispatchEvent(new Event('scroll'));
    }, top);
  }

  /** The die-list row of die (x, y) if it is rendered. */
  dieRow(x: number, y: number): Locator {
    return this.page.locator(`[data-testid=die-row][data-x="${x}"][data-y="${y}"]`);
  }

  async screenshot(name: string): Promise<void> {
    mkdirSync(screenshotDir, { recursive: true });
    await this.page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
  }
}
