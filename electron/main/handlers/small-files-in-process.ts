import { stat } from 'node:fs/promises';

/**
 * Files up to this size are read and hashed on main's own thread: BLAKE2b-512 and SHA-256 of 1 MiB
 * take about 1.5 ms, while a hashing worker costs tens of milliseconds to start on an idle machine
 * and hundreds on a busy one. Anything larger still goes to a worker, so the window never waits on
 * a big file.
 */
export const IN_PROCESS_MAX_BYTES = 1024 * 1024;

/** Whether to read this file in a worker (the core's `offThread`); unknown sizes go to the worker. */
export async function readOffThread(path: string): Promise<boolean> {
  const size = await stat(path).then(
    (info) => (info.isFile() ? info.size : Number.POSITIVE_INFINITY),
    () => Number.POSITIVE_INFINITY,
  );
  return size > IN_PROCESS_MAX_BYTES;
}
