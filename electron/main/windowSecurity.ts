/**
 * Electron security checklist applied to the app: deny navigation, new windows and permission
 * requests, and add the CSP to dev-server responses (app:// responses carry it already).
 */
import type { Session, WebContents } from 'electron';
import { contentSecurityPolicy } from './appProtocol.ts';

/** Permissions the renderer may get; everything else is refused. */
const grantedPermissions: ReadonlySet<string> = new Set(['notifications']);

/** Refuse navigation away from the loaded page, redirects, webviews and every window.open. */
export function lockDownWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** Refuse permission requests and checks except the granted few. */
export function lockDownSession(session: Session): void {
  session.setPermissionRequestHandler((_webContents, permission, callback) => callback(grantedPermissions.has(permission)));
  session.setPermissionCheckHandler((_webContents, permission) => grantedPermissions.has(permission));
}

/** The renderer CSP plus the dev server's websocket (Vite's HMR client) in connect-src. */
export function devServerPolicy(devServerUrl: string): string {
  return contentSecurityPolicy.replace("connect-src 'self'", `connect-src 'self' ws://${new URL(devServerUrl).host}`);
}

/**
 * In dev the renderer comes from the Vite server, so the CSP is added as a response header.
 * Vite's HMR client needs a websocket back to the dev server, hence the extra connect-src.
 */
export function applyDevServerPolicy(session: Session, devServerUrl: string): void {
  const devOrigin = new URL(devServerUrl);
  const devPolicy = devServerPolicy(devServerUrl);
  session.webRequest.onHeadersReceived({ urls: [`${devOrigin.origin}/*`] }, (details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [devPolicy] } });
  });
}
