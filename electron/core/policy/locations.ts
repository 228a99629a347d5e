import { lstatSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { managedTrustFile } from '../config/paths';
import { MANAGED_PREFERENCES, type PlistToXml } from './mac-managed-preferences';
import { type RegistryReader, regExeReader } from './windows-registry';

/** Where this computer's policy may be. Tests give their own; `policyLocations()` is the OS's. */
export interface PolicyLocations {
  /** The managed trust list (the OS path, or a test's stand-in for it). */
  file: string;
  /** Linux: a folder of policy files (`policy.d`) merged after the list, in name order. */
  policyDir?: string;
  /** Windows: Group Policy's values (HKLM\Software\Policies\Signet). */
  registry?: RegistryReader;
  /** macOS: the managed preferences a configuration profile sets. */
  managedPreferences?: { path: string; toXml?: PlistToXml };
}

/** This computer's policy locations, for its OS. */
export function policyLocations(
  file: string = managedTrustFile(),
  platform: NodeJS.Platform = process.platform,
): PolicyLocations {
  if (platform === 'win32') return { file, registry: regExeReader };
  if (platform === 'darwin') return { file, managedPreferences: { path: MANAGED_PREFERENCES } };
  // Only on Linux, where /etc is the administrator's: elsewhere anyone may make a folder there.
  return { file, policyDir: join(dirname(file), 'policy.d') };
}

/**
 * Whether anything of a policy may be there, without loading the schema library: most computers
 * have none, and a check in the terminal should not pay for reading one. Windows' registry has to
 * be asked, so there it is always "maybe".
 */
export async function policyMayBeThere(locations: PolicyLocations = policyLocations()): Promise<boolean> {
  if (locations.registry) return true;
  const paths = [locations.file, locations.policyDir, locations.managedPreferences?.path];
  for (const path of paths) if (path !== undefined && (await somethingAt(path))) return true;
  return false;
}

/** Anything at the path, even a link to nothing: only plain absence is "nothing there". */
export async function somethingAt(path: string): Promise<boolean> {
  // A blocking look, without an error for plain absence: on a computer with no policy this is the
  // CLI's first file system call, and an async one there costs milliseconds of start-up.
  try {
    return lstatSync(path, { throwIfNoEntry: false }) !== undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code !== 'ENOENT' && code !== 'ENOTDIR';
  }
}
