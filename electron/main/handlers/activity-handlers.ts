import { readActivity } from '../../core/activity/activity-log';
import type { HandlerDeps, Handlers } from './types';

export function createActivityHandlers(deps: HandlerDeps): Pick<Handlers, 'listActivity'> {
  return {
    async listActivity() {
      const logged = await readActivity(deps.activityDir);
      // Entries logged without a name (a key file on the command line) get the keystore's, when it has it.
      const names = new Map((await deps.keystore.list()).map((key) => [key.keyId, key.name]));
      const entries = logged.map((entry) => {
        const keyName = entry.keyName ?? names.get(entry.keyId);
        return keyName ? { ...entry, keyName } : entry;
      });
      // Main's own log names these files: the page may show them in their folder (nothing more).
      deps.grants.allowShowing(entries.flatMap((entry) => [entry.file, entry.output]));
      return { entries };
    },
  };
}
