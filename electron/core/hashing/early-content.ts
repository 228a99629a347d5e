import { closeSync, fstatSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { PARALLEL_DIGESTS_MIN_BYTES } from '../limits';
import { type ContentPlan, type ContentResult, emptyPlan, passesCover, passesPlan } from './content-plan';
import { EarlyPass } from './early-pass';
import { type FileSnapshot, sameSnapshot, snapshotOf } from './file-snapshot';
import { samePlan } from './known-content';
import { planCost } from './plan-cost';
import { createSharedRing } from './shared-ring';
import { startHashWorker } from './worker-location';
import type { ContentReply, EarlyContentRequest } from './worker-protocol';

/**
 * The CLI's early read (issue 21): `signet verify BIG-FILE` spends tens of milliseconds loading its
 * code, the trust list and the signature before it knows what to hash. The kinds can guess: a
 * detached signature's running hashes (FormatFacts.earlyPasses, as passesPlan) or a signed
 * program's image ranges (FormatFacts.earlyNeeds), so hash workers open the file and start that
 * guessed plan at once (two parts: two workers sharing one read, the cheaper one reading, as
 * readContentSharedInWorkers). The verification takes the answer only when the guess covers its
 * plan (the same plan, or running hashes that answer it) and the reader read the very file it
 * opened, unchanged (same device, inode, size, modification and change time from the reader's open
 * to the verification's last look); otherwise it reads the file itself as before. Signing starts
 * the same read (core/sign/early-read.ts): running hashes answer each H(content ‖ trailer) once the
 * key says what the trailer is.
 */
let pending: { lanes: Lane[]; file: FileIdentity; here?: undefined } | Here | undefined;

/**
 * The early read on the CLI's own thread (startEarlyPassHere): the reads run on libuv's threads
 * while this thread hashes each chunk as it lands, between the check's own steps.
 */
interface Here {
  here: { pass: EarlyPass; stop: AbortController; algorithm: string };
  file: FileIdentity;
  lanes?: undefined;
}

/** One worker and the part of the guess it runs; the first lane reads the file. */
interface Lane {
  worker: Worker;
  plan: ContentPlan;
}

/** The file as statted when the hash started: a read of any other file of the check leaves it waiting. */
type FileIdentity = Pick<FileSnapshot, 'dev' | 'ino'>;

/**
 * Starts running hashes of these algorithms over `path`: two hashes of a large file on two cores
 * sharing one read, as the check itself would; otherwise one worker.
 */
export function startEarlyPasses(
  path: string,
  file: FileIdentity & { size: number },
  passes: readonly string[],
) {
  const split = passes.length > 1 && file.size >= PARALLEL_DIGESTS_MIN_BYTES && availableParallelism() > 1;
  const groups = split ? lanesOf(passes) : [passes];
  startEarlyContent(
    groups.map(() => startHashWorker()),
    path,
    file,
    groups.map(passesPlan),
  );
}

/** Two groups of hashes of about equal cost (the costliest alone, when there are two or three). */
function lanesOf(passes: readonly string[]): string[][] {
  const lanes: string[][] = [[], []];
  const cost = (lane: readonly string[]) => planCost(passesPlan(lane));
  for (const pass of [...passes].sort((a, b) => cost([b]) - cost([a]))) {
    (cost(lanes[0]!) <= cost(lanes[1]!) ? lanes[0]! : lanes[1]!).push(pass);
  }
  return lanes;
}

/**
 * Starts one running hash of `path` on this thread (issue 21): for the CLI's `verify` of a file
 * whose check needs a single hash, where no worker has to boot (~20 ms idle, more under load, plus
 * node:crypto loading in it) before the hash can start. The check's own work (trust list,
 * signature, Ed25519: a few ms) runs between chunks. Never for the app, whose main thread must
 * stay responsive.
 */
export function startEarlyPassHere(path: string, file: FileIdentity, algorithm: string): void {
  abandonEarlyContent();
  const stop = new AbortController();
  const pass = new EarlyPass(path, passesPlan([algorithm]), undefined, stop.signal);
  pending = { here: { pass, stop, algorithm }, file: { dev: file.dev, ino: file.ino } };
}

/** Ends a read on this thread not taken, if any, so that it never keeps the CLI alive once the run is over. */
export function abandonEarlyPassHere(): void {
  if (pending?.here) abandonEarlyContent();
}

/**
 * Ends the early read not taken, if any: its workers stop, a read on this thread stops after the
 * reads already issued (so it never keeps the process alive), its failure is nobody's news.
 */
export function abandonEarlyContent(): void {
  const taken = pending;
  pending = undefined;
  if (taken?.here) {
    taken.here.stop.abort();
    taken.here.pass.release();
  }
  for (const lane of taken?.lanes ?? []) void lane.worker.terminate();
}

/**
 * Starts each part of a guessed plan over `path` on its own worker (one or two), which stay
 * unreferenced until an answer is asked for.
 */
export function startEarlyContent(
  workers: readonly Worker[],
  path: string,
  file: FileIdentity,
  parts: readonly ContentPlan[],
): void {
  abandonEarlyContent();
  const order = [...parts].sort((a, b) => planCost(a) - planCost(b));
  const shared = order.length > 1 ? createSharedRing() : undefined;
  const lanes = order.slice(0, workers.length).map((plan, index) => {
    const worker = workers[index]!;
    // A worker that fails before it is asked leaves the verification to read as usual.
    worker.on('error', () => {});
    worker.unref();
    const start: EarlyContentRequest = {
      type: 'content-early',
      id: 1,
      step: 'start',
      path,
      plan,
      ...(shared ? { shared: { ...shared, role: index === 0 ? 'lead' : 'follow' } } : {}),
    };
    worker.postMessage(start);
    return { worker, plan };
  });
  pending = { lanes, file: { dev: file.dev, ino: file.ino } };
}

/** The artifact's content from the early hash, or undefined: then nothing is left running. */
export async function earlyContentFor(
  artifact: { size: number; snapshot: FileSnapshot },
  plan: ContentPlan,
  signal?: AbortSignal,
): Promise<ContentResult | undefined> {
  const taken = pending;
  if (!taken || taken.file.dev !== artifact.snapshot.dev || taken.file.ino !== artifact.snapshot.ino)
    return undefined;
  pending = undefined;
  if (taken.here) return answerHere(taken.here, artifact, plan, signal);
  const { lanes } = taken;
  // Stopping the workers ends the wait: each answer is then undefined.
  const stop = () => {
    for (const lane of lanes) void lane.worker.terminate();
  };
  signal?.addEventListener('abort', stop, { once: true });
  try {
    const whole = lanes.length === 1 && samePlan(lanes[0]!.plan, plan);
    if (!artifact.snapshot.sized || !(whole || passesCover(lanes.flatMap(passesOf), plan))) return undefined;
    const parts = whole ? [plan] : lanes.map((lane) => partFor(passesOf(lane), plan));
    const replies = lanes.map((lane, index) => answerOf(lane.worker, parts[index]!));
    // The reader first: when it fails, the follower has been told to stop.
    const reader = await replies[0]!;
    if (reader?.type !== 'content-early-done' || reader.fd === undefined || !reader.before) return undefined;
    // The worker opened that descriptor, so the worker closes it when it exits (trackUnmanagedFds,
    // worker-location.ts): closed here as well, the exiting worker would close its number again,
    // by then perhaps another file this thread opened.
    const same =
      sameSnapshot(reader.before, artifact.snapshot) &&
      sameSnapshot(reader.before, snapshotOf(fstatSync(reader.fd)));
    if (!same) return undefined;
    const results: ContentResult[] = [reader.result];
    for (const reply of replies.slice(1)) {
      const answer = await reply;
      if (answer?.type !== 'content-early-done') return undefined;
      results.push(answer.result);
    }
    if (results.some((result) => result.size !== artifact.size)) return undefined;
    return whole ? reader.result : merged(plan, parts, results);
  } finally {
    signal?.removeEventListener('abort', stop);
    // Not awaited: a worker's teardown takes 5 to 20 ms, which the verdict need not wait for (issue 21).
    // Unreferenced, a worker still stopping never keeps the process alive; its exit ends any wait.
    for (const lane of lanes) {
      lane.worker.unref();
      void lane.worker.terminate();
    }
  }
}

/** The answer of the read on this thread, taken as the workers' is: the same unchanged file only. */
async function answerHere(
  { pass, stop, algorithm }: Here['here'],
  artifact: { size: number; snapshot: FileSnapshot },
  plan: ContentPlan,
  signal?: AbortSignal,
): Promise<ContentResult | undefined> {
  const cancel = () => stop.abort();
  signal?.addEventListener('abort', cancel, { once: true });
  try {
    // A plan it does not answer stops it at once, rather than after hashing the whole file.
    if (!artifact.snapshot.sized || !passesCover([algorithm], plan)) {
      stop.abort();
      pass.release();
      return undefined;
    }
    // A failed read (cancelled, changed, unreadable) leaves the check to read and word it itself.
    const answer = await pass.answer(plan).catch(() => undefined);
    if (!answer) return undefined;
    if (answer.fd === undefined || !answer.before) return undefined;
    try {
      const same =
        sameSnapshot(answer.before, artifact.snapshot) &&
        sameSnapshot(answer.before, snapshotOf(fstatSync(answer.fd)));
      return same && answer.result.size === artifact.size ? answer.result : undefined;
    } finally {
      // Every read of it has settled (EarlyPass awaits them): this thread opened it, so closes it.
      closeSync(answer.fd);
    }
  } finally {
    signal?.removeEventListener('abort', cancel);
  }
}

/** The running hashes a lane's passesPlan keeps (none for a plan of ranged hashes). */
const passesOf = (lane: Lane): string[] =>
  lane.plan.suffixed
    .filter((s) => s.suffix.length === 0 && !s.prefix && !s.canonicalText)
    .map((s) => s.algorithm);

/** The share of `plan` one lane's hashes answer. */
function partFor(passes: readonly string[], plan: ContentPlan): ContentPlan {
  return {
    ...emptyPlan(),
    digests: plan.digests.filter((algorithm) => passes.includes(algorithm)),
    suffixed: plan.suffixed.filter((s) => passes.includes(s.algorithm)),
  };
}

/** The lanes' answers in the order of `plan`. */
function merged(plan: ContentPlan, parts: readonly ContentPlan[], results: readonly ContentResult[]) {
  const next = results.map(() => 0);
  return {
    size: results[0]!.size,
    digests: Object.assign({}, ...results.map((result) => result.digests)),
    prefixed: [],
    suffixed: plan.suffixed.map((s) => {
      const lane = parts.findIndex((part) => part.suffixed.some((own) => own.algorithm === s.algorithm));
      return results[lane]!.suffixed[next[lane]!++]!;
    }),
    ranged: [],
  } satisfies ContentResult;
}

function answerOf(worker: Worker, plan: ContentPlan): Promise<ContentReply | undefined> {
  worker.ref();
  return new Promise((resolve) => {
    worker.on('message', resolve);
    worker.once('exit', () => resolve(undefined));
    const ask: EarlyContentRequest = { type: 'content-early', id: 2, step: 'answer', plan };
    worker.postMessage(ask);
  });
}
