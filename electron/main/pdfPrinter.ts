/**
 * HTML to PDF for reports: the HTML is written to a temporary file (data: URLs are capped at
 * 2 MB in Chromium, too small for reports with chart images) and loaded in a hidden, offscreen,
 * sandboxed window with JavaScript disabled, in its own in-memory session that fetches nothing
 * but that file; then webContents.printToPDF renders A4 pages.
 */
import { BrowserWindow, session, type Session } from 'electron';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { lockDownSession } from './windowSecurity.ts';

/** The in-memory session partition print windows use (no cookies or cache shared with the app). */
const printPartition = 'ym-pdf-printer';

/** File URLs of documents being printed right now: the only requests the print session allows. */
const documentsBeingPrinted = new Set<string>();
let printSession: Session | null = null;

function preparedPrintSession(): Session {
  if (printSession) return printSession;
  const created = session.fromPartition(printPartition, { cache: false });
  lockDownSession(created);
  // Self-contained means self-contained: images must be data: URLs, nothing is fetched.
  created.webRequest.onBeforeRequest((details, callback) => {
    const allowed = details.url.startsWith('data:') || documentsBeingPrinted.has(details.url);
    callback({ cancel: !allowed });
  });
  printSession = created;
  return created;
}

/** Render `html` to an A4 PDF and return its bytes. */
export async function printHtmlToPdf(html: string): Promise<Uint8Array> {
  const folder = await mkdtemp(path.join(tmpdir(), 'ym-print-'));
  const documentPath = path.join(folder, 'report.html');
  const documentUrl = pathToFileURL(documentPath).href;
  await writeFile(documentPath, html, 'utf8');
  documentsBeingPrinted.add(documentUrl);
  const window = new BrowserWindow({
    show: false,
    width: 794,
    height: 1123,
    webPreferences: {
      offscreen: true,
      javascript: false,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      session: preparedPrintSession(),
    },
  });
  try {
    await window.loadURL(documentUrl);
    const pdf = await window.webContents.printToPDF({ pageSize: 'A4', printBackground: true, preferCSSPageSize: true });
    return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength).slice();
  } finally {
    documentsBeingPrinted.delete(documentUrl);
    window.destroy();
    await rm(folder, { recursive: true, force: true });
  }
}
