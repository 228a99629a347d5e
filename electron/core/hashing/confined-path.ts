import { constants, realpathSync } from 'node:fs';
import { assertInsideFolder } from '../checksums/resolve-listed-path';
import { SignetError } from '../errors';

/**
 * The real path of `path` (links resolved), after checking it lies inside `realFolder`, itself a
 * real path: how a checksum list's names are kept from leading out of the list's folder.
 * Throws FormatError when it does not; file system errors keep their Node `code`.
 */
export function confinedPathSync(path: string, realFolder: string): string {
  const real = realpathSync.native(path);
  assertInsideFolder(realFolder, real);
  return real;
}

/**
 * Opening a FIFO for reading waits for a writer, possibly forever; O_NONBLOCK returns at once, and
 * the fstat that follows turns it away. It changes nothing for regular files.
 */
export const OPEN_REGULAR_ONLY = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

export function notRegularFileError(path: string): SignetError {
  return new SignetError('malformed', `${path} is not a regular file, so Signet did not read it.`);
}
