/**
 * Pure IPC handlers: every channel runs check sender -> validate request with the contract ->
 * call the service -> validate the response. No Electron import: index.ts adapts ipcMain events
 * to IpcSender, and tests call the handlers directly.
 */
import { z } from 'zod';
import { allChannelNames, type ChannelName } from '../../shared/ipc/channels.ts';
import { ipcContract, type ChannelRequest, type ChannelResponse } from '../../shared/ipc/contract.ts';

/** Who sent an IPC message: the sending frame's URL and whether it is the window's main frame. */
export interface IpcSender {
  frameUrl: string | null;
  isMainFrame: boolean;
}

/** The implementation behind each channel. */
export type HostServices = {
  [Name in ChannelName]: (...args: ChannelRequest<Name>) => Promise<ChannelResponse<Name>>;
};

/** A handler as ipcMain.handle sees it, after the event is reduced to an IpcSender. */
export type IpcHandler = (sender: IpcSender, args: readonly unknown[]) => Promise<unknown>;

/** Thrown (and so rejected in the renderer) when a message is refused. */
export class IpcRejection extends Error {
  override name = 'IpcRejection';
}

/**
 * `scheme://host[:port]` of a URL. WHATWG URL gives custom schemes an opaque "null" origin,
 * so the origin is rebuilt from protocol and host to compare app:// senders.
 */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.host === '' ? null : `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}

/** True when the message comes from the main frame of a page served from a trusted origin. */
export function isTrustedSender(sender: IpcSender, trustedOrigins: readonly string[]): boolean {
  if (!sender.isMainFrame || sender.frameUrl === null) return false;
  const origin = originOf(sender.frameUrl);
  return origin !== null && trustedOrigins.includes(origin);
}

/** Build one checked handler per channel. */
export function createIpcHandlers(services: HostServices, trustedOrigins: readonly string[]): Record<ChannelName, IpcHandler> {
  const handlers = {} as Record<ChannelName, IpcHandler>;
  for (const channel of allChannelNames) {
    handlers[channel] = (sender, args) => handleChannel(channel, services, trustedOrigins, sender, args);
  }
  return handlers;
}

async function handleChannel(
  channel: ChannelName,
  services: HostServices,
  trustedOrigins: readonly string[],
  sender: IpcSender,
  args: readonly unknown[],
): Promise<unknown> {
  if (!isTrustedSender(sender, trustedOrigins)) {
    throw new IpcRejection(`${channel}: refused message from untrusted sender ${sender.frameUrl ?? '(no frame)'}`);
  }
  const schemas = ipcContract[channel];
  const request = schemas.request.safeParse(args);
  if (!request.success) throw new IpcRejection(`${channel}: invalid request: ${z.prettifyError(request.error)}`);
  // The contract ties each channel's request tuple to its service signature; TypeScript cannot
  // follow that correlation through a union-typed key, hence this one widening.
  const service = services[channel] as (...serviceArgs: readonly unknown[]) => Promise<unknown>;
  const result = await service(...request.data);
  const response = schemas.response.safeParse(result);
  if (!response.success) throw new IpcRejection(`${channel}: invalid response: ${z.prettifyError(response.error)}`);
  return response.data;
}
