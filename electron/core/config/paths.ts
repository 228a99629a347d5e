import { lstatSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { activeOverrides, type TestOverrides } from './overrides';

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

/** Where an organisation's IT deploys its read-only trust list on this OS. */
export function osManagedTrustFile(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  switch (platform) {
    case 'win32':
      return join(env.ProgramData ?? 'C:\\ProgramData', 'Signet', 'trusted-signers.json');
    case 'darwin':
      return '/Library/Application Support/Signet/trusted-signers.json';
    default:
      return '/etc/signet/trusted-signers.json';
  }
}

/**
 * The managed trust list in force. A list at the OS path always applies, whatever
 * SIGNET_MANAGED_TRUST_FILE says: an override may stand in where the organisation deployed none
 * (tests), never replace or lift one that is there. Anything at that path other than "nothing"
 * (unreadable, a folder, a dangling link) counts as there, so reading it fails closed.
 */
export function managedTrustFile(
  env: NodeJS.ProcessEnv = process.env,
  options: { overrides?: TestOverrides; osFile?: string; isThere?: (path: string) => boolean } = {},
): string {
  const osFile = options.osFile ?? osManagedTrustFile(env);
  const override = (options.overrides ?? activeOverrides(env)).managedTrustFile;
  if (!override || (options.isThere ?? somethingIsThere)(osFile)) return osFile;
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
