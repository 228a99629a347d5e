import { basename } from 'node:path';
import { formatDate } from '../../../shared/dates';
import { affectedFiles } from '../../../shared/trust-wording';
import { SignetError } from '../../core/errors';
import { policyUnreadable } from '../../core/verify/job-material';
import { dialogLine, dialogText } from '../dialog-line';
import { removalLines } from './removal-facts';
import { createAddIdentityHandler } from './trust-add-identity';
import { createAddKeyHandler } from './trust-add-key';
import { createAddPublisherHandler } from './trust-add-publisher';
import { toSignerInfo, trustKindFor } from './trust-entry-info';
import type { HandlerDeps, Handlers } from './types';
import type { VerdictMemory } from './verdict-memory';

const NOT_CONFIRMED_REMOVE = 'You did not confirm, so the signer is still trusted.';

/** The trust list, every kind: keys and OpenPGP certificates, keyless identities, publishers. */
export function createTrustHandlers(
  deps: HandlerDeps,
  verdicts: VerdictMemory,
): Pick<
  Handlers,
  'listTrusted' | 'addTrusted' | 'addTrustedIdentity' | 'addTrustedPublisher' | 'removeTrusted'
> {
  return {
    async listTrusted() {
      const unreadable = await policyUnreadable(deps.trust);
      if (unreadable) return { signers: [], userMayAdd: false, policyUnreadable: unreadable };
      const [entries, userMayAdd] = await Promise.all([deps.trust.listAll(), deps.trust.userMayAdd()]);
      return { signers: await Promise.all(entries.map(toSignerInfo)), userMayAdd };
    },

    addTrusted: createAddKeyHandler(deps, verdicts),
    addTrustedIdentity: createAddIdentityHandler(deps),
    addTrustedPublisher: createAddPublisherHandler(deps),

    async removeTrusted({ keyId }) {
      const signer = (await deps.trust.listAll()).find((s) => s.keyId === keyId);
      if (!signer) throw new SignetError('usage', 'That signer is not in your trust list any more.');
      if (signer.source === 'managed') {
        throw new SignetError(
          'usage',
          `“${signer.name}” is managed by your organisation and cannot be removed here.`,
        );
      }
      const trust = trustKindFor(signer);
      const confirmed = await deps.confirm.confirm({
        title: 'Stop trusting a signer',
        message: dialogLine(`Stop trusting “${signer.name}”?`),
        detail: dialogText([
          `Name: ${signer.name}`,
          ...removalLines(trust.removalFacts(signer)),
          `Added: ${formatDate(signer.addedAt)}${signer.addedFrom ? ` from ${basename(signer.addedFrom)}` : ''}`,
          `${affectedFiles(trust.noun)} will then show “Signed, but not by anyone you trust”.`,
        ]),
        confirmLabel: 'Stop trusting',
      });
      if (!confirmed) throw new SignetError('cancelled', NOT_CONFIRMED_REMOVE);
      await deps.trust.remove(keyId);
      return { removed: true };
    },
  };
}
