import { fstatSync, statSync } from 'node:fs';
import type { MessagePort } from 'node:worker_threads';
import { SignetError } from '../errors';
import { confinedPathSync } from './confined-path';
import type { ContentPlan } from './content-plan';
import type { DigestProgress } from './digest-algorithms';
import { digestFile, digestFileSync } from './digest-file';
import { EarlyPass } from './early-pass';
import { readContent, readContentSync } from './read-content';
import { CHUNK_SIZE, RING_DEPTH } from './read-file-chunks';
import { followSharedRing, leadSharedRing } from './shared-ring';
import {
  type AsWrittenContentRequest,
  type BatchEntry,
  type ContentReply,
  type ContentRequest,
  type DigestReply,
  type DigestRequest,
  digestsToWire,
  type EarlyContentRequest,
  type SharedContentRequest,
  type SingleDigestRequest,
  serializeError,
  type WorkerReply,
} from './worker-protocol';
import { hashScatteredAsWritten } from './written-so-far';

/**
 * Up to this size a pool request is hashed with blocking reads: a thread-pool round trip per
 * open/stat/read/close costs as much as hashing a 200 KiB file. Larger files gain more from reads
 * overlapped with hashing.
 */
const BLOCKING_READ_LIMIT = CHUNK_SIZE * RING_DEPTH;

/**
 * The body of the hash worker: answers DigestRequests on `port`. Cancelling is terminating the
 * worker, which stops even a blocking loop, so there is no cancel message.
 */
export function serveHashRequests(port: MessagePort): void {
  const scratch = Buffer.allocUnsafeSlow(CHUNK_SIZE);
  const reply = (message: WorkerReply) => port.postMessage(message);
  let early: EarlyPass | undefined;
  port.on('message', (request: DigestRequest) => {
    if (request?.type === 'content-early') {
      if (request.step === 'start') early = new EarlyPass(request.path, request.plan, request.shared);
      else void answerEarly(early, request.id, request.plan).then(reply);
    } else if (request?.type === 'content') {
      void contentOf(request, reply).then(reply);
    } else if (request?.type === 'content-shared') {
      reply(sharedContentOf(request, reply));
    } else if (request?.type === 'content-as-written') {
      reply(asWrittenContentOf(request));
    } else if (request?.type === 'digest-batch') {
      reply({ type: 'batch-done', id: request.id, entries: digestEach(request.paths, request, scratch) });
    } else if (request?.type === 'digest') {
      // Blocking requests are answered before the next queued one runs, with no event-loop turn between.
      if (readsOf(request) === 'blocking') reply(digestBlocking(request, scratch, reply));
      else void digestOverlapped(request, reply);
    }
  });
}

function readsOf(request: SingleDigestRequest): 'overlapped' | 'blocking' {
  if (request.reads) return request.reads;
  if (request.progressEveryMs !== undefined) return 'overlapped';
  return sizeOrZero(request.path) <= BLOCKING_READ_LIMIT ? 'blocking' : 'overlapped';
}

/** Blocking reads, one file after another; each file gets its digests or its own error. */
function digestEach(
  paths: string[],
  request: Exclude<
    DigestRequest,
    ContentRequest | SharedContentRequest | EarlyContentRequest | AsWrittenContentRequest
  >,
  scratch: Buffer,
): BatchEntry[] {
  return paths.map((path): BatchEntry => {
    try {
      const { digests, bytes } = digestFileSync(target(path, request), request.algorithms, scratch, {
        regularOnly: request.confineTo !== undefined,
      });
      return { digests: digestsToWire(digests), bytes };
    } catch (error) {
      return { error: serializeError(error) };
    }
  });
}

function digestBlocking(
  request: SingleDigestRequest,
  scratch: Buffer,
  reply: (message: DigestReply) => void,
): DigestReply {
  try {
    const { digests, bytes } = digestFileSync(target(request.path, request), request.algorithms, scratch, {
      onProgress: progressPoster(request, reply),
      regularOnly: request.confineTo !== undefined,
    });
    return { type: 'done', id: request.id, digests: digestsToWire(digests), bytes };
  } catch (error) {
    return { type: 'failed', id: request.id, error: serializeError(error) };
  }
}

