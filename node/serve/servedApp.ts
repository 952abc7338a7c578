/**
 * The served mode's HTTP server: the built renderer as static files, HostApi over HTTP
 * (hostRoutes.ts) and the engine protocol over a WebSocket (`/engine`) into one EngineHost.
 * Every request and upgrade must carry the token (header, `?token=`, or the cookie set when the
 * page was opened with it); compared in constant time. Loopback unless told otherwise.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { decodeFrame, encodeFrame, maximumBodyBytes, type EngineReply, type EngineTransport } from '../../shared/engine/engineProtocol.ts';
import type { EngineHost } from '../engine/engineServer.ts';
import { answerHostCall, maximumRequestBytes, type ServedServices } from './hostRoutes.ts';

/** What the server serves and how. */
export interface ServedAppOptions {
  /** The built renderer (index.html and assets). */
  webRoot: string;
  /**
   * The engine's host, or its promise: `serve` listens (and the page loads) while the engine's
   * modules and DuckDB start; engine sockets and the host status wait for it.
   */
  engineHost: EngineHost | Promise<EngineHost>;
  services: ServedServices;
  /** The secret every request must carry (default: 32 random bytes). */
  token?: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
}

/** A running served app. */
export interface ServedApp {
  server: Server;
  token: string;
  /** The URL to open, token included. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Path the page asks whether the served workspace takes writes: JSON `{ writable }` (issue #13: it must disable imports and removals when not). */
export const hostStatusPath = '/host-status';

/** Header a script sends the token in. */
export const tokenHeader = 'x-yield-monitor-token';

const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json; charset=utf-8', '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.gz': 'application/gzip',
  '.txt': 'text/plain; charset=utf-8',
};

/** The same policy the renderer's meta CSP states, as a header (the header also covers workers). */
const contentSecurityPolicy = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self' blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Start serving; resolves once the port is listening. */
export async function startServedApp(options: ServedAppOptions): Promise<ServedApp> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const engineHost = Promise.resolve(options.engineHost);
  // A failed start is answered per request (503 on the engine socket); it is not an unhandled rejection here.
  engineHost.catch(() => undefined);
  const host = options.host ?? '127.0.0.1';
  const sockets = new WebSocketServer({ noServer: true, maxPayload: maximumBodyBytes + 64 * 1024 * 1024 });
  let cookieName = 'ym_token';
  const server = createServer((request, response) => {
    void handleRequest(request, response).catch((error: unknown) => {
      if (!response.headersSent) send(response, 500, 'text/plain; charset=utf-8', `internal error: ${(error as Error).message}`);
      else response.destroy();
    });
  });

  async function handleRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://served.invalid');
    const fromQuery = url.searchParams.get('token');
    if (!carriesToken(request, url, token, cookieName)) {
      const message = 'This Yield Monitor needs the token from the URL `yield-monitor serve` printed.';
      if (url.pathname.startsWith('/api/')) send(response, 401, 'application/json; charset=utf-8', JSON.stringify({ error: message }));
      else send(response, 401, 'text/plain; charset=utf-8', message);
      return;
    }
    if (fromQuery !== null) {
      // The page's own asset and worker requests cannot add a header: they carry the token as a cookie.
      response.setHeader('Set-Cookie', `${cookieName}=${token}; HttpOnly; SameSite=Strict; Path=/`);
    }
    if (url.pathname.startsWith('/api/')) {
      if (request.method !== 'POST') return send(response, 405, 'text/plain; charset=utf-8', 'POST only');
      const body = await readBody(request, maximumRequestBytes);
      if (body === null) return send(response, 413, 'text/plain; charset=utf-8', `request body larger than ${maximumRequestBytes} bytes`);
      const answer = await answerHostCall(options.services, decodeURIComponent(url.pathname.slice('/api/'.length)), body);
      return send(response, answer.status, answer.contentType, answer.body);
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, 'text/plain; charset=utf-8', 'GET only');
    if (url.pathname === hostStatusPath) return send(response, 200, 'application/json; charset=utf-8', JSON.stringify({ writable: (await engineHost).options.allowWrites }));
    await serveStatic(options.webRoot, url.pathname, response);
  }

  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://served.invalid');
    const origin = request.headers.origin;
    const sameOrigin = origin === undefined || safeHost(origin) === request.headers.host;
    if (url.pathname !== '/engine' || !sameOrigin || !carriesToken(request, url, token, cookieName)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    // Accepted once the engine is there, so no message arrives before someone listens for it.
    void engineHost.then(
      (host) => sockets.handleUpgrade(request, socket, head, (webSocket) => host.serve(webSocketTransport(webSocket))),
      () => socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n'),
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  cookieName = `ym_token_${port}`;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    server, token, port,
    url: `http://${urlHost}:${port}/?token=${token}`,
    close: () => new Promise((resolve) => {
      for (const client of sockets.clients) client.terminate();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** True when the request carries the token (header, query or cookie), compared in constant time. */
function carriesToken(request: IncomingMessage, url: URL, token: string, cookieName: string): boolean {
  const header = request.headers[tokenHeader];
  const candidates = [typeof header === 'string' ? header : null, url.searchParams.get('token'), cookieValue(request.headers.cookie, cookieName)];
  return candidates.some((candidate) => candidate !== null && sameSecret(candidate, token));
}

function sameSecret(candidate: string, token: string): boolean {
  // Hashing first makes both sides the same length, so the comparison time says nothing about either.
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(candidate), digest(token));
}

function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of header?.split(';') ?? []) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return null;
}

function safeHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

async function readBody(request: IncomingMessage, limit: number): Promise<Uint8Array | null> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limit) return null;
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    length += chunk.byteLength;
    if (length > limit) return null;
    chunks.push(chunk);
  }
  const body = Buffer.concat(chunks, length);
  return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
}

async function serveStatic(webRoot: string, pathname: string, response: ServerResponse): Promise<void> {
  const root = path.resolve(webRoot);
  let relative: string;
  try {
    relative = decodeURIComponent(pathname).replace(/^\/+/, '') || 'index.html';
  } catch {
    return send(response, 400, 'text/plain; charset=utf-8', 'bad path');
  }
  const file = path.resolve(root, relative);
  const inside = file.startsWith(root + path.sep) && !relative.split('/').some((part) => part.startsWith('.'));
  const info = inside ? await stat(file).catch(() => null) : null;
  if (!info?.isFile()) return send(response, 404, 'text/plain; charset=utf-8', 'not found');
  const type = contentTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  response.setHeader('Content-Security-Policy', contentSecurityPolicy);
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Cache-Control', 'no-store');
  send(response, 200, type, await readFile(file));
}

function send(response: ServerResponse, status: number, contentType: string, body: string | Uint8Array): void {
  response.statusCode = status;
  response.setHeader('Content-Type', contentType);
  response.end(body);
}

/** An engine transport over one WebSocket: one binary frame per message (encodeFrame). */
function webSocketTransport(webSocket: WebSocket): EngineTransport<EngineReply, unknown> {
  return {
    send: (message) => webSocket.send(encodeFrame(message)),
    onMessage: (receiver) => webSocket.on('message', (data: Buffer, isBinary: boolean) => {
      if (!isBinary) return;
      try {
        receiver(decodeFrame(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)));
      } catch {
        webSocket.close(1003, 'malformed engine frame');
      }
    }),
    onClose: (callback) => webSocket.on('close', (code) => callback(`socket closed (${code})`)),
    close: () => webSocket.close(),
  };
}
