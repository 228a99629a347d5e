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
      const chosen = await deps.dialogs.openFiles(purpose, multiple);
      const files = multiple ? chosen : chosen.slice(0, 1);
      // Chosen in main's own dialog: these, and only these, the page may now name.
      deps.grants.grant(files, { chosen: purpose });
      return { files };
    },

    async revealInFolder({ path }) {
      // Only a file the person handed over or Signet wrote: otherwise this is an existence oracle.
      await deps.shell.revealInFolder(await deps.grants.resolveShowable(path));
      return { shown: true };
    },

    async openExternal({ url }) {
      if (!isAllowedExternalUrl(url, allowList)) return { opened: false };
      await deps.shell.openExternal(new URL(url).href);
      return { opened: true };
    },
  };
}
