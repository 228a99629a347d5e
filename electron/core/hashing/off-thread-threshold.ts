/** From this size, a verification's one read runs in a worker even for the CLI: the calling thread stays free. */
export const OFF_THREAD_MIN_BYTES = 8 * 1024 * 1024;
