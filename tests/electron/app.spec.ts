/**
 * The desktop app end to end: launch the built app (out/main/index.js) in Electron and check the
 * window title and that the overview shows. Skips, printing why, where no Electron binary exists.
 * Build first with `npx electron-vite build`.
 */
import { _electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const builtMainEntry = path.join(projectRoot, 'out', 'main', 'index.js');

type ElectronBinaryLookup = { found: true; executablePath: string } | { found: false; reason: string };

/**
 * Where the Electron executable is, without require('electron'): in electron@45 that require
 * tries to download the binary when it is absent, which hangs or fails offline. This reads the
 * same path.txt the package's index.js reads, and honours ELECTRON_OVERRIDE_DIST_PATH like it.
 */
function findElectronBinary(): ElectronBinaryLookup {
  const missing = 'no Electron binary on this machine (electron@45 downloads it on first launch)';
  let packageFolder: string;
  try {
    packageFolder = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { found: false, reason: `${missing}; the electron package is not installed` };
  }
  const pathFile = path.join(packageFolder, 'path.txt');
  const relativeExecutable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const overrideFolder = process.env['ELECTRON_OVERRIDE_DIST_PATH'];
  const executablePath = overrideFolder
    ? path.join(overrideFolder, relativeExecutable || 'electron')
    : path.join(packageFolder, 'dist', relativeExecutable);
  if (!overrideFolder && relativeExecutable === '') return { found: false, reason: `${missing}; ${pathFile} is absent` };
  if (!existsSync(executablePath)) return { found: false, reason: `${missing}; ${executablePath} does not exist` };
  try {
    accessSync(executablePath, constants.X_OK);
  } catch {
    return { found: false, reason: `${missing}; ${executablePath} is not executable` };
  }
  return { found: true, executablePath };
}

/** Locators and reads for the desktop window, kept out of the steps below. */
class DesktopWindow {
  constructor(
    private readonly application: ElectronApplication,
    readonly page: Page,
  ) {}

  /** The native window title (not document.title). */
  nativeTitle(): Promise<string> {
    return this.application.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.getTitle() ?? '');
  }

  /** Whether the preload exposed the host API to the page. */
  hostKind(): Promise<string | null> {
    return this.page.evaluate(() => (window as { yieldMonitorHost?: { kind: string } }).yieldMonitorHost?.kind ?? null);
  }

  get kpiTiles() {
    return this.page.getByTestId('kpi-tiles');
  }

  get status() {
    return this.page.getByTestId('status');
  }
}

test.describe('desktop app', () => {
  let application: ElectronApplication | null = null;
  let workspaceFolder = '';

  test.afterEach(async () => {
    await application?.close();
    application = null;
    if (workspaceFolder) rmSync(workspaceFolder, { recursive: true, force: true });
  });

  test('opens the window titled Yield Monitor and shows the overview', async () => {
    const electronBinary = findElectronBinary();
    if (!electronBinary.found) {
      console.log(`[electron spec skipped] ${electronBinary.reason}`);
      test.skip(true, electronBinary.reason);
      return;
    }
    expect(existsSync(builtMainEntry), `${builtMainEntry} is missing: run \`npx electron-vite build\` first`).toBe(true);
    workspaceFolder = mkdtempSync(path.join(tmpdir(), 'ym-electron-e2e-'));
    application = await _electron.launch({
      executablePath: electronBinary.executablePath,
      args: [builtMainEntry],
      cwd: projectRoot,
      env: { ...process.env, YIELD_MONITOR_WORKSPACE: workspaceFolder },
    });
    const desktop = new DesktopWindow(application, await application.firstWindow());

    expect(await desktop.nativeTitle()).toBe('Yield Monitor');
    expect(await desktop.hostKind()).toBe('electron');
    // The overview replaces the splash once the workspace is ready (sample data on first start).
    await expect(desktop.kpiTiles).toBeVisible({ timeout: 120_000 });
    await expect(desktop.status).toBeVisible();
  });
});
