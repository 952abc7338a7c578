/**
 * The desktop engine's transport, seen from the page (issue #12 §1): native DuckDB in Electron's
 * utility process, over the MessagePort main created for this window. The preload forwards that
 * port with window.postMessage when asked (see shared/ipc/enginePort.ts). Headers and Arrow IPC
 * bodies are posted as they are: a body arriving from the engine is the Uint8Array itself, never
 * JSON rows. (Electron copies bytes between processes whatever the transfer list says; it only
 * transfers ports: https://github.com/electron/electron/issues/34905.)
 */
import type { EngineMessage, EngineReply, EngineRequest, EngineTransport } from '@shared/engine/engineProtocol';
import { enginePortMessage, enginePortRequest } from '@shared/ipc/enginePort';

/** How long to wait for main's port before saying the engine process is not there. */
const portWaitMs = 30_000;

/** Ask the preload for this window's engine port and wrap it as an engine transport. */
export async function electronEngineTransport(target: Window = window): Promise<EngineTransport<EngineRequest, EngineReply>> {
  const port = await new Promise<MessagePort>((resolve, reject) => {
    const timer = setTimeout(() => {
      target.removeEventListener('message', receive);
      reject(new Error('the desktop engine process did not connect (no engine port from the main process)'));
    }, portWaitMs);
    function receive(event: MessageEvent): void {
      if (event.source !== target || event.data !== enginePortMessage || event.ports[0] === undefined) return;
      clearTimeout(timer);
      target.removeEventListener('message', receive);
      resolve(event.ports[0]);
    }
    target.addEventListener('message', receive);
    target.postMessage(enginePortRequest, target.location.origin);
  });
  return messagePortTransport(port);
}

/** An engine transport over a DOM MessagePort carrying `{ header, body }` messages. */
export function messagePortTransport(port: MessagePort): EngineTransport<EngineRequest, EngineReply> {
  const closeListeners: ((reason: string) => void)[] = [];
  port.addEventListener('close', () => {
    for (const listener of closeListeners) listener('the desktop engine process went away');
  });
  return {
    send: (message) => port.postMessage(message),
    onMessage: (receiver) => {
      port.addEventListener('message', (event: MessageEvent<EngineMessage<EngineReply>>) => receiver(event.data));
      port.start();
    },
    onClose: (callback) => closeListeners.push(callback),
    close: () => port.close(),
  };
}
