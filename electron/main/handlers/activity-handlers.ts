import { readActivity } from '../../core/activity/activity-log';
import type { HandlerDeps, Handlers } from './types';

export function createActivityHandlers(deps: HandlerDeps): Pick<Handlers, 'listActivity'> {
  return {
    async listActivity() {
      const entries = await readActivity(deps.activityDir);
      // Main's own log names these files: the page may show them in their folder (nothing more).
      deps.grants.allowShowing(entries.flatMap((entry) => [entry.file, entry.output]));
      return { entries };
    },
  };
}
