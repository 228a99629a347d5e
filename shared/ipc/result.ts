/** Every response crosses as either a value or a plain error sentence: no stack, no internals. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: string };