async function digestOverlapped(
  request: SingleDigestRequest,
  reply: (message: DigestReply) => void,
): Promise<void> {
  const post = progressPoster(request, reply);
  let bytes = 0;
  try {
    const digests = await digestFile(target(request.path, request), request.algorithms, {
      regularOnly: request.confineTo !== undefined,
      onProgress: (progress) => {
        bytes = progress.bytesDone;
        post?.(progress);
      },
    });
    reply({ type: 'done', id: request.id, digests: digestsToWire(digests), bytes });
  } catch (error) {
    reply({ type: 'failed', id: request.id, error: serializeError(error) });
  }
}

/** The path to open: for a confined request, its real path, once known to be inside the folder. */
function target(
  path: string,
  request: Exclude<
    DigestRequest,
    ContentRequest | SharedContentRequest | EarlyContentRequest | AsWrittenContentRequest
  >,
): string {
  return request.confineTo === undefined ? path : confinedPathSync(path, request.confineTo);
}

/** Posts progress at most every `progressEveryMs`, and always the last step. */
function progressPoster(
  request: SingleDigestRequest,
  reply: (message: DigestReply) => void,
): ((progress: DigestProgress) => void) | undefined {
  const every = request.progressEveryMs;
  if (every === undefined) return undefined;
  let lastPost = Number.NEGATIVE_INFINITY;
  return ({ bytesDone, bytesTotal }) => {
    const now = performance.now();
    if (now - lastPost < every && bytesDone < bytesTotal) return;
    lastPost = now;
    reply({ type: 'progress', id: request.id, bytesDone, bytesTotal });
  };
}

/** Errors are left for the read itself to report, with its own message. */
function sizeOrZero(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/**
 * One pass over the caller's open file for every need of a verification: small files with
 * blocking reads, larger ones with reads overlapped with hashing.
 */
async function contentOf(
  request: ContentRequest,
  reply: (message: ContentReply) => void,
): Promise<ContentReply> {
  try {
    let last = 0;
    const every = request.progressEveryMs;
    const onProgress = (progress: DigestProgress) => {
      if (every === undefined) return;
      const now = Date.now();
      if (now - last < every && progress.bytesDone !== progress.bytesTotal) return;
      last = now;
      reply({ type: 'progress', id: request.id, ...progress });
    };
    const result =
      fstatSync(request.fd).size <= BLOCKING_READ_LIMIT
        ? readContentSync(request.fd, request.name, request.plan, onProgress)
        : await readContent(request.fd, request.name, request.plan, { onProgress });
    return { type: 'content-done', id: request.id, result };
  } catch (error) {
    return { type: 'failed', id: request.id, error: serializeError(error) };
  }
}

async function answerEarly(
  early: EarlyPass | undefined,
  id: number,
  plan: ContentPlan,
): Promise<ContentReply> {
  try {
    const answer = early ? await early.answer(plan) : undefined;
    if (!answer) throw new SignetError('io', 'The early hash does not answer this check.');
    return { type: 'content-early-done', id, ...answer };
  } catch (error) {
    return { type: 'failed', id, error: serializeError(error) };
  }
}

/** Its share of a read done once for two workers: blocking, as both cores are hashing. */
function sharedContentOf(
  request: SharedContentRequest,
  reply: (message: ContentReply) => void,
): ContentReply {
  try {
    const shared = { ring: request.ring, control: request.control };
    if (request.role === 'follow') {
      return {
        type: 'content-done',
        id: request.id,
        result: followSharedRing(shared, request.plan),
      };
    }
    const every = request.progressEveryMs;
    let last = 0;
    const onProgress = (progress: DigestProgress) => {
      if (every === undefined) return;
      const now = Date.now();
      if (now - last < every && progress.bytesDone !== progress.bytesTotal) return;
      last = now;
      reply({ type: 'progress', id: request.id, ...progress });
    };
    const result = leadSharedRing(shared, request.fd, request.name, request.plan, onProgress);
    return { type: 'content-done', id: request.id, result };
  } catch (error) {
    return { type: 'failed', id: request.id, error: serializeError(error) };
  }
}

/** Blocking: the worker waits on the writer between parts, on a core of its own. */
function asWrittenContentOf(request: AsWrittenContentRequest): ContentReply {
  try {
    const result = hashScatteredAsWritten(request.written, request.fd, request.name, request.plan);
    return { type: 'content-done', id: request.id, result };
  } catch (error) {
    return { type: 'failed', id: request.id, error: serializeError(error) };
  }
}
