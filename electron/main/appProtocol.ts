/**
 * The app:// protocol handler: `app://renderer/...` serves the built renderer (out/renderer) with
 * the CSP header, read-only. Nothing else is served; workspace files reach the renderer only
 * through the checked IPC channels. Uses only Node and the WHATWG Response, so Vitest can
 * exercise it without Electron; index.ts passes it to protocol.handle('app', ...).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { contentTypeFor } from './mimeTypes.ts';
import { resolveWorkspacePath, WorkspacePathError } from '../../node/workspace/workspaceFiles.ts';

/** The custom scheme name. */
export const appScheme = 'app';

/** The origin the packaged renderer runs at. */
export const rendererOrigin = 'app://renderer';

/** Where the packaged renderer's entry page lives. */
export const rendererEntryUrl = `${rendererOrigin}/index.html`;

/**
 * The Content-Security-Policy sent with every renderer page. connect-src also allows blob:
 * because renderer/index.html's meta CSP does, and a page obeys both policies at once. No
 * <base> element, no form submission, and no page may frame the app.
 */
export const contentSecurityPolicy =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; " +
  "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self' blob:; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * The same policy as renderer/index.html states it in its meta element (which the browser build
 * relies on): frame-ancestors is left out because browsers ignore it in a meta element.
 */
export const metaContentSecurityPolicy = contentSecurityPolicy.replace("; frame-ancestors 'none'", '');

/** The parts of a request the handler reads (a WHATWG Request satisfies it). */
export interface AppRequest {
  url: string;
  method: string;
}

/** What the handler serves. */
export interface AppProtocolOptions {
  /** The built renderer folder (out/renderer). */
  rendererRoot: string;
}

/** Build the handler for protocol.handle('app', ...). */
export function createAppProtocolHandler(options: AppProtocolOptions): (request: AppRequest) => Promise<Response> {
  return async (request) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return plainResponse(400, 'bad url');
    }
    if (url.host !== 'renderer') return plainResponse(404, 'unknown app:// host');
    const relativePath = decodePathname(url.pathname);
    if (relativePath === null) return plainResponse(400, 'bad path');
    return serveRendererFile(options.rendererRoot, relativePath, request.method);
  };
}

function decodePathname(pathname: string): string | null {
  try {
    return decodeURIComponent(pathname).replace(/^\/+/, '');
  } catch {
    return null;
  }
}

async function serveRendererFile(rendererRoot: string, relativePath: string, method: string): Promise<Response> {
  if (method !== 'GET' && method !== 'HEAD') return plainResponse(405, 'method not allowed');
  const fileLookup = await findFile(rendererRoot, relativePath === '' ? 'index.html' : relativePath);
  if (fileLookup.kind !== 'found') return plainResponse(fileLookup.status, fileLookup.kind);
  const headers = new Headers({
    'Content-Type': contentTypeFor(fileLookup.absolutePath),
    'Content-Length': String(fileLookup.size),
    'X-Content-Type-Options': 'nosniff',
  });
  if (fileLookup.absolutePath.endsWith('.html')) headers.set('Content-Security-Policy', contentSecurityPolicy);
  const body = method === 'HEAD' ? null : fileStream(fileLookup.absolutePath, fileLookup.size);
  return new Response(body, { status: 200, headers });
}

type FileLookup =
  | { kind: 'found'; absolutePath: string; size: number }
  | { kind: 'not found'; status: 404 }
  | { kind: 'forbidden path'; status: 403 };

async function findFile(root: string, relativePath: string): Promise<FileLookup> {
  let absolutePath: string;
  try {
    // The renderer folder gets the same path rules as the workspace: no '..', NUL or absolute paths.
    absolutePath = resolveWorkspacePath(root, relativePath);
  } catch (error) {
    if (error instanceof WorkspacePathError) return { kind: 'forbidden path', status: 403 };
    throw error;
  }
  try {
    const details = await stat(absolutePath);
    if (!details.isFile()) return { kind: 'not found', status: 404 };
    return { kind: 'found', absolutePath, size: details.size };
  } catch {
    return { kind: 'not found', status: 404 };
  }
}

function fileStream(absolutePath: string, size: number): ReadableStream<Uint8Array> | null {
  if (size === 0) return null;
  // Readable.toWeb returns node:stream/web's ReadableStream; it is the same object the DOM
  // typings describe, but the two declaration sets are not assignable to each other.
  return Readable.toWeb(createReadStream(absolutePath)) as unknown as ReadableStream<Uint8Array>;
}

function plainResponse(status: number, message: string): Response {
  return new Response(message, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}
