/**
 * HostApi over HTTP for the served mode: `POST /api/<channel>` with the argument tuple in an
 * envelope (shared/ipc/httpEnvelope.ts), validated with the same zod contract as Electron's IPC
 * (request and answer), then the same workspace-file services Electron's main uses. File picking,
 * saving and notifications stay in the browser (its own file inputs, downloads and Notification):
 * those channels answer 404 here.
 */
import { z } from 'zod';
import type { ChannelName } from '../../shared/ipc/channels.ts';
import { workspaceChannels } from '../../shared/ipc/channels.ts';
import { ipcContract, maximumFileBytes, type ChannelRequest, type ChannelResponse } from '../../shared/ipc/contract.ts';
import { decodeEnvelope, encodeEnvelope } from '../../shared/ipc/httpEnvelope.ts';
import { readOnlyMessage } from '../../shared/engine/engineProtocol.ts';
import { listWorkspaceFiles, readWorkspaceFile, removeWorkspaceFile, WorkspacePathError, writeFileAtomic } from '../workspace/workspaceFiles.ts';

/** Largest request body the host routes read (a workspace file at the contract's bound, plus the envelope). */
export const maximumRequestBytes = maximumFileBytes + 1024 * 1024;

/** The channels the served host answers, with their services. */
export type ServedServices = { [Name in ChannelName]?: (...args: ChannelRequest<Name>) => Promise<ChannelResponse<Name>> };

/** Thrown by a service to answer with an HTTP status (403 read-only, 404 unknown). */
export class HostRouteError extends Error {
  override name = 'HostRouteError';
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** An HTTP answer: status and body (an envelope, or JSON `{error}`). */
export interface RouteAnswer {
  status: number;
  contentType: string;
  body: Uint8Array;
}

/** The workspace channels over a folder; writes and removals refused unless `allowWrites`. */
export function servedWorkspaceServices(root: string, allowWrites: boolean): ServedServices {
  const refuse = (): never => {
    throw new HostRouteError(403, readOnlyMessage);
  };
  return {
    [workspaceChannels.describe]: async () => root,
    [workspaceChannels.readFile]: (relativePath) => readWorkspaceFile(root, relativePath),
    [workspaceChannels.writeFile]: (relativePath, bytes) => (allowWrites ? writeFileAtomic(root, relativePath, bytes) : refuse()),
    [workspaceChannels.removeFile]: (relativePath) => (allowWrites ? removeWorkspaceFile(root, relativePath) : refuse()),
    [workspaceChannels.listFiles]: (folder) => listWorkspaceFiles(root, folder),
  };
}

/** Answer one call: `channel` from the URL, `body` the request envelope. */
export async function answerHostCall(services: ServedServices, channel: string, body: Uint8Array): Promise<RouteAnswer> {
  if (!(channel in ipcContract) || !(channel in services)) return failure(404, `${channel}: not available in the served mode`);
  const name = channel as ChannelName;
  const schemas = ipcContract[name];
  let args: unknown;
  try {
    args = decodeEnvelope(body);
  } catch (error) {
    return failure(400, `${name}: malformed request: ${(error as Error).message}`);
  }
  const request = schemas.request.safeParse(args);
  if (!request.success) return failure(400, `${name}: invalid request: ${z.prettifyError(request.error)}`);
  // As in electron/main/ipcHandlers.ts: the contract ties each channel's tuple to its service.
  const service = services[name] as (...serviceArgs: readonly unknown[]) => Promise<unknown>;
  let result: unknown;
  try {
    result = await service(...request.data);
  } catch (error) {
    if (error instanceof HostRouteError) return failure(error.status, error.message);
    if (error instanceof WorkspacePathError) return failure(400, `${name}: ${error.message}`);
    return failure(500, `${name}: ${(error as Error).message}`);
  }
  const response = schemas.response.safeParse(result);
  if (!response.success) return failure(500, `${name}: invalid response: ${z.prettifyError(response.error)}`);
  return { status: 200, contentType: 'application/octet-stream', body: encodeEnvelope(response.data) };
}

function failure(status: number, message: string): RouteAnswer {
  return { status, contentType: 'application/json; charset=utf-8', body: new TextEncoder().encode(JSON.stringify({ error: message })) };
}
