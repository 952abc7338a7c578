/**
 * A page's connection to an EngineHost in this process, as the desktop window (MessagePort) and the
 * served page (WebSocket) have one: every message is structured-cloned across, in a later microtask.
 */
import { EngineConnection, RemoteSqlEngine, RemoteWorkspace } from '../../shared/engine/engineClient.ts';
import type { EngineMessage, EngineReply, EngineRequest, EngineTransport } from '../../shared/engine/engineProtocol.ts';
import { EngineHost } from '../../node/engine/engineServer.ts';

/** Serve one in-process connection from `host`. */
export function connect(host: EngineHost): EngineConnection {
  let toPage: ((message: EngineMessage<EngineReply>) => void) | null = null;
  let toHost: ((message: EngineMessage<unknown>) => void) | null = null;
  const hostSide: EngineTransport<EngineReply, unknown> = {
    send: (message) => queueMicrotask(() => toPage?.(structuredClone(message))),
    onMessage: (receiver) => (toHost = receiver),
    onClose: () => undefined,
    close: () => undefined,
  };
  const pageSide: EngineTransport<EngineRequest, EngineReply> = {
    send: (message) => queueMicrotask(() => toHost?.(structuredClone(message))),
    onMessage: (receiver) => (toPage = receiver),
    onClose: () => undefined,
    close: () => undefined,
  };
  host.serve(hostSide);
  return new EngineConnection(pageSide);
}

/** A host over `root` (native DuckDB, one thread) and a page's opened session on it; close both when done. */
export async function openInProcessHost(root: string, allowWrites: boolean): Promise<{ host: EngineHost; connection: EngineConnection; engine: RemoteSqlEngine; workspace: RemoteWorkspace }> {
  const host = await EngineHost.create({ root, allowWrites, threads: 1 });
  const connection = connect(host);
  const workspace = new RemoteWorkspace(connection);
  await workspace.open();
  return { host, connection, engine: new RemoteSqlEngine(connection), workspace };
}
