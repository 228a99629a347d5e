import { digestFile } from '../../core/hashing/digest-file';
import { createActivityHandlers } from './activity-handlers';
import { JobRegistry } from './job-registry';
import { createKeyHandlers } from './key-handlers';
import { createKeyTransitionHandlers } from './key-transition-handlers';
import { createKeylessSignHandlers } from './keyless-sign-handlers';
import { createPolicyHandlers } from './policy-handlers';
import { createReleaseKitHandlers } from './release-kit-handlers';
import { createSettingsHandlers } from './settings-handlers';
import { createSignHandlers } from './sign-handlers';
import { createSignWithKeysHandlers } from './sign-with-keys';
import { createSystemHandlers } from './system-handlers';
import { createTokenKeyHandlers } from './token-key-handlers';
import { createTrustHandlers } from './trust-handlers';
import type { HandlerDeps, Handlers } from './types';
import { VerdictMemory } from './verdict-memory';
import { createVerdictTrustHandlers } from './verdict-trust-handlers';
import { createVerifyHandlers } from './verify-handlers';

/**
 * Every channel's handler, as plain Node functions (no Electron), so the app's ipcMain and the e2e
 * harness's exposeBinding run exactly the same code. Requests reaching these are already validated
 * by dispatch (../ipc/guard.ts); errors they throw are turned into plain sentences there.
 */
export function createHandlers(deps: HandlerDeps): Handlers {
  const now = deps.now ?? Date.now;
  const jobs = new JobRegistry(deps.onJobsIdle);
  const hashing = deps.hashing ?? { digestFile };
  const verdicts = new VerdictMemory();
  return {
    ...createVerifyHandlers(deps, jobs, hashing, now, verdicts),
    ...createSignHandlers(deps, jobs, now),
    ...createSignWithKeysHandlers(deps, jobs, now),
    ...createKeylessSignHandlers(deps, jobs, now),
    ...createKeyHandlers(deps),
    ...createTokenKeyHandlers(deps),
    ...createKeyTransitionHandlers(deps),
    ...createTrustHandlers(deps, verdicts),
    ...createVerdictTrustHandlers(deps, verdicts, hashing),
    ...createActivityHandlers(deps),
    ...createReleaseKitHandlers(deps),
    ...createSystemHandlers(deps, jobs),
    ...createSettingsHandlers(deps),
    ...createPolicyHandlers(deps),
  };
}
