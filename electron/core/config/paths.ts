import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Per-OS folders. SIGNET_CONFIG_DIR / SIGNET_MANAGED_TRUST_FILE override them (tests, portable use).
 */
export function userConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SIGNET_CONFIG_DIR) return env.SIGNET_CONFIG_DIR;
  switch (process.platform) {
    case 'win32':
      return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Signet');
    case 'darwin':
      return join(homedir(), 'Library', 'Application Support', 'Signet');
    default:
      return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'signet');
  }
}

/** Read-only trust list deployed by an organisation's IT. */
export function managedTrustFile(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SIGNET_MANAGED_TRUST_FILE) return env.SIGNET_MANAGED_TRUST_FILE;
  switch (process.platform) {
    case 'win32':
      return join(env.ProgramData ?? 'C:\\ProgramData', 'Signet', 'trusted-signers.json');
    case 'darwin':
      return '/Library/Application Support/Signet/trusted-signers.json';
    default:
      return '/etc/signet/trusted-signers.json';
  }
}
