import { FormatError, SignetError, type SignetErrorKind } from '../errors';
import type { ContentPlan, ContentResult } from './content-plan';
import type { DigestAlgorithm, Digests } from './digest-algorithms';
import type { FileSnapshot } from './file-snapshot';
import type { SharedRing } from './shared-ring';

/**
 * Messages between the main side and electron/workers/hash-worker.ts. Both ends are bundled from
 * this one file, so they cannot drift apart.
 */
export type DigestRequest =
  | SingleDigestRequest
  | BatchDigestRequest
  | ContentRequest
  | SharedContentRequest
  | EarlyContentRequest
  | AsWrittenContentRequest;

/**
 * The CLI's early read (core/hashing/early-content.ts): `start` opens `path` and runs this guessed
 * plan over it at once (with `shared`, one worker reads into the ring and the other follows); `answer`
 * (sent when the signature or key is read) asks for a plan it covers, answered once the read is done
 * with the descriptor the reader read, left open for the caller to compare with its own and close.
 */
export type EarlyContentRequest =
  | {
      type: 'content-early';
      id: number;
      step: 'start';
      path: string;
      plan: ContentPlan;
      shared?: SharedRing & { role: 'lead' | 'follow' };
    }
  | { type: 'content-early'; id: number; step: 'answer'; plan: ContentPlan };

/**
 * Everything a verification wants from one artifact, read once from a file descriptor the caller
 * opened (threads share the process's descriptors): the answers all come from the same file.
 */
export interface ContentRequest {
  type: 'content';
  id: number;
  fd: number;
  /** For messages only. */
  name: string;
  plan: ContentPlan;
  progressEveryMs?: number;
}

/**
 * Half of a ContentRequest read once for two workers (core/hashing/shared-ring.ts): the leader
 * reads `fd` into the shared ring, the follower hashes from it. Answered like a ContentRequest.
 */
export type SharedContentRequest = {
  type: 'content-shared';
  id: number;
  plan: ContentPlan;
  ring: SharedArrayBuffer;
  control: SharedArrayBuffer;
} & ({ role: 'lead'; fd: number; name: string; progressEveryMs?: number } | { role: 'follow' });

/**
 * The plan's scattered hashes of a file the caller is writing, read back from `fd` as it is written
 * (core/hashing/written-so-far.ts says how far). Answered like a ContentRequest; `size` is how much
 * was written when the hashes were done.
 */
export interface AsWrittenContentRequest {
  type: 'content-as-written';
  id: number;
  fd: number;
  name: string;
  plan: ContentPlan;
  written: SharedArrayBuffer;
}

/** One file. */
export interface SingleDigestRequest {
  type: 'digest';
  id: number;
  path: string;
  algorithms: DigestAlgorithm[];
  /** Set: the worker posts progress at most this often. */
  progressEveryMs?: number;
  /**
   * 'overlapped' keeps reads in flight on libuv's pool while the worker hashes: worth it when a
   * core is spare. 'blocking' reads then hashes on the worker's own thread: better when every core
   * is already hashing. Default: overlapped with progress; without, blocking up to 4 MiB.
   */
  reads?: 'overlapped' | 'blocking';
  /** See DigestManyOptions.confineTo. */
  confineTo?: string;
}

/**
 * Several small files in one message, hashed with blocking reads and answered together: one
 * message pair per file cost the main thread about as much as hashing a 200 KiB file.
 */
interface BatchDigestRequest {
  type: 'digest-batch';
  id: number;
  paths: string[];
  algorithms: DigestAlgorithm[];
  /** See DigestManyOptions.confineTo. */
  confineTo?: string;
}

export type WireDigests = Partial<Record<DigestAlgorithm, Uint8Array>>;

/** One file's outcome inside a batch reply: digests, or the error for that file alone. */
export type BatchEntry = { digests: WireDigests; bytes: number } | { error: SerializedError };

/** Replies to a SingleDigestRequest. */
export type DigestReply =
  | { type: 'progress'; id: number; bytesDone: number; bytesTotal: number }
  | { type: 'done'; id: number; digests: WireDigests; bytes: number }
  | { type: 'failed'; id: number; error: SerializedError };

/** The reply to a BatchDigestRequest. */
interface BatchReply {
  type: 'batch-done';
  id: number;
  entries: BatchEntry[];
}

export type ContentReply =
  | { type: 'progress'; id: number; bytesDone: number; bytesTotal: number }
  | { type: 'content-done'; id: number; result: ContentResult }
  | { type: 'content-early-done'; id: number; result: ContentResult; fd?: number; before?: FileSnapshot }
  | { type: 'failed'; id: number; error: SerializedError };

export type WorkerReply = DigestReply | BatchReply | ContentReply;

/** Errors cross the thread boundary as plain data; these fields are all plainMessage needs. */
export interface SerializedError {
  name: string;
  message: string;
  kind?: SignetErrorKind;
  code?: string;
  path?: string;
  syscall?: string;
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof SignetError) return { name: error.name, message: error.message, kind: error.kind };
  const source = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  const text = (key: string) => (typeof source[key] === 'string' ? (source[key] as string) : undefined);
  return {
    name: text('name') ?? 'Error',
    message: text('message') ?? String(error),
    code: text('code'),
    path: text('path'),
    syscall: text('syscall'),
  };
}

/** Rebuilds an error the caller can treat exactly like one thrown in its own thread. */
export function reviveError(data: SerializedError): Error {
  if (data.kind)
    return data.name === 'FormatError'
      ? new FormatError(data.message)
      : new SignetError(data.kind, data.message);
  const error = new Error(data.message) as Error & { code?: string; path?: string; syscall?: string };
  if (data.code !== undefined) error.code = data.code;
  if (data.path !== undefined) error.path = data.path;
  if (data.syscall !== undefined) error.syscall = data.syscall;
  return error;
}

export function digestsToWire(digests: Digests): WireDigests {
  const wire: WireDigests = {};
  // A copy: cloning a view of a shared pool buffer would send the whole pool.
  for (const [algorithm, digest] of Object.entries(digests) as Array<[DigestAlgorithm, Buffer]>) {
    wire[algorithm] = new Uint8Array(digest);
  }
  return wire;
}

export function digestsFromWire(wire: WireDigests): Digests {
  const digests: Digests = {};
  for (const [algorithm, bytes] of Object.entries(wire) as Array<[DigestAlgorithm, Uint8Array]>) {
    digests[algorithm] = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  return digests;
}
