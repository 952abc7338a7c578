/**
 * How the desktop engine's MessagePort reaches the page (issue #12 §1). Main posts it to the
 * preload on `enginePortChannel`; the preload cannot pass a port through contextBridge, so it
 * forwards it with window.postMessage (as Electron's MessagePorts guide shows) under
 * `enginePortMessage`, when the page asks with `enginePortRequest` (its listener is then in place).
 */

/** The main -> preload channel that carries the port. */
export const enginePortChannel = 'yield-monitor:engine-port';

/** The page -> preload request for the port (a window message). */
export const enginePortRequest = 'yield-monitor:engine-port-request';

/** The preload -> page message that transfers the port. */
export const enginePortMessage = 'yield-monitor:engine-port-ready';
