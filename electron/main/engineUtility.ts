/**
 * The desktop engine's process side (issue #12 §1): native DuckDB in an Electron utilityProcess,
 * so main never blocks on a query. Main creates a MessageChannelMain per window and hands one port
 * to the window's preload and the other to this process with a `connect` message; each port then
 * carries engineProtocol messages (header and body posted as they are) to the one EngineHost.
 * No Electron import: the ports are described by the small interfaces below (Electron's
 * MessagePortMain and the utility process's parentPort fit them), and a Node test fakes them.
 */
import type { EngineMessage, EngineReply, EngineTransport } from '../../shared/engine/engineProtocol.ts';
import type { EngineHost } from '../../node/engine/engineServer.ts';

/** What the engine needs of Electron's MessagePortMain. */
export interface EnginePort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  on(event: 'close', listener: () => void): void;
  postMessage(message: unknown): void;
  start(): void;
  close(): void;
}

/** What the engine needs of `process.parentPort` in a utility process. */
export interface EngineParentPort {
  on(event: 'message', listener: (event: { data: unknown; ports: EnginePort[] }) => void): void;
}

/** The message main sends with a window's port. */
export const connectMessage = 'yield-monitor:engine-connect';

/** An engine transport over one MessagePortMain: `{header, body}` objects, the body as bytes. */
export function enginePortTransport(port: EnginePort): EngineTransport<EngineReply, unknown> {
  return {
    send: (message) => port.postMessage(message),
    onMessage: (receiver) => port.on('message', ({ data }) => {
      const message = data as Partial<EngineMessage<unknown>> | null;
      if (message === null || typeof message !== 'object' || !('header' in message)) return;
      const body = message.body instanceof Uint8Array ? message.body : undefined;
      receiver(body ? { header: message.header, body } : { header: message.header });
    }),
    onClose: (callback) => port.on('close', () => callback('the window closed its engine port')),
    close: () => port.close(),
  };
}

/**
 * Serve every port main sends with `connectMessage` until the process ends. Listen before DuckDB
 * has started (pass its promise): main connects the window while the engine still opens, and a
 * port's messages wait in it until it is started.
 */
export function serveEnginePorts(parentPort: EngineParentPort, host: EngineHost | Promise<EngineHost>): void {
  parentPort.on('message', ({ data, ports }) => {
    if (data !== connectMessage) return;
    void Promise.resolve(host).then((ready) => {
      for (const port of ports) {
        ready.serve(enginePortTransport(port));
        port.start();
      }
    });
  });
}
