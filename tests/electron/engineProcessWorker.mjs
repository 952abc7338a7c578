// Stand-in for Electron's utilityProcess (issue #12 §1): a worker thread that runs the real
// electron/main/engineProcess.ts. The worker's parentPort is reshaped into `process.parentPort`
// as a utility process sees it: `{ data, ports }` events whose ports are MessagePortMain-like.
import { EventEmitter } from 'node:events';
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();

/** A Node MessagePort shaped like Electron's MessagePortMain (listeners get `{ data }`). */
function asElectronPort(port) {
  return {
    on: (event, listener) => (event === 'message' ? port.on('message', (data) => listener({ data })) : port.on('close', listener)),
    postMessage: (message) => port.postMessage(message),
    start: () => port.start(),
    close: () => port.close(),
  };
}

// Electron's parentPort queues messages until its first 'message' listener is added; so does this one
// (engineProcess.ts is still loading when the first connect arrives).
const utilityParentPort = new EventEmitter();
const early = [];
const deliver = ({ data, port }) => utilityParentPort.emit('message', { data, ports: port ? [asElectronPort(port)] : [] });
parentPort.on('message', (message) => (utilityParentPort.listenerCount('message') === 0 ? early.push(message) : deliver(message)));
utilityParentPort.on('newListener', (event) => {
  if (event === 'message') queueMicrotask(() => early.splice(0).forEach(deliver));
});
process.parentPort = utilityParentPort;
await import('../../electron/main/engineProcess.ts');
