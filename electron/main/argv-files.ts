import { stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The contract's bound on files per request. */
const MAX_FILES = 500;

/**
 * Files named on a command line (`signet-desktop file.tar.gz`, "Open with", a second launch). Switches
 * (Chromium adds its own) are skipped; only existing regular files are kept, as absolute paths.
 * `firstArgument` is 1 for a packaged app and 2 when started as `electron <app-folder>`.
 */
export async function filesFromArgv(
  argv: readonly string[],
  workingDirectory: string,
  firstArgument: number,
): Promise<string[]> {
  const files: string[] = [];
  for (const argument of argv.slice(firstArgument)) {
    if (files.length >= MAX_FILES) break;
    if (argument === '' || argument.startsWith('-') || argument.includes('\0')) continue;
    const local = localPathOf(argument);
    if (local === null) continue;
    const path = isAbsolute(local) ? resolve(local) : resolve(workingDirectory, local);
    if (await isRegularFile(path)) files.push(path);
  }
  return [...new Set(files)];
}

/** A path, or a file:// URL as Linux launchers pass with %U; any other URL is not a file to check. */
function localPathOf(argument: string): string | null {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(argument)) return argument;
  if (!argument.toLowerCase().startsWith('file://')) return null;
  try {
    const path = fileURLToPath(argument);
    return path.includes('\0') ? null : path;
  } catch {
    return null;
  }
}

async function isRegularFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
