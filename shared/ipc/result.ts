/**
 * Every response crosses as either a value or a plain error sentence: no stack, no internals.
 * `cancelled` marks a failure that is the person's own choice (a dialog cancelled, no passphrase
 * given), which the page shows as a calm note rather than an error; it never reads the sentence.
 */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: string; cancelled?: true };
