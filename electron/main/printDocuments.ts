/**
 * The documents print windows load: report HTML kept in memory and served at
 * `app://print/<random>.html` in the print session only, with a CSP that lets the page fetch
 * nothing (inline styles and data: images are all a self-contained report needs). No temporary
 * file and no file:// page. Plain Node and WHATWG Response, so Vitest runs it.
 */
import { randomBytes } from 'node:crypto';

/** The policy every print document is served with. */
export const printDocumentPolicy =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The app:// host print documents are served from (only the print session handles it). */
const printHost = 'print';

/** Report documents being printed right now, by URL. */
export class PrintDocuments {
  private readonly htmlByUrl = new Map<string, string>();

  /** Keep `html` until removed; returns the URL a print window loads it from. */
  add(html: string): string {
    const url = `app://${printHost}/${randomBytes(16).toString('hex')}.html`;
    this.htmlByUrl.set(url, html);
    return url;
  }

  /** Forget a document once it is printed. */
  remove(url: string): void {
    this.htmlByUrl.delete(url);
  }

  /** True while `url` is a document being printed. */
  has(url: string): boolean {
    return this.htmlByUrl.has(url);
  }

  /** The protocol handler for the print session (protocol.handle('app', ...)). */
  readonly handle = async (request: { url: string; method: string }): Promise<Response> => {
    const html = this.htmlByUrl.get(request.url);
    if (html === undefined || request.method !== 'GET') {
      return new Response('not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
    }
    return new Response(html, {
      status: 200,
      headers: {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': printDocumentPolicy,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
      },
    });
  };
}
