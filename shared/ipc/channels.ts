/**
 * IPC channel names, grouped the way the preload exposes them. Kept apart from the zod schemas
 * in contract.ts so the sandboxed preload bundle carries names only, never a validator.
 */

/** Channels behind the top-level HostApi methods (plus the Electron-only dropped-file channel). */
export const hostChannels = {
  openFiles: 'host:openFiles',
  readFileChunk: 'host:readFileChunk',
  releaseFile: 'host:releaseFile',
  registerDroppedFile: 'host:registerDroppedFile',
  saveExport: 'host:saveExport',
  notify: 'host:notify',
  printToPdf: 'host:printToPdf',
  openWorkspaceFolder: 'host:openWorkspaceFolder',
} as const;

/** Channels behind HostApi.workspace. */
export const workspaceChannels = {
  describe: 'workspace:describe',
  readFile: 'workspace:readFile',
  writeFile: 'workspace:writeFile',
  removeFile: 'workspace:removeFile',
  listFiles: 'workspace:listFiles',
} as const;

/** Channels behind HostApi.watchFolders (Electron only). */
export const watchFolderChannels = {
  add: 'watchFolders:add',
  remove: 'watchFolders:remove',
  list: 'watchFolders:list',
  reportOutcome: 'watchFolders:reportOutcome',
} as const;

/** Events main sends to the renderer (one-way, no reply). */
export const rendererEvents = {
  openFilesRequested: 'menu:openFilesRequested',
  watchFolderFile: 'watchFolders:file',
} as const;

/** Every request/response channel name. */
export type ChannelName =
  | (typeof hostChannels)[keyof typeof hostChannels]
  | (typeof workspaceChannels)[keyof typeof workspaceChannels]
  | (typeof watchFolderChannels)[keyof typeof watchFolderChannels];

/** Every channel name as a list, for registration loops and tests. */
export const allChannelNames: readonly ChannelName[] = [
  ...Object.values(hostChannels),
  ...Object.values(workspaceChannels),
  ...Object.values(watchFolderChannels),
];
