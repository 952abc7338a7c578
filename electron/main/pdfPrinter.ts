/**
 * HTML to PDF for reports: the HTML is served from memory at app://print/... (see
 * printDocuments.ts; a data: URL is capped at 2 MB in Chromium, too small for reports with chart
 * images: https://github.com/electron/electron/issues/8317) to a hidden, offscreen, sandboxed window with JavaScript disabled, in its own in-memory
 * session that fetches nothing but that document and data: URLs; then webContents.printToPDF
 * renders A4 pages.
 */
import { BrowserWindow, session, type Session } from 'electron';
import { appScheme } from './appProtocol.ts';
import { PrintDocuments } from './printDocuments.ts';
import { lockDownSession } from './windowSecurity.ts';

/** The in-memory session partition print windows use (no cookies or cache shared with the app). */
const printPartition = 'ym-pdf-printer';

/** Documents being printed right now: the only pages the print session serves. */
const documentsBeingPrinted = new PrintDocuments();
let printSession: Session | null = null;

function preparedPrintSession(): Session {
  if (printSession) return printSession;
  const created = session.fromPartition(printPartition, { cache: false });
  lockDownSession(created);
  // The app scheme in this session serves print documents only, never the renderer.
  created.protocol.handle(appScheme, documentsBeingPrinted.handle);
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
  const printing = preparedPrintSession();
  const documentUrl = documentsBeingPrinted.add(html);
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
      session: printing,
    },
  });
  try {
    await window.loadURL(documentUrl);
    const pdf = await window.webContents.printToPDF({ pageSize: 'A4', printBackground: true, preferCSSPageSize: true });
    return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength).slice();
  } finally {
    documentsBeingPrinted.remove(documentUrl);
    window.destroy();
  }
}
