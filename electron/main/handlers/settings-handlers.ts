import { SignetError } from '../../core/errors';
import { dialogText } from '../dialog-line';
import type { DownloadChecksPort, HandlerDeps, Handlers } from './types';

export function createSettingsHandlers(
  deps: HandlerDeps,
): Pick<Handlers, 'downloadCheckStatus' | 'setDownloadCheck'> {
  const checks = (): DownloadChecksPort => {
    if (!deps.downloadChecks) throw new SignetError('usage', 'Checking downloads is not available here.');
    return deps.downloadChecks;
  };
  return {
    async downloadCheckStatus() {
      return checks().status();
    },

    async setDownloadCheck({ enabled }) {
      const downloadChecks = checks();
      // The organisation decides: refused before main's dialog asks anything.
      if ((await downloadChecks.status()).setByPolicy) return downloadChecks.setEnabled(enabled);
      if (enabled) {
        // From then on main reads files the person did not hand over one by one: only the person may
        // start that, in main's own dialog, which the page can neither see nor answer.
        const { folder } = await downloadChecks.status();
        const agreed = await deps.confirm.confirm({
          title: 'Check new downloads',
          message: 'Check every file that finishes downloading?',
          detail: dialogText([
            `Folder: ${folder}`,
            'While Signet is open, it checks each new file in this folder when the download finishes and shows the result in a notification.',
            'The files are read only on this computer. Nothing is uploaded.',
          ]),
          confirmLabel: 'Turn on',
        });
        if (!agreed) return downloadChecks.status();
      }
      return downloadChecks.setEnabled(enabled);
    },
  };
}
