/**
 * The engine of the desktop path, seen from the page: native DuckDB in the host's process (the
 * served mode's server; Electron's utility process), reached over a transport that carries
 * engineProtocol messages. Statements and the workspace go through shared/engine/engineClient.ts,
 * so views and stores cannot tell it from duckdb-wasm.
 */
import { EngineConnection, RemoteSqlEngine, RemoteWorkspace } from '@shared/engine/engineClient';
import { decodeFrame, encodeFrame, type EngineReply, type EngineRequest, type EngineTransport } from '@shared/engine/engineProtocol';

/** A connected engine and the workspace its process holds open (not yet opened). */
export interface RemoteEngineSession {
  engine: RemoteSqlEngine;
  workspace: RemoteWorkspace;
}

/** Start a session over a transport. */
export function remoteEngineSession(transport: EngineTransport<EngineRequest, EngineReply>): RemoteEngineSession {
  const connection = new EngineConnection(transport);
  return { engine: new RemoteSqlEngine(connection), workspace: new RemoteWorkspace(connection) };
}

/** Open a WebSocket to the served mode's engine; the page's token cookie (or `?token=`) admits it. */
export async function webSocketTransport(url: string): Promise<EngineTransport<EngineRequest, EngineReply>> {
  const socket = new WebSocket(url);
  socket.binaryType = 'arraybuffer';
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('error', () => reject(new Error(`cannot reach the served engine at ${url.replace(/token=[^&]*/, 'token=…')}`)), { once: true });
  });
  return {
    send: (message) => socket.send(encodeFrame(message) as Uint8Array<ArrayBuffer>),
    onMessage: (receiver) => socket.addEventListener('message', (event: MessageEvent<ArrayBuffer>) => {
      receiver(decodeFrame(new Uint8Array(event.data)) as { header: EngineReply; body?: Uint8Array });
    }),
    onClose: (callback) => socket.addEventListener('close', (event) => callback(`the served engine went away (${event.code})`)),
    close: () => socket.close(),
  };
}
