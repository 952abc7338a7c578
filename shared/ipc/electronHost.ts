/**
 * What window.yieldMonitorHost offers in Electron beyond HostApi. shared/ cannot name DOM types,
 * so the dropped-file type is a parameter: the renderer uses `ElectronHostExtras<File>`.
 */
import type { HostApi, PickedFile } from '../host/hostApi.ts';

/** Electron-only extras on the exposed host object. */
export interface ElectronHostExtras<DroppedFile = unknown> {
  /** Register a File dropped on the window (main gets its path from the preload, never the page). */
  registerDroppedFile(file: DroppedFile): Promise<PickedFile>;
  /** Run `listener` when the user picks File > Open in the menu; returns an unsubscribe function. */
  onOpenFilesRequested(listener: () => void): () => void;
}

/** The full shape of window.yieldMonitorHost under Electron. */
export type ElectronHostApi<DroppedFile = unknown> = HostApi & ElectronHostExtras<DroppedFile>;

/** The global name the preload exposes the host under. */
export const hostGlobalName = 'yieldMonitorHost';
