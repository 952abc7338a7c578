/**
 * Renders build/icon.svg (the wafer icon) into the files electron-builder packs: build/icons/
 * (Linux PNG set), build/icon.ico (Windows) and build/icon.icns (macOS), plus the web build's
 * favicon. Rasterised by headless Chromium (CHROMIUM_PATH or Debian's /usr/bin/chromium); the
 * ICO and ICNS containers simply hold PNG images. Run with `npm run icons` after changing the SVG.
 */
import { chromium } from '@playwright/test';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const buildFolder = fileURLToPath(new URL('.', import.meta.url));
const faviconPath = fileURLToPath(new URL('../renderer/public/favicon.svg', import.meta.url));

/** Sizes of the Linux PNG set (electron-builder names them NxN.png in build/icons/). */
const linuxSizes = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
/** Images inside the Windows .ico (256 is the largest Windows shows). */
const windowsSizes = [16, 24, 32, 48, 64, 128, 256];
/** ICNS element types holding PNG data, by pixel size. */
const macTypes: [string, number][] = [['icp4', 16], ['icp5', 32], ['icp6', 64], ['ic07', 128], ['ic08', 256], ['ic09', 512], ['ic10', 1024]];

async function renderPngs(svg: string, sizes: readonly number[]): Promise<Map<number, Buffer>> {
  const browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage();
    const pngs = new Map<number, Buffer>();
    const svgUrl = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
    for (const size of sizes) {
      await page.setViewportSize({ width: size, height: size });
      await page.setContent(`<html><body style="margin:0;background:transparent"><img src="${svgUrl}" width="${size}" height="${size}" style="display:block"></body></html>`);
      await page.locator('img').evaluate((image: HTMLImageElement) => image.decode());
      pngs.set(size, await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } }));
    }
    return pngs;
  } finally {
    await browser.close();
  }
}

/** An ICO file whose entries are PNG images (Windows Vista and later read them). */
function icoFile(pngs: ReadonlyMap<number, Buffer>, sizes: readonly number[]): Buffer {
  const header = Buffer.alloc(6 + 16 * sizes.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(sizes.length, 4);
  let offset = header.length;
  const images: Buffer[] = [];
  sizes.forEach((size, index) => {
    const png = pngs.get(size)!;
    const entry = 6 + 16 * index;
    header.writeUInt8(size >= 256 ? 0 : size, entry);
    header.writeUInt8(size >= 256 ? 0 : size, entry + 1);
    header.writeUInt16LE(1, entry + 4);
    header.writeUInt16LE(32, entry + 6);
    header.writeUInt32LE(png.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += png.length;
    images.push(png);
  });
  return Buffer.concat([header, ...images]);
}

/** An ICNS file with one PNG element per type. */
function icnsFile(pngs: ReadonlyMap<number, Buffer>): Buffer {
  const elements = macTypes.map(([type, size]) => {
    const png = pngs.get(size)!;
    const elementHeader = Buffer.alloc(8);
    elementHeader.write(type, 0, 'ascii');
    elementHeader.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([elementHeader, png]);
  });
  const body = Buffer.concat(elements);
  const fileHeader = Buffer.alloc(8);
  fileHeader.write('icns', 0, 'ascii');
  fileHeader.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([fileHeader, body]);
}

const svg = await readFile(new URL('icon.svg', import.meta.url), 'utf8');
const pngs = await renderPngs(svg, linuxSizes);
await mkdir(new URL('icons/', import.meta.url), { recursive: true });
for (const size of linuxSizes) await writeFile(new URL(`icons/${size}x${size}.png`, import.meta.url), pngs.get(size)!);
await writeFile(new URL('icon.ico', import.meta.url), icoFile(pngs, windowsSizes));
await writeFile(new URL('icon.icns', import.meta.url), icnsFile(pngs));
await copyFile(new URL('icon.svg', import.meta.url), faviconPath);
console.log(`icons written to ${buildFolder}`);
