/**
 * `yield-monitor serve --workspace DIR [--port N] [--host 127.0.0.1] [--allow-import] [--web DIR]`:
 * the app in a browser, with the desktop's engine path: the built renderer, HostApi over HTTP and
 * native DuckDB in this process over a WebSocket. Loopback by default; the printed URL carries a
 * random token that every request must present; read-only unless --allow-import. `--lake DIR` (or a
 * --workspace folder holding a lake catalog) serves a published lake read-only as a fab workspace:
 * DuckDB reads its Parquet in place (issue #17 §1).
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { EngineHost } from '../../node/engine/engineServer.ts';
import { isLakeFolder } from '../../node/lake/lakeLayout.ts';
import { servedWorkspaceServices } from '../../node/serve/hostRoutes.ts';
import { startServedApp } from '../../node/serve/servedApp.ts';

const usage = `Usage: yield-monitor serve --workspace DIR [options]
       yield-monitor serve --lake DIR [options]   (a published lake, read-only: the fab workspace)

  --port N          port to listen on (default 5190; 0 picks a free one)
  --host H          address to listen on (default 127.0.0.1, loopback only); another host still needs the token
  --allow-import    allow imports and other writes to the workspace (read-only otherwise)
  --web DIR         the built renderer (default: $YM_WEB_OUT, dist-web, or out/renderer)
`;

const valueFlags = ['workspace', 'lake', 'port', 'host', 'web'] as const;
type ValueFlag = (typeof valueFlags)[number];

/** Parsed command line, or an error message. */
function parseArguments(args: readonly string[]): { values: Partial<Record<ValueFlag, string>>; allowImport: boolean } | string {
  const values: Partial<Record<ValueFlag, string>> = {};
  let allowImport = false;
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index] ?? '';
    if (arg === '--allow-import') {
      allowImport = true;
      continue;
    }
    const name = arg.replace(/^--/, '') as ValueFlag;
    const value = args[index + 1];
    if (!arg.startsWith('--') || !valueFlags.includes(name)) return `unknown argument "${arg}"`;
    if (value === undefined || value.startsWith('--')) return `${arg} needs a value`;
    values[name] = value;
    index += 1;
  }
  if (values.workspace && values.lake) return 'choose one of --workspace and --lake';
  if (!values.workspace && !values.lake) return '--workspace (or --lake) is required';
  if (values.lake && allowImport) return '--allow-import does not go with --lake: a lake is written by yield-monitor lake publish only';
  if (values.port !== undefined && !/^\d{1,5}$/.test(values.port)) return '--port needs a number';
  return { values, allowImport };
}

/** The built renderer to serve. */
function webRootFrom(option: string | undefined): string | null {
  const candidates = [option, process.env['YM_WEB_OUT'], 'dist-web', path.join('out', 'renderer')].filter((entry): entry is string => !!entry);
  return candidates.map((entry) => path.resolve(entry)).find((entry) => existsSync(path.join(entry, 'index.html'))) ?? null;
}

/** Run the command; resolves only when the server stops (SIGINT/SIGTERM). */
export async function run(args: string[]): Promise<number> {
  const parsed = parseArguments(args);
  if (typeof parsed === 'string') {
    process.stderr.write(`serve: ${parsed}\n${usage}`);
    return 2;
  }
  const root = path.resolve(parsed.values.lake ?? parsed.values.workspace ?? '');
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    process.stderr.write(`serve: ${parsed.values.lake ? 'lake' : 'workspace'} folder not found: ${root}\n`);
    return 2;
  }
  const lake = isLakeFolder(root);
  if (parsed.values.lake && !lake) {
    process.stderr.write(`serve: ${root} holds no lake catalog (publish one with yield-monitor lake publish)\n`);
    return 2;
  }
  const webRoot = webRootFrom(parsed.values.web);
  if (!webRoot) {
    process.stderr.write('serve: no built renderer found; run `npm run web:build` first (or pass --web DIR)\n');
    return 2;
  }
  const started = Date.now();
  // The engine (its modules and DuckDB, about half of the start) comes up while the server already
  // listens and the browser loads the page; the page's engine socket waits for it.
  const creating: Promise<EngineHost> = import('../../node/engine/engineServer.ts')
    .then(({ EngineHost: Host }) => Host.create({ root, allowWrites: parsed.allowImport && !lake, lake }));
  const app = await startServedApp({
    webRoot, engineHost: creating,
    services: servedWorkspaceServices(root, parsed.allowImport && !lake),
    host: parsed.values.host ?? '127.0.0.1',
    port: parsed.values.port === undefined ? 5190 : Number(parsed.values.port),
  });
  const mode = lake ? 'a published lake, read-only' : parsed.allowImport ? 'imports allowed' : 'read-only';
  process.stdout.write(`Yield Monitor serving ${root} (${mode})\n${app.url}\n`);
  let engineHost: EngineHost;
  try {
    engineHost = await creating;
  } catch (error) {
    process.stderr.write(`serve: starting the database engine failed: ${(error as Error).message}\n`);
    await app.close();
    return 1;
  }
  // Opening starts now, so the first page finds the tables (or their progress) already under way.
  await engineHost.open().then(
    () => {
      process.stdout.write(`${lake ? 'lake' : 'workspace'} open in ${Date.now() - started} ms (${engineHost.manifest.imports.length} imports)\n`);
      void engineHost.loaded().then(() => process.stdout.write(`test results loaded in ${Date.now() - started} ms\n`), () => undefined);
    },
    (error: Error) => process.stderr.write(`serve: opening the workspace failed: ${error.message}\n`),
  );
  return new Promise((resolve) => {
    const stop = (): void => {
      void app.close().then(() => {
        engineHost.close();
        resolve(0);
      });
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
