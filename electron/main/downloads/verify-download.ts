import type { VerifyResult } from '../../../shared/verdict';
import type { GrantRegistry } from '../grants/grant-registry';
import type { Handlers } from '../handlers/types';

let counter = 0;
/** Job ids of download checks; their progress is not the page's (main does not send it there). */
export const DOWNLOAD_JOB_PREFIX = 'download-';

/**
 * A finished download goes down the same path as a dropped file: granted (the person asked for every
 * download to be checked), then the verifyFiles handler, which finds its signature beside it. The
 * handlers are looked up when a check runs, as they are built after the download check.
 */
export function verifyDownloadWith(
  grants: GrantRegistry,
  handlers: () => Pick<Handlers, 'verifyFiles'>,
): (file: string) => Promise<VerifyResult[]> {
  return async (file) => {
    grants.grant([file], 'downloaded');
    counter += 1;
    const { results } = await handlers().verifyFiles({
      jobId: `${DOWNLOAD_JOB_PREFIX}${counter}`,
      files: [file],
    });
    return results;
  };
}
