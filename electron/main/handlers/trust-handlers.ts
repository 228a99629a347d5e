import type { TrustedSignerInfo } from '../../../shared/ipc/contract';
import { SignetError } from '../../core/errors';
import type { TrustedSigner } from '../../core/trust/trust-store';
import { readSmallTextFile } from './read-small-file';
import type { HandlerDeps, Handlers } from './types';

/** Same bound as the keyText field of addTrusted. */
const MAX_KEY_FILE_BYTES = 20_000;

export function createTrustHandlers(
  deps: HandlerDeps,
): Pick<Handlers, 'listTrusted' | 'addTrusted' | 'removeTrusted'> {
  return {
    async listTrusted() {
      const [signers, userMayAdd] = await Promise.all([deps.trust.list(), deps.trust.userMayAdd()]);
      return { signers: signers.map(toSignerInfo), userMayAdd };
    },

    async addTrusted({ name, note, keyText, keyFile }) {
      if ((keyText === undefined) === (keyFile === undefined)) {
        throw new SignetError('usage', 'Give the public key either as text or as a file (one of the two).');
      }
      const text = keyText ?? (await readSmallTextFile(keyFile!, MAX_KEY_FILE_BYTES, 'public key file'));
      const signer = await deps.trust.add({ keyText: text, name, ...(note === undefined ? {} : { note }) });
      return { signer: toSignerInfo(signer) };
    },

    async removeTrusted({ keyId }) {
      await deps.trust.remove(keyId);
      return { removed: true };
    },
  };
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
  };
}
