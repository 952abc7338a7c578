/**
 * The app's first view at fab scale, as a user sees it (issue #12 §8: <= 3 s): `yield-monitor
 * serve` started on the fab-scale workspace, Debian's Chromium opening its URL, and the time from
 * starting the server to the overview's KPI tiles showing their numbers (the dies count), to the
 * yields (per product with several products; from the per-wafer summary, like the tiles), then to
 * the whole overview (the per-product yields and the period change, which read the dies). Served
 * mode runs the desktop's engine path (native DuckDB in the engine host, the same renderer).
 *
 * Runs, each with a new server and a new page in one browser:
 * - the first start without the workspace's summary cache (after an upgrade, or a cache deleted),
 *   writable as the desktop is: it builds the cache;
 * - then `--runs N` starts with the cache, writable (the desktop) and read-only (a shift lead's browser).
 * `npx tsx bench/servedFirstViewBench.ts --workspace DIR [--runs N]`; skipped, saying why, without
 * /usr/bin/chromium. Builds the browser renderer (`npm run web:build`) when dist-web is missing.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { option } from './benchOptions.ts';
import { startServe } from '../node/serve/serveProcess.ts';

const workspaceDir = option('--workspace');
if (!workspaceDir) throw new Error('servedFirstViewBench: --workspace DIR is required (bench/run.ts passes the fab-scale workspace)');
const runs = Number(option('--runs') ?? 3);
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const targetMs = 3000;
/** A start that has not shown the overview after this long is reported as timed out. */
const patienceMs = 180_000;

interface Start {
  /** Server started to the URL printed (listening). */
  listeningMs: number;
  /** Server started to the KPI tiles' numbers on screen. */
  firstViewMs: number;
  /** Server started to the yield tile's percent(s) on screen. */
  yieldsMs: number;
  /** Server started to the per-product yields and the period change on screen. */
  overviewMs: number;
}

/**
 * Settles once an element matching `selector` shows text matching `pattern`, checked at every
 * animation frame: the page's first painted frame with it, give or take one frame (a locator's
 * wait polls at up to 500 ms and added that much to a figure).
 */
async function shown(page: Page, selector: string, pattern: string): Promise<void> {
  await page.waitForFunction(([css, source]) => {
    const text = document.querySelector(css)?.textContent?.trim() ?? '';
    return new RegExp(source).test(text);
  }, [selector, pattern] as const, { polling: 'raf', timeout: patienceMs });
}

/** One start: the server on `folder`, a new page on its URL, the times until the overview shows. */
async function measureStart(context: BrowserContext, folder: string, allowImport: boolean, untilLoaded = false): Promise<Start> {
  const started = performance.now();
  const server = await startServe(folder, { allowImport, web: 'dist-web' });
  const listeningMs = performance.now() - started;
  const page = await context.newPage();
  try {
    await page.goto(server.url);
    await shown(page, '[data-testid="kpi-dies"] .value', '\\d');
    const firstViewMs = performance.now() - started;
    await shown(page, '[data-testid="kpi-yield"]', '%');
    const yieldsMs = performance.now() - started;
    // The change tile shows "…" while the dies load behind the first view, then a figure or "–".
    await shown(page, '[data-testid="kpi-change"] .value', '^(?!…$).+$');
    const overviewMs = performance.now() - started;
    // The host writes the summary cache once every table is in, then says so.
    if (untilLoaded) await server.printed('test results loaded');
    return { listeningMs, firstViewMs, yieldsMs, overviewMs };
  } finally {
    await page.close();
    await server.stop();
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

/** Each figure's median over the starts. */
function medianStart(starts: readonly Start[]): Start {
  return {
    listeningMs: median(starts.map((entry) => entry.listeningMs)), firstViewMs: median(starts.map((entry) => entry.firstViewMs)),
    yieldsMs: median(starts.map((entry) => entry.yieldsMs)), overviewMs: median(starts.map((entry) => entry.overviewMs)),
  };
}

if (!existsSync(chromiumPath)) {
  console.log(`served first view: skipped, no Chromium at ${chromiumPath} (apt-get install chromium)`);
  process.exit(0);
}
if (!existsSync(join('dist-web', 'index.html'))) {
  console.log('served first view: building the browser renderer (npm run web:build)');
  const built = spawnSync('npm', ['run', 'web:build'], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error('servedFirstViewBench: npm run web:build failed');
}

// A copy, so the run without the cache can delete it without touching the shared fab-scale workspace.
const folder = mkdtempSync(join(tmpdir(), 'ym-served-first-view-'));
const profile = mkdtempSync(join(tmpdir(), 'ym-served-profile-'));
cpSync(workspaceDir, folder, { recursive: true });
rmSync(join(folder, 'cache'), { recursive: true, force: true });
const context = await chromium.launchPersistentContext(profile, {
  executablePath: chromiumPath,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  viewport: { width: 1440, height: 900 },
});
try {
  // Kept running until every table is in: the writable host then writes the summary cache the next starts read.
  const cold = await measureStart(context, folder, true, true);
  if (!existsSync(join(folder, 'cache')) || readdirSync(join(folder, 'cache')).length === 0) throw new Error('servedFirstViewBench: the first start wrote no summary cache');
  const cached = { desktop: [] as Start[], readOnly: [] as Start[] };
  for (let run = 0; run < runs; run++) {
    cached.desktop.push(await measureStart(context, folder, true));
    cached.readOnly.push(await measureStart(context, folder, false));
  }
  const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`.padStart(8);
  console.log(`served first view in Chromium, ${workspaceDir} (server start -> numbers on screen; median of ${runs} where cached)`);
  console.log(`${''.padEnd(46)}${'listening'.padStart(10)}${'KPI tiles'.padStart(10)}${'yields'.padStart(10)}${'overview'.padStart(10)}   target ${targetMs / 1000} s / ratio`);
  const rows: [string, Start][] = [
    ['no summary cache, writable (builds it)', cold],
    ['summary cache, writable (the desktop)', medianStart(cached.desktop)],
    ['summary cache, read-only (a floor browser)', medianStart(cached.readOnly)],
  ];
  for (const [label, start] of rows) {
    const met = start.firstViewMs <= targetMs ? 'met' : 'not met';
    console.log(`${label.padEnd(46)}  ${seconds(start.listeningMs)}  ${seconds(start.firstViewMs)}  ${seconds(start.yieldsMs)}  ${seconds(start.overviewMs)}   ${met} (${(start.firstViewMs / targetMs).toFixed(2)}x the target)`);
  }
  console.log(`cached first view / uncached: ${(rows[1]![1].firstViewMs / cold.firstViewMs).toFixed(2)}x`);
} finally {
  await context.close();
  rmSync(folder, { recursive: true, force: true });
  rmSync(profile, { recursive: true, force: true });
}
