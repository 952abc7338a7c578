/**
 * Keeps the desktop engine's utilityProcess running (issue #12 §1): forks it once at startup so
 * DuckDB opens the workspace while the window loads, gives each window a fresh port pair (one end
 * to the process with `connectMessage`, the other to the window), forks it again if it exits
 * unexpectedly (telling the caller why, so the windows can be reloaded and show the startup steps
 * again) and kills it on quit. No Electron import: index.ts passes utilityProcess.fork and
 * MessageChannelMain in; a Node test passes a child process and Node's MessageChannel.
 */
import { connectMessage } from './engineUtility.ts';

/** What the supervisor needs of a forked utility process. */
export interface EngineChild {
  postMessage(message: unknown, transfer?: unknown[]): void;
  once(event: 'exit', listener: (code: number) => void): void;
  kill(): boolean;
}

/** What the supervisor needs of MessageChannelMain. */
export interface EnginePortPair<Port> {
  port1: Port;
  port2: Port;
}

/** How to start the process and make channels (Electron's in main, Node's in tests). */
export interface EngineSupervisorOptions<Port> {
  fork(): EngineChild;
  createChannel(): EnginePortPair<Port>;
  /** The process exited on its own and a new one was forked; `message` says so for the user. */
  onRestart(message: string): void;
}

/** One engine process at a time, restarted when it dies, stopped on quit. */
export class EngineSupervisor<Port> {
  private child: EngineChild | null = null;
  private stopped = false;

  constructor(private readonly options: EngineSupervisorOptions<Port>) {}

  /** Fork the engine process (again after an exit, unless stopped). */
  start(): void {
    const child = this.options.fork();
    this.child = child;
    child.once('exit', (code) => {
      if (this.child !== child) return;
      this.child = null;
      if (this.stopped) return;
      this.start();
      this.options.onRestart(`The database engine stopped (exit code ${code}) and was restarted.`);
    });
  }

  /** A new channel for a window: one port goes to the engine process, the other is returned. */
  connectWindow(): Port {
    if (this.child === null) throw new Error('the engine process is not running');
    const { port1, port2 } = this.options.createChannel();
    this.child.postMessage(connectMessage, [port1]);
    return port2;
  }

  /** Stop the engine process for good (app quit). */
  stop(): void {
    this.stopped = true;
    this.child?.kill();
    this.child = null;
  }
}
