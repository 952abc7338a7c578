import type { HostApi } from '@shared/host/hostApi';
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
  if (window.yieldMonitorHost) return window.yieldMonitorHost;
  const token = servedToken(window.location);
  return token === null ? new BrowserHost() : new ServedHost(token, new URL('./', window.location.href));
}

/** The host for this window. */
export const host: HostApi = chooseHost();
