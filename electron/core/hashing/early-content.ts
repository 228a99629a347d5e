import { closeSync, fstatSync } from 'node:fs';
import type { Worker } from 'node:worker_threads';
import { type ContentPlan, type ContentResult, passesCover } from './content-plan';
import { type FileSnapshot, sameSnapshot, snapshotOf } from './file-snapshot';
import type { ContentReply, EarlyContentRequest } from './worker-protocol';

/**
 * The CLI's early hash (issue 21): `signet verify BIG-FILE` spends tens of milliseconds loading its
 * code, the trust list and the signature before it knows what to hash. The signature's kind can
 * guess (FormatFacts.earlyPasses), so a hash worker opens the file and starts those hashes at once.
 * The verification takes the answer only when the hashes cover its plan and the worker read the
 * very file it opened, unchanged (same device, inode, size, modification and change time from the
 * worker's open to the verification's last look); otherwise it reads the file itself as before.
 */
let pending: { worker: Worker; passes: readonly string[]; file: FileIdentity } | undefined;

/** The file as statted when the hash started: a read of any other file of the check leaves it waiting. */
type FileIdentity = Pick<FileSnapshot, 'dev' | 'ino'>;

/** Starts `passes` over `path` on `worker`, which stays unreferenced until an answer is asked for. */
export function startEarlyContent(
  worker: Worker,
  path: string,
  file: FileIdentity,
  passes: readonly string[],
): void {
  // A worker that fails before it is asked leaves the verification to read as usual.
  worker.on('error', () => {});
  worker.unref();
  const start: EarlyContentRequest = {
    type: 'content-early',
    id: 1,
    step: 'start',
    path,
    passes: [...passes],
  };
  worker.postMessage(start);
  pending = { worker, passes, file: { dev: file.dev, ino: file.ino } };
}

/** The artifact's content from the early hash, or undefined: then nothing is left running. */
export async function earlyContentFor(
  artifact: { size: number; snapshot: FileSnapshot },
  plan: ContentPlan,
): Promise<ContentResult | undefined> {
  const taken = pending;
  if (!taken || taken.file.dev !== artifact.snapshot.dev || taken.file.ino !== artifact.snapshot.ino)
    return undefined;
  pending = undefined;
  const { worker } = taken;
  try {
    if (!artifact.snapshot.sized || !passesCover(taken.passes, plan)) return undefined;
    worker.ref();
    const reply = await new Promise<ContentReply | undefined>((resolve) => {
      worker.on('message', resolve);
      worker.once('exit', () => resolve(undefined));
      const ask: EarlyContentRequest = { type: 'content-early', id: 2, step: 'answer', plan };
      worker.postMessage(ask);
    });
    if (reply?.type !== 'content-early-done') return undefined;
    try {
      const same =
        reply.result.size === artifact.size &&
        sameSnapshot(reply.before, artifact.snapshot) &&
        sameSnapshot(reply.before, snapshotOf(fstatSync(reply.fd)));
      return same ? reply.result : undefined;
    } finally {
      closeSync(reply.fd);
    }
  } finally {
    await worker.terminate();
  }
}
