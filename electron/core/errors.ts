import { printable } from '../../shared/printable';

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

/** What each errno code means, in words a person can act on. */
const ERRNO_SENTENCES: Record<string, string> = {
  ENOENT: 'The file does not exist',
  EACCES: 'Permission denied',
  EPERM: 'Permission denied',
  EISDIR: 'Expected a file but found a folder',
  ENOTDIR: 'A folder in the path is a file',
  ELOOP: 'Too many symbolic links (or a link that points to itself)',
  EEXIST: 'The file already exists',
  ENOSPC: 'The disk is full',
  EDQUOT: 'Your disk quota is used up',
  EMFILE: 'Too many open files',
  ENFILE: 'Too many files are open on this computer',
  ENAMETOOLONG: 'The file name or path is too long',
  EROFS: 'The disk is read-only',
  EBUSY: 'The file or device is busy',
  ETXTBSY: 'The file is in use by a running program',
  EFBIG: 'The file is too large',
  ERR_FS_FILE_TOO_LARGE: 'The file is too large',
  EINVAL: 'The operating system does not allow this on that file',
  EIO: 'The disk reported a read or write error',
  ENXIO: 'The device is not there or not ready',
  ENODEV: 'The device is not there or not ready',
  EAGAIN: 'The file is not ready to be read (a pipe or device?)',
  ESPIPE: 'The file is a pipe, not a regular file',
  EXDEV: 'The file cannot be moved to another disk',
  ENOTEMPTY: 'The folder is not empty',
  ENOTSUP: 'The file system does not support this',
  EOPNOTSUPP: 'The file system does not support this',
  ENOMEM: 'There is not enough memory',
  ETIMEDOUT: 'The disk did not answer in time',
  ESTALE: 'The network file is no longer available',
  ECONNRESET: 'The connection to the network drive was lost',
};

/**
 * Turns any thrown value into one plain line; unknown errors do not leak internals. A path is shown
 * through printable(), so a hostile name cannot hide characters in the message.
 */
export function plainMessage(error: unknown): string {
  if (error instanceof SignetError) return error.message;
  const code = (error as { code?: unknown } | null)?.code;
  const path = (error as { path?: unknown } | null)?.path;
  if (typeof code === 'string') {
    const where = typeof path === 'string' ? ` (${printable(path)})` : '';
    const sentence = ERRNO_SENTENCES[code];
    if (sentence) return `${sentence}${where}.`;
    // Another operating-system refusal: still a plain answer, with the code for whoever looks it up.
    if (/^E[A-Z0-9]{2,15}$/.test(code)) return `The operating system refused (${code})${where}.`;
  }
  return 'Something went wrong inside Signet. Nothing was changed.';
}
