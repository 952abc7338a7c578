/**
 * The IPC contract: for every channel, a zod schema for the request arguments (a tuple) and
 * one for the response. Main validates both directions with it; the preload and the renderer's
 * `window.yieldMonitorHost` type derive their signatures from it.
 */
import { z } from 'zod';
import { hostChannels, watchFolderChannels, workspaceChannels, type ChannelName } from './channels.ts';

/** Largest chunk a renderer may ask for in one readFileChunk call (64 MiB). */
export const maximumChunkSize = 64 * 1024 * 1024;

/** Longest workspace-relative path accepted over IPC. */
export const maximumRelativePathLength = 1024;

const noNulCharacter = (text: string): boolean => !text.includes('\0');

/** A workspace-relative path as the renderer sends it (fully checked again in workspaceFiles). */
export const relativePathSchema = z
  .string()
  .max(maximumRelativePathLength)
  .refine(noNulCharacter, 'path contains a NUL character');

/** An opaque file token handed out by main. */
export const fileTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{8,128}$/, 'malformed file token');

/**
 * Largest file body one IPC message carries (1 GiB): a workspace file, an export or a printed
 * PDF. Workspace tables are written in slices of at most 2 million rows, far below it.
 */
export const maximumFileBytes = 1024 * 1024 * 1024;

/** Most entries a listing or a file selection returns in one message. */
export const maximumListLength = 100_000;

/** Longest absolute path main reports or accepts (a dropped file, the workspace folder). */
export const maximumAbsolutePathLength = 4096;

/** Bytes as a plain Uint8Array of at most `maximumBytes` (any backing buffer; HostApi does not promise an ArrayBuffer). */
function byteArraySchema(maximumBytes: number) {
  return z
    .custom<Uint8Array>((value) => value instanceof Uint8Array, 'expected a Uint8Array')
    .refine((bytes) => bytes.byteLength <= maximumBytes, `more than ${maximumBytes} bytes`);
}

/** Mirrors OpenFilesOptions in shared/host/hostApi.ts. */
export const openFilesOptionsSchema = z.object({
  title: z.string().max(200),
  filters: z
    .array(
      z.object({
        name: z.string().max(100),
        extensions: z.array(z.string().regex(/^[A-Za-z0-9*]{1,16}$/, 'bad extension')).max(32),
      }),
    )
    .max(20),
});

/** Mirrors PickedFile in shared/host/hostApi.ts. */
export const pickedFileSchema = z.object({
  token: fileTokenSchema,
  name: z.string().max(1024),
  size: z.number().int().nonnegative(),
});

/** Mirrors SaveResult in shared/host/hostApi.ts. */
export const saveResultSchema = z.object({
  saved: z.boolean(),
  location: z.string().max(maximumAbsolutePathLength).optional(),
});

/** A file name suggestion: no folders, no NUL. */
const suggestedFileNameSchema = z
  .string()
  .min(1)
  .max(255)
  .refine((name) => noNulCharacter(name) && !/[\\/]/.test(name), 'file name must not contain a folder');

/** Largest HTML document printToPdf accepts (64 MiB, room for embedded chart images). */
export const maximumPrintHtmlLength = 64 * 1024 * 1024;

/** An opaque watched-folder id handed out by main. */
export const watchFolderIdSchema = z.string().regex(/^[A-Za-z0-9_-]{4,64}$/, 'malformed folder id');

/** Mirrors WatchFolderFileState in shared/host/hostApi.ts. */
export const watchFolderFileStateSchema = z.object({
  name: z.string().min(1).max(4096),
  size: z.number().int().nonnegative(),
  status: z.enum(['settling', 'ready', 'imported', 'duplicate', 'failed', 'removed']),
  error: z.string().max(4000).optional(),
  picked: pickedFileSchema.optional(),
  final: z.boolean().optional(),
  replaces: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/).optional(),
});

/** Mirrors WatchFolderState in shared/host/hostApi.ts. */
export const watchFolderStateSchema = z.object({
  id: watchFolderIdSchema,
  location: z.string().max(maximumAbsolutePathLength),
  files: z.array(watchFolderFileStateSchema).max(100_000),
});

