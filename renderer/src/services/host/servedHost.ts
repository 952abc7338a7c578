/**
 * The host of the served mode (`yield-monitor serve`): the workspace's files and its engine are
 * on the serving machine (HostApi over HTTP, the engine over a WebSocket); choosing, reading and
 * saving files stay in this browser, as in the browser build.
 */
import type { HostApi, OpenFilesOptions, PickedFile, SaveResult, WorkspaceStore } from '@shared/host/hostApi';
import type { EngineReply, EngineRequest, EngineTransport } from '@shared/engine/engineProtocol';
import { workspaceChannels, type ChannelName } from '@shared/ipc/channels';
import { decodeEnvelope, encodeEnvelope, envelopeMediaType } from '@shared/ipc/httpEnvelope';
import { webSocketTransport } from '../../engine/remoteEngine';
import { BrowserHost } from './browserHost';

/** The token of the served mode in this page's URL (`?token=`), or null in any other build. */
export function servedToken(location: Location): string | null {
  return new URLSearchParams(location.search).get('token');
}

/** Call one HostApi channel on the server; a refusal rejects with the server's reason. */
async function callServer(token: string, channel: ChannelName, args: unknown[]): Promise<unknown> {
  const response = await fetch(`./api/${encodeURIComponent(channel)}`, {
    method: 'POST',
    headers: { 'Content-Type': envelopeMediaType, 'X-Yield-Monitor-Token': token },
    body: encodeEnvelope(args) as Uint8Array<ArrayBuffer>,
  });
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (response.ok) return decodeEnvelope(bytes);
  let reason = `${channel}: HTTP ${response.status}`;
  try {
    reason = (JSON.parse(new TextDecoder().decode(bytes)) as { error: string }).error;
  } catch {
    // Not our JSON: keep the status.
  }
  throw new Error(reason);
}

/** The served workspace's files, through the server's checked workspace channels. */
class ServedWorkspace implements WorkspaceStore {
  constructor(private readonly token: string) {}
  describe = async () => (await callServer(this.token, workspaceChannels.describe, [])) as string;
  readFile = async (relativePath: string) => (await callServer(this.token, workspaceChannels.readFile, [relativePath])) as Uint8Array | null;
  writeFile = async (relativePath: string, bytes: Uint8Array) => void (await callServer(this.token, workspaceChannels.writeFile, [relativePath, bytes]));
  removeFile = async (relativePath: string) => void (await callServer(this.token, workspaceChannels.removeFile, [relativePath]));
  listFiles = async (folder: string) => (await callServer(this.token, workspaceChannels.listFiles, [folder])) as string[];
}

/** See the module comment. */
export class ServedHost implements HostApi {
  readonly kind = 'browser' as const;
  readonly namedWorkspace = true;
  readonly workspace: WorkspaceStore;
  private readonly browser = new BrowserHost();

  constructor(private readonly token: string, private readonly pageUrl: URL) {
    this.workspace = new ServedWorkspace(token);
  }

  openFiles(options: OpenFilesOptions): Promise<PickedFile[]> {
    return this.browser.openFiles(options);
  }

  readFileChunk(token: string, offset: number, chunkSize: number): Promise<Uint8Array> {
    return this.browser.readFileChunk(token, offset, chunkSize);
  }

  releaseFile(token: string): Promise<void> {
    return this.browser.releaseFile(token);
  }

  saveExport(suggestedName: string, bytes: Uint8Array, mimeType: string): Promise<SaveResult> {
    return this.browser.saveExport(suggestedName, bytes, mimeType);
  }

  notify(title: string, body: string): Promise<void> {
    return this.browser.notify(title, body);
  }

  /** Asks the server (its host-status path): read-only unless served with --allow-import. */
  async workspaceWritable(): Promise<boolean> {
    const response = await fetch('./host-status', { headers: { 'X-Yield-Monitor-Token': this.token } });
    if (!response.ok) return true;
    return ((await response.json()) as { writable?: unknown }).writable !== false;
  }

  connectEngine(): Promise<EngineTransport<EngineRequest, EngineReply>> {
    const url = new URL('engine', this.pageUrl);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.search = `?token=${encodeURIComponent(this.token)}`;
    url.hash = '';
    return webSocketTransport(url.href);
  }
}
