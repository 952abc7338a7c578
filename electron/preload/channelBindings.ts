/**
 * Turns the contract's channel tables into renderer-side functions: one function per channel,
 * each forwarding its arguments to `invoke(channel, ...args)`. No validation here; main
 * validates every message. `invoke` is injected so tests can check the mapping without Electron.
 */
import type { ChannelName } from '../../shared/ipc/channels.ts';
import type { ChannelFunction } from '../../shared/ipc/contract.ts';

/** The one IPC primitive the bindings use (ipcRenderer.invoke in the preload). */
export type InvokeChannel = (channel: ChannelName, ...args: unknown[]) => Promise<unknown>;

/** Functions for every entry of a channel table, keyed like the table. */
export type BoundChannels<Table extends Record<string, ChannelName>> = {
  [Key in keyof Table]: ChannelFunction<Table[Key]>;
};

/** Bind every channel in `table` to `invoke`. */
export function bindChannels<Table extends Record<string, ChannelName>>(table: Table, invoke: InvokeChannel): BoundChannels<Table> {
  const bound: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const [methodName, channel] of Object.entries(table)) {
    bound[methodName] = (...args) => invoke(channel, ...args);
  }
  // Each entry forwards exactly the arguments its channel's contract declares.
  return bound as BoundChannels<Table>;
}
