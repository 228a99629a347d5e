import { plainMessage } from '../../core/errors';
import { writePolicyFile } from '../../core/policy/policy-file';
import { summarisePolicy } from '../../core/policy/policy-summary';
import type { StoredEntry } from '../../core/trust/trust-entry';
import type { HandlerDeps, Handlers } from './types';

/** The organisation's policy: what is in force here, and the person's own list written as one. */
export function createPolicyHandlers(deps: HandlerDeps): Pick<Handlers, 'policyInForce' | 'exportPolicy'> {
  return {
    async policyInForce() {
      try {
        return { summary: summarisePolicy(await deps.trust.managedPolicy()) };
      } catch (error) {
        return { unreadable: plainMessage(error) };
      }
    },

    /**
     * The person's own signers as a policy file an IT team can deploy (the same file `signet policy`
     * builds), written where main's save dialog says; the page never names the destination.
     */
    async exportPolicy() {
      const own: StoredEntry[] = (await deps.trust.listAll())
        .filter((entry) => entry.source === 'user')
        .map(({ source: _source, ...entry }) => entry as StoredEntry);
      const destination = await deps.dialogs.saveFile('signet-policy.json', 'policy');
      if (destination === null) return { savedTo: null, count: own.length };
      // The save dialog already asked before replacing a file; a policy holds no secret.
      await writePolicyFile(destination, { version: 2, signers: own }, { overwrite: true });
      deps.grants.grant([destination], 'written');
      return { savedTo: destination, count: own.length };
    },
  };
}
