/** Headless PDF of the report's HTML layout: Debian's Chromium prints the same page the app shows. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Chromium used for printing: CHROMIUM_PATH, else Debian's /usr/bin/chromium. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

/** Raised when Chromium is missing or fails to print; the message says what to do. */
export class PdfPrintError extends Error {}

function runChromium(executable: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(executable, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** Print an HTML document to PDF bytes with headless Chromium (A4 from the document's @page rule). */
export async function htmlToPdf(html: string): Promise<Uint8Array> {
  const executable = chromiumPath();
  if (!existsSync(executable)) {
    throw new PdfPrintError(`Chromium not found at ${executable}: install Debian's "chromium" package or set CHROMIUM_PATH to a Chromium/Chrome binary (XLSX and CSV need no browser)`);
  }
  const folder = await mkdtemp(join(tmpdir(), 'ym-report-'));
  try {
    const page = join(folder, 'report.html');
    const pdf = join(folder, 'report.pdf');
    await writeFile(page, html, 'utf8');
    const result = await runChromium(executable, [
      '--headless', '--no-sandbox', '--disable-gpu', '--no-pdf-header-footer', '--disable-background-networking',
      '--no-first-run', `--user-data-dir=${join(folder, 'profile')}`, `--print-to-pdf=${pdf}`, pathToFileURL(page).href,
    ]);
    if (!existsSync(pdf)) throw new PdfPrintError(`Chromium did not print the report (exit ${result.code}): ${result.output.trim().slice(-400)}`);
    return new Uint8Array(await readFile(pdf));
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
