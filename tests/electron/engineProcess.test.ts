/**
 * The desktop engine end to end below Electron (issue #12 §1): the real engineProcess.ts in a
 * worker thread standing in for the utilityProcess, supervised by the real EngineSupervisor, and
 * the page's real MessagePort transport (renderer/src/engine/electronEngine.ts) over a Node
 * MessageChannel standing in for MessageChannelMain. Checks the sample workspace's overview
 * figures against the sample's own CSV truth, cancel, timeout, and a restart after the process dies.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { EngineConnection, EngineTimeoutError, RemoteSqlEngine, RemoteWorkspace } from '../../shared/engine/engineClient.ts';
import type { StartupStep } from '../../shared/engine/engineProtocol.ts';
import { EngineSupervisor, type EngineChild } from '../../electron/main/engineSupervisor.ts';
import { messagePortTransport } from '../../renderer/src/engine/electronEngine.ts';
import { copySampleWorkspace } from '../support/sampleWorkspace.ts';
import { sampleFigures } from '../support/sampleTruth.ts';

let root = '';
let supervisor: EngineSupervisor<MessagePort>;
const workers: Worker[] = [];

/** Fork the engine "process": a worker running engineProcess.ts with the workspace as argument. */
function forkEngine(): EngineChild {
  const worker = new Worker(new URL('./engineProcessWorker.mjs', import.meta.url), { argv: [root] });
  workers.push(worker);
  return {
    postMessage: (message, transfer = []) => {
      const [port] = transfer as MessagePort[];
      worker.postMessage({ data: message, port }, port ? [port] : []);
    },
    once: (event, listener) => void worker.once(event, listener),
    kill: () => (void worker.terminate(), true),
  };
}

beforeAll(() => {
  root = copySampleWorkspace();
  supervisor = new EngineSupervisor<MessagePort>({ fork: forkEngine, createChannel: () => new MessageChannel(), onRestart: (message) => {
    throw new Error(`the engine worker stopped: ${message}`);
  } });
  supervisor.start();
}, 600_000);

afterAll(() => {
  supervisor.stop();
  rmSync(root, { recursive: true, force: true });
});

/** What a window gets: its port from main, wrapped by the page's transport. */
function connectWindow(timeoutMs?: number): { connection: EngineConnection; engine: RemoteSqlEngine; workspace: RemoteWorkspace } {
  const page = supervisor.connectWindow();
  const connection = new EngineConnection(messagePortTransport(page as unknown as globalThis.MessagePort), timeoutMs);
  return { connection, engine: new RemoteSqlEngine(connection), workspace: new RemoteWorkspace(connection) };
}

it('opens the sample workspace in the engine process with startup steps, and answers the overview as the CSV truth says', async () => {
  const { connection, engine, workspace } = connectWindow();
  const steps: StartupStep[] = [];
  await workspace.open((step) => steps.push(step));
  expect(steps.map((step) => step.stage)).toContain('lock');
  const truth = sampleFigures();
  expect(workspace.manifest.imports.length).toBeGreaterThan(0);
  const totals = await engine.query('SELECT count(DISTINCT lot)::INTEGER AS lots, count(*)::INTEGER AS dies, sum(CASE WHEN pass THEN 1 ELSE 0 END)::INTEGER AS good FROM dies');
  expect(totals.get(0)?.toJSON()).toEqual({ lots: truth.lots, dies: truth.dies, good: truth.good });
  const lotYield = await engine.query('SELECT lot, avg(CASE WHEN pass THEN 1.0 ELSE 0.0 END)::DOUBLE AS yield FROM dies GROUP BY lot ORDER BY lot');
  const byLot = new Map(lotYield.toArray().map((row: { lot: string; yield: number }) => [row.lot, row.yield]));
  expect(byLot.size).toBe(truth.lotYield.size);
  for (const [lot, expected] of truth.lotYield) expect(byLot.get(lot)).toBeCloseTo(expected, 12);
  connection.close();
}, 300_000);

it('interrupts a long statement when the page cancels, then keeps answering', async () => {
  const { connection, engine, workspace } = connectWindow(0);
  await workspace.open();
  const started = Date.now();
  const long = engine.query('SELECT count(*) FROM range(100000000000) a');
  setTimeout(() => engine.interrupt(), 300);
  await expect(long).rejects.toThrow(/interrupt/i);
  expect(Date.now() - started).toBeLessThan(20_000);
  expect((await engine.query('SELECT 7::INTEGER AS n')).get(0)?.n).toBe(7);
  connection.close();
}, 60_000);

it('stops a statement at its timeout', async () => {
  const { connection, engine, workspace } = connectWindow(400);
  await workspace.open();
  await expect(engine.query('SELECT count(*) FROM range(100000000000) a')).rejects.toBeInstanceOf(EngineTimeoutError);
  connection.close();
}, 60_000);

it('reports an engine process that died and forks a new one, until stopped', async () => {
  // A real OS process killed from outside (native DuckDB cannot be torn down inside a worker thread).
  const children: ChildProcess[] = [];
  const messages: string[] = [];
  const restarting = new EngineSupervisor<MessagePort>({
    fork: () => {
      const child = fork('-e', ['setInterval(() => {}, 1000)'], { stdio: 'ignore' });
      children.push(child);
      return { postMessage: () => undefined, once: (event, listener) => void child.once(event, (code) => listener(code ?? -1)), kill: () => child.kill() };
    },
    createChannel: () => new MessageChannel(),
    onRestart: (message) => messages.push(message),
  });
  restarting.start();
  children[0]!.kill('SIGKILL');
  await expect.poll(() => messages.length).toBe(1);
  expect(messages[0]).toMatch(/database engine stopped .* restarted/);
  expect(children).toHaveLength(2);
  restarting.stop();
  await new Promise((resolve) => children[1]!.once('exit', resolve));
  expect(children).toHaveLength(2);
});