/** Mirrors WatchFolderFileEvent: validated in main before it is sent to the renderer. */
export const watchFolderFileEventSchema = z.object({ folderId: watchFolderIdSchema, file: watchFolderFileStateSchema });

/** Mirrors WatchImportResult in shared/watch/watchPolicy.ts. */
export const watchImportResultSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('imported') }),
  z.object({ kind: z.literal('duplicate') }),
  z.object({ kind: z.literal('failed'), error: z.string().min(1).max(4000) }),
]);

/** Request and response schemas for every channel. */
export const ipcContract = {
  [hostChannels.openFiles]: {
    request: z.tuple([openFilesOptionsSchema]),
    response: z.array(pickedFileSchema).max(maximumListLength),
  },
  [hostChannels.readFileChunk]: {
    request: z.tuple([
      fileTokenSchema,
      z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
      z.number().int().positive().max(maximumChunkSize),
    ]),
    response: byteArraySchema(maximumChunkSize),
  },
  [hostChannels.releaseFile]: {
    request: z.tuple([fileTokenSchema]),
    response: z.void(),
  },
  [hostChannels.registerDroppedFile]: {
    request: z.tuple([z.string().min(1).max(maximumAbsolutePathLength).refine(noNulCharacter, 'path contains a NUL character')]),
    response: pickedFileSchema,
  },
  [hostChannels.saveExport]: {
    request: z.tuple([suggestedFileNameSchema, byteArraySchema(maximumFileBytes), z.string().max(100)]),
    response: saveResultSchema,
  },
  [hostChannels.notify]: {
    request: z.tuple([z.string().max(200), z.string().max(2000)]),
    response: z.void(),
  },
  [hostChannels.printToPdf]: {
    request: z.tuple([z.string().min(1).max(maximumPrintHtmlLength)]),
    response: byteArraySchema(maximumFileBytes),
  },
  [hostChannels.openWorkspaceFolder]: {
    request: z.tuple([]),
    response: z.string().min(1).max(maximumAbsolutePathLength).nullable(),
  },
  [watchFolderChannels.add]: {
    request: z.tuple([]),
    response: watchFolderStateSchema.nullable(),
  },
  [watchFolderChannels.remove]: {
    request: z.tuple([watchFolderIdSchema]),
    response: z.void(),
  },
  [watchFolderChannels.list]: {
    request: z.tuple([]),
    response: z.array(watchFolderStateSchema).max(100),
  },
  [watchFolderChannels.reportOutcome]: {
    request: z.tuple([fileTokenSchema, watchImportResultSchema]),
    response: z.void(),
  },
  [workspaceChannels.describe]: {
    request: z.tuple([]),
    response: z.string().max(maximumAbsolutePathLength),
  },
  [workspaceChannels.readFile]: {
    request: z.tuple([relativePathSchema.min(1)]),
    response: byteArraySchema(maximumFileBytes).nullable(),
  },
  [workspaceChannels.writeFile]: {
    request: z.tuple([relativePathSchema.min(1), byteArraySchema(maximumFileBytes)]),
    response: z.void(),
  },
  [workspaceChannels.removeFile]: {
    request: z.tuple([relativePathSchema.min(1)]),
    response: z.void(),
  },
  [workspaceChannels.listFiles]: {
    request: z.tuple([relativePathSchema]),
    response: z.array(relativePathSchema).max(maximumListLength),
  },
} as const satisfies Record<ChannelName, { request: z.ZodTuple; response: z.ZodType }>;

/** The argument tuple a channel accepts. */
export type ChannelRequest<Name extends ChannelName> = z.output<(typeof ipcContract)[Name]['request']>;

/** The value a channel resolves to. */
export type ChannelResponse<Name extends ChannelName> = z.output<(typeof ipcContract)[Name]['response']>;

/** The function signature a channel has on the renderer side. */
export type ChannelFunction<Name extends ChannelName> = (...args: ChannelRequest<Name>) => Promise<ChannelResponse<Name>>;
