import { basename } from 'node:path';
import { signatureSuffixes } from '../../core/formats/registry';

/**
 * Suffixes browsers and download managers give a file while it is still arriving: Chrome and Edge
 * `.crdownload`, Firefox `.part`, Safari `.download` (a folder), others `.partial`/`.tmp`. The
 * browser's rename to the final name is the moment the download finishes.
 */
const PARTIAL_SUFFIXES = ['.crdownload', '.part', '.partial', '.download', '.tmp'] as const;

/** A name the watcher never checks: still downloading, hidden (browsers' own temp files), or not a plain name. */
export function isIgnoredName(name: string): boolean {
  if (name === '' || name === '.' || name === '..') return true;
  if (name.includes('/') || name.includes('\\') || name.includes('\0')) return true;
  // Chrome on Linux and macOS writes `.com.google.Chrome.XXXXXX` first; dotfiles are never downloads.
  if (name.startsWith('.')) return true;
  // Windows and macOS leave these in folders; they are not downloads either.
  if (/^(desktop\.ini|thumbs\.db|\.ds_store)$/i.test(name)) return true;
  const lower = name.toLowerCase();
  return PARTIAL_SUFFIXES.some((suffix) => lower.endsWith(suffix));
}

/**
 * The names a still-running download of `name` would have beside it (Firefox keeps an empty
 * `name` and writes `name.part`; a re-download writes `name.crdownload` next to the old file).
 */
export function partialSiblings(name: string): string[] {
  const base = basename(name);
  return PARTIAL_SUFFIXES.map((suffix) => `${base}${suffix}`);
}

/**
 * Detached signatures a browser saves beside a download; they stand for the file they sign. The
 * registry's suffixes, longest first, so that a name is cut at its whole signature suffix.
 */
export const SIGNATURE_SUFFIXES: readonly string[] = [...signatureSuffixes()].sort(
  (a, b) => b.length - a.length,
);

/**
 * What to check when `name` finished downloading: a detached signature stands for the file it signs
 * (downloaded before it: check that file now; not there yet: nothing, its own arrival is checked);
 * anything else is checked as itself. `exists` answers for a name in the same folder.
 */
export async function downloadTarget(
  path: string,
  exists: (path: string) => Promise<boolean>,
): Promise<string | null> {
  const lower = path.toLowerCase();
  const suffix = SIGNATURE_SUFFIXES.find((s) => lower.endsWith(s));
  if (!suffix) return path;
  const signed = path.slice(0, -suffix.length);
  if (basename(signed) === '') return path;
  return (await exists(signed)) ? signed : null;
}
