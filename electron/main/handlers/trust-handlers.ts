import { basename } from 'node:path';
import { formatDate } from '../../../shared/dates';
import { SignetError } from '../../core/errors';
import { createAddIdentityHandler } from './trust-add-identity';
import { createAddKeyHandler } from './trust-add-key';
import { createAddPublisherHandler } from './trust-add-publisher';
import { toSignerInfo } from './trust-entry-info';
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
      const confirmed = await deps.confirm.confirm({
        title: 'Stop trusting a signer',
        message: `Stop trusting “${signer.name}”?`,
        detail: [
          `Name: ${signer.name}`,
          ...removalFacts(signer),
          `Added: ${formatDate(signer.addedAt)}${signer.addedFrom ? ` from ${basename(signer.addedFrom)}` : ''}`,
          `${removalConsequence(signer.kind)} will then show “Signed, but not by anyone you trust”.`,
        ].join('\n'),
        confirmLabel: 'Stop trusting',
      });
      if (!confirmed) throw new SignetError('cancelled', NOT_CONFIRMED_REMOVE);
      await deps.trust.remove(keyId);
      return { removed: true };
    },
  };
}

type Entry = Awaited<ReturnType<HandlerDeps['trust']['listAll']>>[number];

/** The full facts main's own dialog shows, so the person can tell which entry goes. */
function removalFacts(entry: Entry): string[] {
  switch (entry.kind) {
    case 'openpgp':
      return [`Fingerprint: ${(entry.fingerprint.match(/.{1,4}/g) ?? []).join(' ')}`];
    case 'sigstore':
      return [`Identity: ${entry.identity}`, `Issuer: ${entry.issuer}`];
    case 'x509':
      return entry.thumbprintSha256
        ? [`Certificate thumbprint (SHA-256): ${entry.thumbprintSha256}`]
        : [`Subject: ${entry.subject?.replace(/\n/g, ', ') ?? ''}`];
    default:
      return [`Key id: ${entry.keyId}`];
  }
}

function removalConsequence(kind: Entry['kind']): string {
  if (kind === 'sigstore') return 'Files signed by this identity';
  if (kind === 'x509') return 'Programs signed with this certificate';
  return 'Files signed with this key';
}
