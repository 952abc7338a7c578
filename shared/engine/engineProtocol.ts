/**
 * The protocol between a page and an engine in another process (the served mode's server, the
 * Electron utility process): requests with ids, answers with the same id, Arrow IPC stream bytes
 * as a binary body (never JSON rows), and pushed workspace progress. One message is a small JSON
 * header plus an optional body; a transport carries it as it can (a WebSocket frame holds both,
 * see encodeFrame; a MessagePort posts them with the body transferred).
 */
import { z } from 'zod';
import type { SqlParam } from './sqlEngine.ts';

/** Longest SQL text one request may carry. */
export const maximumSqlLength = 4 * 1024 * 1024;

/** Largest binary body of one message (a registered file, an Arrow insert, a result). */
export const maximumBodyBytes = 1024 * 1024 * 1024;

/** Most bound parameters of one statement. */
export const maximumParams = 10_000;

/** A bound value as JSON carries it (bigint as a decimal string). */
export const wireParamSchema = z.union([
  z.string().max(1024 * 1024),
  z.number(),
  z.boolean(),
  z.null(),
  z.object({ bigint: z.string().regex(/^-?\d{1,40}$/) }),
]);

/** A bound value as JSON carries it. */
export type WireParam = z.infer<typeof wireParamSchema>;

/** Bound values for the wire (JSON has no bigint). */
export function toWireParams(params: readonly SqlParam[]): WireParam[] {
  return params.map((value) => (typeof value === 'bigint' ? { bigint: value.toString() } : value));
}

/** Bound values back from the wire. */
export function fromWireParams(params: readonly WireParam[]): SqlParam[] {
  return params.map((value) => (value !== null && typeof value === 'object' ? BigInt(value.bigint) : value));
}

const idSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const sqlSchema = z.string().min(1).max(maximumSqlLength);
const paramsSchema = z.array(wireParamSchema).max(maximumParams);
/** A table or registered-file name: no NUL, bounded. */
const nameSchema = z.string().min(1).max(1024).refine((name) => !name.includes('\0'), 'name contains a NUL character');

/** An import id as newImportId makes them. */
const importIdSchema = z.string().regex(/^[A-Za-z0-9_.-]{1,128}$/);

/** Every request a client may send; `body` rules are checked by the server per kind. */
export const engineRequestSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('query'), id: idSchema, sql: sqlSchema, params: paramsSchema }),
  z.object({ kind: z.literal('exec'), id: idSchema, sql: sqlSchema, params: paramsSchema }),
  /** Body: Arrow IPC stream bytes. */
  z.object({ kind: z.literal('insertArrowIpc'), id: idSchema, table: nameSchema }),
  /** Body: the file's bytes. */
  z.object({ kind: z.literal('registerBuffer'), id: idSchema, fileName: nameSchema }),
  z.object({ kind: z.literal('dropFile'), id: idSchema, fileName: nameSchema }),
  /** Stop request `target` (running: DuckDB interrupt; queued: dropped); no answer. */
  z.object({ kind: z.literal('interrupt'), target: idSchema.optional() }),
  /** Open (or join) the workspace the host serves; answered with its manifest after `progress` messages. */
  z.object({ kind: z.literal('openWorkspace'), id: idSchema }),
  /** Commit staged tables as an import; answered with the record and the new manifest. */
  z.object({
    kind: z.literal('commitImport'),
    id: idSchema,
    importId: importIdSchema,
    details: z.record(z.string(), z.unknown()),
    tables: z.array(z.string().max(64)).max(32),
    /** An earlier (partial) import of the same file that this one replaces. */
    replaces: importIdSchema.optional(),
  }),
  /** Remove imports (records, files, rows); answered with the removed records and the new manifest. */
  z.object({ kind: z.literal('removeImports'), id: idSchema, importIds: z.array(importIdSchema).min(1).max(100_000) }),
]);

/** A request as the server sees it after validation. */
export type EngineRequest = z.infer<typeof engineRequestSchema>;

/** What the server sends back or pushes. */
export type EngineReply =
  /** Success; a query's body is Arrow IPC stream bytes, `value` a JSON answer (openWorkspace, commitImport, removeImports). */
  | { kind: 'ok'; id: number; value?: unknown }
  | { kind: 'error'; id: number; message: string; name?: string }
  /** What the host is doing while a workspace opens (for the startup screen). */
  | { kind: 'progress'; id: number; step: StartupStep };

/**
 * One step of getting a workspace ready, for the startup screen (the page words it in its own
 * language): starting the engine, reading the manifest, loading a table's files (done of total
 * files), locking the engine's file access.
 */
export interface StartupStep {
  stage: 'engine' | 'connect' | 'manifest' | 'load' | 'lock';
  table?: string;
  done?: number;
  total?: number;
}

/** One message: a JSON header and, for some kinds, bytes. */
export interface EngineMessage<Header> {
  header: Header;
  body?: Uint8Array;
}

/** A two-way channel of engine messages (WebSocket, MessagePort, an in-process pair in tests). */
export interface EngineTransport<Outgoing, Incoming> {
  send(message: EngineMessage<Outgoing>): void;
  /** Register the one receiver of incoming messages. */
  onMessage(receiver: (message: EngineMessage<Incoming>) => void): void;
  /** Register a callback for when the channel closes (the other side went away). */
  onClose(callback: (reason: string) => void): void;
  close(): void;
}

/** The message a request was refused with because the host serves the workspace read-only. */
export const readOnlyMessage = 'The workspace is served read-only: start `yield-monitor serve` with --allow-import to import or change it';

/**
 * One binary frame for a message: 4-byte little-endian header length, the header as UTF-8 JSON,
 * then the body. WebSocket transports send this; MessagePorts post header and body as they are.
 */
export function encodeFrame(message: EngineMessage<unknown>): Uint8Array {
  const header = new TextEncoder().encode(JSON.stringify(message.header));
  const body = message.body ?? new Uint8Array(0);
  const frame = new Uint8Array(4 + header.byteLength + body.byteLength);
  new DataView(frame.buffer).setUint32(0, header.byteLength, true);
  frame.set(header, 4);
  frame.set(body, 4 + header.byteLength);
  return frame;
}

/** Split a frame made by encodeFrame; the header is parsed JSON, not yet validated. */
export function decodeFrame(frame: Uint8Array): EngineMessage<unknown> {
  if (frame.byteLength < 4) throw new Error('engine frame too short');
  const headerLength = new DataView(frame.buffer, frame.byteOffset, frame.byteLength).getUint32(0, true);
  if (headerLength > frame.byteLength - 4 || headerLength > maximumSqlLength + 1024 * 1024 * 2) throw new Error('engine frame header length out of range');
  const header: unknown = JSON.parse(new TextDecoder().decode(frame.subarray(4, 4 + headerLength)));
  const body = frame.subarray(4 + headerLength);
  return body.byteLength > 0 ? { header, body } : { header };
}
