/**
 * Every failure the core expects ends as a SignetError with a sentence a person can read; the CLI
 * and the IPC layer print `message` and never a stack trace.
 */
export type SignetErrorKind =
  | 'malformed' // input we cannot parse, unsafe path, unsupported algorithm
  | 'usage' // the caller asked for something impossible
  | 'io' // the file system said no
  | 'wrong-passphrase'
  | 'exists' // refusing to overwrite
  | 'cancelled';

export class SignetError extends Error {
  constructor(
    readonly kind: SignetErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SignetError';
  }
}

/** A parse failure: the input is not what it claims to be. */
export class FormatError extends SignetError {
  constructor(message: string) {
    super('malformed', message);
    this.name = 'FormatError';
  }
}

export function isSignetError(error: unknown): error is SignetError {
  return error instanceof SignetError;
}

/** Turns any thrown value into one plain line; unknown errors do not leak internals. */
export function plainMessage(error: unknown): string {
  if (error instanceof SignetError) return error.message;
  const code = (error as { code?: unknown } | null)?.code;
  const path = (error as { path?: unknown } | null)?.path;
  if (typeof code === 'string') {
    const where = typeof path === 'string' ? ` (${path})` : '';
    const known: Record<string, string> = {
      ENOENT: 'The file does not exist',
      EACCES: 'Permission denied',
      EPERM: 'Permission denied',
      EISDIR: 'Expected a file but found a folder',
      ENOTDIR: 'A folder in the path is a file',
      ELOOP: 'Too many symbolic links',
      EEXIST: 'The file already exists',
      ENOSPC: 'The disk is full',
      EMFILE: 'Too many open files',
    };
    if (known[code]) return `${known[code]}${where}.`;
  }
  return 'Something went wrong inside Signet. Nothing was changed.';
}
