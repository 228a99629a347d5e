import { fstatSync } from 'node:fs';
import { type FileSnapshot, snapshotOf } from '../../hashing/file-snapshot';
import { sameFileState } from '../../hashing/known-content';
import { fdReader } from './fd-reader';
import { type MsiFile, readMsi } from './msi';

let last: { snapshot: FileSnapshot; msi: MsiFile } | undefined;

/**
 * The structure of the package open at `fd`, read once for the same file in the same state:
 * signing looks at a package (is it signed?), hashes it, then rewrites it, and each read of a
 * 200 MB package's allocation tables took tens of ms. The state is the file's identity, size,
 * modification and change time: any write moves the change time, and then it is read again.
 */
export function msiOfOpenFile(fd: number): MsiFile {
  const snapshot = snapshotOf(fstatSync(fd));
  if (last && sameFileState(last.snapshot, snapshot)) return last.msi;
  const msi = readMsi(fdReader(fd, snapshot.size));
  last = { snapshot, msi };
  return msi;
}
