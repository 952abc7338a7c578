/**
 * The served mode from a Node test's side: a throwaway web root for `startServedApp` (the tests drive
 * the HostApi and the engine, not the page), and the engine connection the served page makes, over the
 * app's WebSocket with its token in the URL. Shared by the served host's and the lake workspace's tests.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { EngineConnection } from '../../shared/engine/engineClient.ts';
import { decodeFrame, encodeFrame, type EngineReply, type EngineRequest, type EngineTransport } from '../../shared/engine/engineProtocol.ts';
import type { ServedApp } from '../../node/serve/servedApp.ts';

/** A temporary folder with a one-line index.html to serve; the caller removes it. */
export function servedWebRoot(prefix: string): string {
  const webRoot = mkdtempSync(path.join(tmpdir(), prefix));
  writeFileSync(path.join(webRoot, 'index.html'), '<!doctype html><title>Yield Monitor</title>');
  return webRoot;
}

/**
 * An engine connection to a served app over a WebSocket from Node (the browser uses its own WebSocket the
 * same way): with `token` in the URL (null: none, for the refusals), and the client's request timeout.
 */
export async function connectServedEngine(app: Pick<ServedApp, 'port' | 'token'>, token: string | null = app.token, timeoutMs?: number): Promise<EngineConnection> {
  const socket = new WebSocket(`ws://127.0.0.1:${app.port}/engine${token === null ? '' : `?token=${token}`}`);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const transport: EngineTransport<EngineRequest, EngineReply> = {
    send: (message) => socket.send(encodeFrame(message)),
    onMessage: (receiver) => socket.on('message', (data: Buffer) => receiver(decodeFrame(new Uint8Array(data)) as never)),
    onClose: (callback) => socket.on('close', () => callback('closed')),
    close: () => socket.close(),
  };
  return new EngineConnection(transport, timeoutMs);
}
