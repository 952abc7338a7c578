import type { HostApi } from '@shared/host/hostApi';
import { electronEngineTransport } from '../../engine/electronEngine';
import { BrowserHost } from './browserHost';
import { ServedHost, servedToken } from './servedHost';

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent in the browser. */
    yieldMonitorHost?: HostApi;
  }
}

/** The host for this window: Electron's preload API, the served mode's server (a `?token=` URL), else the browser's. */
function chooseHost(): HostApi {
  // The desktop engine (native DuckDB in Electron's utility process) comes over a MessagePort the
  // preload forwards; the browser build has neither and keeps duckdb-wasm.
  if (window.yieldMonitorHost) return { ...window.yieldMonitorHost, connectEngine: () => electronEngineTransport() };
  const token = servedToken(window.location);
  return token === null ? new BrowserHost() : new ServedHost(token, new URL('./', window.location.href));
}

/** The host for this window. */
export const host: HostApi = chooseHost();
