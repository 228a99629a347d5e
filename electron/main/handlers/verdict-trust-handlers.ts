import { basename, resolve } from 'node:path';
import { staffSentence, trustOfferOf } from '../../../shared/verdict-words';
import { SignetError } from '../../core/errors';
import type { VerdictSigner } from '../../core/formats/verdict-signer';
import { KEYRING_FILE_MAX_BYTES } from '../../core/limits';
import { verifyArtifact } from '../../core/verify/verify-artifact';
import { dialogLine, dialogText } from '../dialog-line';
import { readKeyFile } from './read-key-file';
import type { HandlerDeps, Handlers, HashingPort } from './types';
import type { VerdictMemory } from './verdict-memory';
import { type GivenKey, givenKeySigner, keySignerThatSigned, signerFromVerdict } from './verdict-signer';
import { fileMaterial, loadJobMaterial } from './verify-material';

const ORGANISATION_DECIDES =
  'Your organisation decides who is trusted on this computer, so signers cannot be added here. Ask your IT team.';
const NOT_CONFIRMED = 'You did not confirm, so nothing was added.';

/**
 * "Trust this signer / publisher / identity" from a verdict card. The page names only the file;
 * main decides who signed it from its own verdict, re-checks that this signer alone makes the
 * signature verify, asks in its own native dialog, and only then adds the entry.
 */
export function createVerdictTrustHandlers(
  deps: HandlerDeps,
  verdicts: VerdictMemory,
  hashing: HashingPort,
): Pick<Handlers, 'trustSignerOfFile'> {
  return {
    async trustSignerOfFile({ name, note, forFile, keyText, keyFile }) {
      if (!(await deps.trust.userMayAdd())) throw new SignetError('usage', ORGANISATION_DECIDES);
      const file = resolve(forFile);
      const seen = verdicts.lastFor(file);
      if (seen?.verdict !== 'unknown-signer') {
        throw new SignetError(
          'usage',
          `Signet has not seen a signature by someone you do not trust on ${basename(file)} in this session. Check the file again first. Nothing was added.`,
        );
      }
      const given: GivenKey | undefined =
        keyText !== undefined
          ? { text: keyText }
          : keyFile === undefined
            ? undefined
            : await givenKeyFile(await deps.grants.resolveFile(keyFile, 'add-signer'));
      // Only a cause the person can settle by adding the signer: not a revoked key, a refused
      // publisher, an untrusted chain, another service or an unreadable policy.
      if (!trustOfferOf(seen)) {
        throw new SignetError(
          'usage',
          `Adding a signer would not change the answer for ${basename(file)}: ${staffSentence(seen)} Nothing was added.`,
        );
      }
      let signer = given === undefined ? await signerFromVerdict(file, seen) : givenKeySigner(given);
      if (!signer) {
        throw new SignetError(
          'usage',
          `The signature on ${basename(file)} does not say who made it: give the signer’s public key. Nothing was added.`,
        );
      }
      const checkedKeyId = await recheck(deps, hashing, file, seen, signer);
      if (given !== undefined) signer = await keySignerThatSigned(given, checkedKeyId);

      const already = (await deps.trust.listAll()).find((s) => s.keyId === signer.keyId);
      if (already)
        throw new SignetError('exists', `This ${signer.noun} is already trusted as “${already.name}”.`);
      const confirmed = await deps.confirm.confirm({
        title: trustOfferOf(seen) === 'publisher' ? 'Trust a publisher' : 'Trust a new signer',
        message: dialogLine(`Trust “${name}” as the maker of files signed by this ${signer.noun}?`),
        detail: dialogText([
          `Name: ${name}`,
          ...signer.facts,
          `Found on the signature of: ${basename(file)}`,
          `Files signed this way will then show “Verified: made by ${name}”.`,
        ]),
        confirmLabel: 'Trust',
      });
      if (!confirmed) throw new SignetError('cancelled', NOT_CONFIRMED);
      const added = await signer.add(deps.trust, {
        name,
        ...(note ? { note } : {}),
        addedFrom: basename(file),
      });
      return { signer: { keyId: added.keyId, name: added.name, kind: added.kind } };
    },
  };
}

/** A binary OpenPGP keyring is not text: its bytes go to the check, and it has no text of its own. */
async function givenKeyFile(path: string): Promise<GivenKey> {
  const { bytes, text } = await readKeyFile(path, KEYRING_FILE_MAX_BYTES, 'public key file');
  return { text: text ?? '', bytes };
}

/**
 * Main's own check, with this signer as the only trusted one: only a signer that makes the file's
 * signature verify may be trusted from its verdict. Returns the key id the check named.
 */
async function recheck(
  deps: HandlerDeps,
  hashing: HashingPort,
  file: string,
  seen: NonNullable<ReturnType<VerdictMemory['lastFor']>>,
  signer: VerdictSigner,
): Promise<string> {
  const material = await loadJobMaterial(deps.trust, deps.keystore);
  const result = await verifyArtifact(file, {
    ...(await fileMaterial(material, file)),
    ...signer.given,
    // The same Sigstore root the job checked with.
    ...(deps.sigstoreRoot ? { material: deps.sigstoreRoot } : {}),
    // The signature main found then, unless it came through a checksum list (found again the same way).
    ...(seen.signatureFile && !seen.checksumList ? { signatureFile: seen.signatureFile } : {}),
    digest: hashing.digestFile,
    sha256: false,
  });
  // A keyless signature names no key: its signer is the identity main built the check from.
  const keyId = result.keyId ?? signer.keyId;
  if (result.verdict !== 'verified' || !keyId) {
    throw new SignetError(
      'usage',
      `This ${signer.noun} did not make the signature on ${basename(file)}: ${result.reason} Nothing was added.`,
    );
  }
  return keyId;
}
