import { basename } from 'node:path';
import type { TrustedSignerInfo } from '../../../shared/ipc/contract';
import { SignetError } from '../../core/errors';
import { parseSignerKey } from '../../core/trust/parse-signer-key';
import type { TrustedSigner } from '../../core/trust/trust-store';
import { readSmallTextFile } from './read-small-file';
import type { HandlerDeps, Handlers } from './types';
import type { VerdictMemory } from './verdict-memory';

/** Same bound as the keyText field of addTrusted. */
const MAX_KEY_FILE_BYTES = 20_000;

const NOT_CONFIRMED_ADD = 'You did not confirm, so the signer was not added.';
const NOT_CONFIRMED_REMOVE = 'You did not confirm, so the signer is still trusted.';

export function createTrustHandlers(
  deps: HandlerDeps,
  verdicts: VerdictMemory,
): Pick<Handlers, 'listTrusted' | 'addTrusted' | 'removeTrusted'> {
  return {
    async listTrusted() {
      const [signers, userMayAdd] = await Promise.all([deps.trust.list(), deps.trust.userMayAdd()]);
      return { signers: signers.map(toSignerInfo), userMayAdd };
    },

    async addTrusted({ name, note, keyText, keyFile, forFile }) {
      if ((keyText === undefined) === (keyFile === undefined)) {
        throw new SignetError('usage', 'Give the public key either as text or as a file (one of the two).');
      }
      if (!(await deps.trust.userMayAdd())) {
        throw new SignetError(
          'usage',
          'Your organisation decides who is trusted on this computer, so signers cannot be added here. Ask your IT team.',
        );
      }
      const realKeyFile = keyFile === undefined ? undefined : await deps.grants.resolveFile(keyFile);
      const text = keyText ?? (await readSmallTextFile(realKeyFile!, MAX_KEY_FILE_BYTES, 'public key file'));
      const key = parseSignerKey(text);
      if (forFile !== undefined) refuseOtherKey(verdicts, forFile, key.keyId);
      const already = (await deps.trust.list()).find((s) => s.keyId === key.keyId);
      if (already) throw new SignetError('exists', `This key is already trusted as “${already.name}”.`);

      const from = realKeyFile === undefined ? undefined : basename(realKeyFile);
      const confirmed = await deps.confirm.confirm({
        title: 'Trust a new signer',
        message: `Trust “${name}” as the maker of files signed with this key?`,
        detail: [
          `Name: ${name}`,
          `Key id: ${key.keyId}`,
          `Kind: ${key.kind === 'ssh' ? 'SSH key' : 'minisign or signify key'}`,
          from === undefined ? 'From: a key you pasted' : `From the file: ${from}`,
          `Files signed with this key will then show “Verified: made by ${name}”.`,
        ].join('\n'),
        confirmLabel: 'Trust',
      });
      if (!confirmed) throw new SignetError('cancelled', NOT_CONFIRMED_ADD);
      const signer = await deps.trust.add({
        keyText: text,
        name,
        ...(note === undefined ? {} : { note }),
        ...(from === undefined ? {} : { addedFrom: from }),
      });
      return { signer: toSignerInfo(signer) };
    },

    async removeTrusted({ keyId }) {
      const signer = (await deps.trust.list()).find((s) => s.keyId === keyId);
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
          `Key id: ${signer.keyId}`,
          `Added: ${signer.addedAt.slice(0, 10)}${signer.addedFrom ? ` from ${signer.addedFrom}` : ''}`,
          'Files signed with this key will then show “Signed, but not by anyone you trust”.',
        ].join('\n'),
        confirmLabel: 'Stop trusting',
      });
      if (!confirmed) throw new SignetError('cancelled', NOT_CONFIRMED_REMOVE);
      await deps.trust.remove(keyId);
      return { removed: true };
    },
  };
}

/**
 * "Trust this signer" on a card may add only the key that made that card's signature, as main itself
 * found it; the page's word is not taken.
 */
function refuseOtherKey(verdicts: VerdictMemory, file: string, keyId: string): void {
  const seen = verdicts.lastFor(file);
  const name = basename(file);
  if (!seen?.keyId) {
    throw new SignetError(
      'usage',
      `Signet has not seen a signature on ${name} in this session, so it cannot tell whether this key made it. Check the file again, then trust its signer. Nothing was added.`,
    );
  }
  if (seen.keyId !== keyId) {
    throw new SignetError(
      'usage',
      `This key (key id ${keyId}) did not sign ${name}: its signature was made by key id ${seen.keyId}. Nothing was added. Ask the publisher for the public key with id ${seen.keyId}, then try again.`,
    );
  }
}

/** Only the fields the contract names cross to the renderer. */
function toSignerInfo(signer: TrustedSigner): TrustedSignerInfo {
  return {
    keyId: signer.keyId,
    name: signer.name,
    ...(signer.note === undefined ? {} : { note: signer.note }),
    kind: signer.kind,
    publicKey: 'publicKey' in signer ? signer.publicKey : signer.certificate,
    source: signer.source,
    addedAt: signer.addedAt,
    ...(signer.addedFrom === undefined ? {} : { addedFrom: signer.addedFrom }),
  };
}
