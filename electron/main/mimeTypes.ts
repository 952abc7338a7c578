/**
 * Content types for files served over app://. Chromium refuses to stream-compile WebAssembly
 * unless it is served as application/wasm, and module scripts need a JavaScript type.
 */
import path from 'node:path';

const contentTypesByExtension: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

/** The Content-Type for a file name, application/octet-stream when unknown. */
export function contentTypeFor(fileName: string): string {
  return contentTypesByExtension[path.extname(fileName).toLowerCase()] ?? 'application/octet-stream';
}
