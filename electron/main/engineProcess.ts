/**
 * Entry of the engine's utilityProcess (issue #12 §1): `utilityProcess.fork(thisFile, [workspaceRoot])`.
 * Opens the workspace on native DuckDB at once, then serves the window ports main sends
 * (engineUtility.ts). Built as out/main/engineProcess.js by electron.vite.config.ts and forked
 * by index.ts through engineSupervisor.ts.
 */
import { EngineHost } from '../../node/engine/engineServer.ts';
import { serveEnginePorts, type EngineParentPort } from './engineUtility.ts';

const root = process.argv[2];
const parentPort = (process as unknown as { parentPort?: EngineParentPort }).parentPort;
if (!root || !parentPort) throw new Error('engineProcess: run as a utilityProcess with the workspace folder as its argument');
const opening = EngineHost.create({ root, allowWrites: true });
serveEnginePorts(parentPort, opening);
const host = await opening;
void host.open().catch((error: unknown) => console.error(`engine: opening ${root} failed: ${(error as Error).message}`));
