import { stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';

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
    const path = isAbsolute(argument) ? resolve(argument) : resolve(workingDirectory, argument);
    if (await isRegularFile(path)) files.push(path);
  }
  return [...new Set(files)];
}

async function isRegularFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
