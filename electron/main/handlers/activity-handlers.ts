import { readActivity } from '../../core/activity/activity-log';
import type { HandlerDeps, Handlers } from './types';

export function createActivityHandlers(deps: HandlerDeps): Pick<Handlers, 'listActivity'> {
  return {
    async listActivity() {
      return { entries: await readActivity(deps.activityDir) };
    },
  };
}
