import { realpath } from 'node:fs/promises';
import nodePath from 'node:path';
import { FormatError } from '../errors';

type PathModule = typeof nodePath.posix;

/** Segments Windows would quietly reduce to "." or "..": only dots and trailing spaces. */
const DOT_ONLY_SEGMENT = /^[. ]*\.[. ]*$/;

/**
 * A name from a checksum list may only point at a file inside the list's folder: the list is
 * signed by the publisher, but we still refuse to let it steer us anywhere else. Names are checked
 * with both / and \ as separators, so the answer is the same on every system.
 */
function checkName(name: string): void {
  const shown = JSON.stringify(name.length > 200 ? `${name.slice(0, 200)}...` : name);
  if (name === '') throw new FormatError('A listed file name is empty.');
  if (name.includes('\0')) throw new FormatError(`The listed name ${shown} contains a NUL character.`);
  if (/^[/\\]/.test(name)) {
    throw new FormatError(
      `The listed name ${shown} is an absolute path; only names inside the list's folder are allowed.`,
    );
  }
  if (/^[A-Za-z]:/.test(name)) {
    throw new FormatError(
      `The listed name ${shown} names a drive; only names inside the list's folder are allowed.`,
    );
  }
  const segments = name.split(/[/\\]/);
  for (const segment of segments) {
    if (segment !== '.' && DOT_ONLY_SEGMENT.test(segment)) {
      throw new FormatError(`The listed name ${shown} goes up out of the list's folder ("${segment}").`);
    }
  }
  if (segments.every((segment) => segment === '' || segment === '.')) {
    throw new FormatError(`The listed name ${shown} names the list's folder itself, not a file.`);
  }
}

function isInside(pathModule: PathModule, folder: string, candidate: string): boolean {
  const relative = pathModule.relative(folder, candidate);
  return relative !== '' && !pathModule.isAbsolute(relative) && relative.split(/[/\\]/)[0] !== '..';
}

/** resolveListedPath for a given path flavour (posix or win32), so both can be tested anywhere. */
export function resolveListedPathWith(pathModule: PathModule, listDir: string, name: string): string {
  checkName(name);
  const folder = pathModule.resolve(listDir);
  const joined = pathModule.join(folder, name);
  if (!isInside(pathModule, folder, joined)) {
    throw new FormatError(`The listed name ${JSON.stringify(name)} points outside the list's folder.`);
  }
  return joined;
}

/**
 * Joins a listed name onto the list's folder; FormatError for absolute paths, drive and UNC
 * names, ".." segments, NUL and names that are the folder itself. Symbolic links are not looked
 * at here: after opening, compare real paths with assertInsideFolder.
 */
export function resolveListedPath(listDir: string, name: string): string {
  return resolveListedPathWith(nodePath, listDir, name);
}

/**
 * Throws unless `realPath` lies inside `realListDir`; both must already be real paths
 * (fs.realpath), so a symbolic link inside the folder cannot lead outside it.
 */
export function assertInsideFolder(realListDir: string, realPath: string): void {
  const pathModule = nodePath;
  // Windows paths compare without case; elsewhere a case difference may be a different folder.
  const fold = process.platform === 'win32';
  const folder = pathModule.resolve(realListDir);
  const candidate = pathModule.resolve(realPath);
  const inside = fold
    ? isInside(pathModule, folder.toLowerCase(), candidate.toLowerCase())
    : isInside(pathModule, folder, candidate);
  if (!inside) {
    throw new FormatError(
      `The listed file ${JSON.stringify(realPath)} is outside the list's folder (through a link); it was not checked.`,
    );
  }
}

/** Resolves links on both sides and applies assertInsideFolder; returns the real path of the file. */
export async function realPathInsideFolder(listDir: string, path: string): Promise<string> {
  const [realListDir, realFile] = await Promise.all([realpath(listDir), realpath(path)]);
  assertInsideFolder(realListDir, realFile);
  return realFile;
}
