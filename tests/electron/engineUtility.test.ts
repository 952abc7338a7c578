/**
 * The desktop engine's utility-process side (issue #12 §1) with the Electron boundary faked: Node's
 * MessageChannel stands in for MessageChannelMain (it clones messages the same way) and an emitter
 * for process.parentPort. The engine, the workspace folder and the protocol are real.
 */
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { EngineConnection, EngineTimeoutError, RemoteSqlEngine, RemoteWorkspace } from '../../shared/engine/engineClient.ts';
import type { EngineMessage, EngineReply, EngineRequest, EngineTransport } from '../../shared/engine/engineProtocol.ts';
import { EngineHost } from '../../node/engine/engineServer.ts';
import { connectMessage, serveEnginePorts, type EnginePort, type EngineParentPort } from '../../electron/main/engineUtility.ts';

/** A Node MessagePort shaped like Electron's MessagePortMain (listeners get `{ data }`). */
function asElectronPort(port: MessagePort): EnginePort {
  return {
    on: (event: 'message' | 'close', listener: (event: { data: unknown }) => void) => {
      if (event === 'message') port.on('message', (data: unknown) => listener({ data }));
      else port.on('close', () => (listener as () => void)());
    },
    postMessage: (message) => port.postMessage(message),
    start: () => port.start(),
    close: () => port.close(),
  } as EnginePort;
}

let root = '';
let host: EngineHost;
const parentPort = new EventEmitter();

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'ym-engine-utility-'));
  host = await EngineHost.create({ root, allowWrites: true, threads: 1 });
  serveEnginePorts(parentPort as unknown as EngineParentPort, host);
});

afterAll(() => {
  host.close();
  rmSync(root, { recursive: true, force: true });
});

/** What main does per window: a channel, one end to the utility process, the other to the page. */
function connectWindow(timeoutMs?: number): { connection: EngineConnection; page: MessagePort } {
  const { port1, port2 } = new MessageChannel();
  parentPort.emit('message', { data: connectMessage, ports: [asElectronPort(port1)] });
  const transport: EngineTransport<EngineRequest, EngineReply> = {
    send: (message) => port2.postMessage(message),
    onMessage: (receiver) => port2.on('message', (data: EngineMessage<EngineReply>) => receiver(data)),
    onClose: (callback) => port2.on('close', () => callback('closed')),
    close: () => port2.close(),
  };
  return { connection: new EngineConnection(transport, timeoutMs), page: port2 };
}

it('answers a window over its port: workspace opened in the engine process, Arrow in and out', async () => {
  const { connection } = connectWindow();
  const workspace = new RemoteWorkspace(connection);
  const stages: string[] = [];
  await workspace.open((step) => stages.push(step.stage));
  expect(workspace.manifest.imports).toEqual([]);
  expect(stages).toContain('lock');
  const engine = new RemoteSqlEngine(connection);
  await engine.insertArrowIpc('probe', tableToIPC(tableFromArrays({ lot: ['A', 'B', 'B'], value: Float64Array.from([1, 2, 4]) }), 'stream'));
  const result = await engine.query('SELECT lot, sum(value) AS total FROM probe GROUP BY lot ORDER BY lot');
  expect(result.toArray().map((row) => row.toJSON())).toEqual([{ lot: 'A', total: 1 }, { lot: 'B', total: 6 }]);
  await expect(engine.query(`SELECT * FROM read_csv('/etc/passwd')`)).rejects.toThrow(/disabled by configuration/);
  connection.close();
});

it('stops a long statement at its timeout and keeps serving', async () => {
  const { connection } = connectWindow(300);
  const engine = new RemoteSqlEngine(connection);
  await expect(engine.query('SELECT count(*) FROM range(100000000000) a')).rejects.toBeInstanceOf(EngineTimeoutError);
  expect((await engine.query('SELECT 7::INTEGER AS n')).get(0)?.n).toBe(7);
  connection.close();
});
