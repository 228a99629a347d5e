import { lstat } from 'node:fs/promises';
import { SignetError } from '../../core/errors';
import { EXTERNAL_URL_ALLOW_LIST, isAllowedExternalUrl } from './external-links';
import type { JobRegistry } from './job-registry';
import type { HandlerDeps, Handlers } from './types';

export function createSystemHandlers(
  deps: HandlerDeps,
  jobs: JobRegistry,
): Pick<Handlers, 'cancelJob' | 'chooseFiles' | 'revealInFolder' | 'openExternal'> {
  const allowList = deps.externalUrlAllowList ?? EXTERNAL_URL_ALLOW_LIST;
  return {
    async cancelJob({ jobId }) {
      return { cancelled: jobs.cancel(jobId) };
    },

    async chooseFiles({ purpose, multiple }) {
      const files = await deps.dialogs.openFiles(purpose, multiple);
      return { files: multiple ? files : files.slice(0, 1) };
    },

    async revealInFolder({ path }) {
      try {
        await lstat(path);
      } catch {
        throw new SignetError('io', 'That file is not there any more, so it cannot be shown.');
      }
      await deps.shell.revealInFolder(path);
      return { shown: true };
    },

    async openExternal({ url }) {
      if (!isAllowedExternalUrl(url, allowList)) return { opened: false };
      await deps.shell.openExternal(new URL(url).href);
      return { opened: true };
    },
  };
}
