import type { HostApi } from '@shared/host/hostApi';
import { BrowserHost } from './browserHost';

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent in the browser. */
    yieldMonitorHost?: HostApi;
  }
}

/** The host for this window: Electron's preload API when present, else the browser's. */
export const host: HostApi = window.yieldMonitorHost ?? new BrowserHost();
