import { lstatSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, win32 } from 'node:path';
import { activeOverrides, type TestOverrides } from './overrides';
import { DEFAULT_PROGRAM_DATA, programDataFolder, type RegistryLookup } from './program-data';

/** Per-OS folder for keys, the trust list and the activity log; SIGNET_CONFIG_DIR moves it (tests, portable use). */
export function userConfigDir(
  env: NodeJS.ProcessEnv = process.env,
  overrides: TestOverrides = activeOverrides(env),
): string {
  if (overrides.configDir) return overrides.configDir;
  switch (process.platform) {
    case 'win32':
      return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Signet');
    case 'darwin':
      return join(homedir(), 'Library', 'Application Support', 'Signet');
    default:
      return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'signet');
  }
}

let programData: string | undefined;

/**
 * Where an organisation's IT deploys its read-only trust list on this OS. On Windows the folder
 * comes from the system (program-data.ts), never from %ProgramData%, which whoever starts Signet
 * may set; it is asked once per process.
 */
export function osManagedTrustFile(
  platform: NodeJS.Platform = process.platform,
  lookup?: RegistryLookup,
): string {
  switch (platform) {
    case 'win32': {
      if (!lookup) programData ??= programDataFolder();
      const folder = lookup ? programDataFolder(lookup) : (programData ?? DEFAULT_PROGRAM_DATA);
      return win32.join(folder, 'Signet', 'trusted-signers.json');
    }
    case 'darwin':
      return '/Library/Application Support/Signet/trusted-signers.json';
    default:
      return '/etc/signet/trusted-signers.json';
  }
}

/**
 * The managed trust list in force. A list (or, on Linux, a policy.d folder) at the OS path always applies, whatever
 * SIGNET_MANAGED_TRUST_FILE says: an override may stand in where the organisation deployed none
 * (tests), never replace or lift one that is there. Anything at that path other than "nothing"
 * (unreadable, a folder, a dangling link) counts as there, so reading it fails closed.
 */
export function managedTrustFile(
  env: NodeJS.ProcessEnv = process.env,
  options: { overrides?: TestOverrides; osFile?: string; isThere?: (path: string) => boolean } = {},
): string {
  const osFile = options.osFile ?? osManagedTrustFile();
  const override = (options.overrides ?? activeOverrides(env)).managedTrustFile;
  if (!override) return osFile;
  const isThere = options.isThere ?? somethingIsThere;
  // Linux's policy folder beside the list (core/policy/locations.ts) counts as a policy there too.
  const osPolicyDir = join(dirname(osFile), 'policy.d');
  if (isThere(osFile) || (process.platform === 'linux' && isThere(osPolicyDir))) return osFile;
  return override;
}

function somethingIsThere(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code !== 'ENOENT' && code !== 'ENOTDIR';
  }
}
