import { join } from 'node:path';
import { userConfigDir } from '../config/paths';

/**
 * The one keystore and the one signing journal, inside Signet's config folder. The app sets its
 * userData to the same folder (electron/main/app-paths.ts), so the CLI and the app read and write
 * the same keys and the same log; test/unit/shared-keystore.test.ts checks that they agree.
 */
export function keystoreDir(configDir: string = userConfigDir()): string {
  return join(configDir, 'keys');
}

export function activityDir(configDir: string = userConfigDir()): string {
  return join(configDir, 'activity');
}
