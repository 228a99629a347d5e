import { shellWord } from '../../sign/release-kit';
import type { TransitionSupport } from '../signing-side';
import { readCertificatesCached } from './certificate';
import { cleartextMessage, cleartextSignedBytes } from './clearsign';
import { parseOpenPgpSignatureFile } from './parse-signature';
import { concat, prepareSignature, SIGNATURE_TYPE } from './signature-writer';
import type { OpenPgpSigningKey } from './signing-key';
import { contentNeedOf } from './suffix';
import { digestBytesWithSuffixes } from './suffixed-digest';
import { verifyDigest } from './verify-digest';

/**
 * A key transition statement as Debian and Tor publish theirs: one cleartext-signed text carrying
 * a signature by the old key and one by the new (RFC 9580 §7: both text signatures over the same
 * canonical bytes, in one armored block), which `gpg --verify` reports as two good signatures.
 */
export const openpgpTransition: TransitionSupport<OpenPgpSigningKey> = {
  checkCommands: ({ statementFile }) => [
    'To check this statement, import both public keys (from where you know them), then run:',
    `  gpg --verify ${shellWord(statementFile)}`,
    'gpg reports a good signature from each of the two keys.',
  ],
  signTogether(text, keys, created) {
    const signed = cleartextSignedBytes(text);
    const packets = keys.map((key) => {
      const prepared = prepareSignature(key, { type: SIGNATURE_TYPE.text, hash: 'sha512', created });
      const [digest] = digestBytesWithSuffixes(signed, [
        { kind: 'hash-then-suffix', algorithm: 'sha512', suffix: prepared.suffix },
      ]);
      return prepared.finish(digest as Uint8Array);
    });
    return cleartextMessage(text, 'sha512', concat(...packets));
  },
  async checkTogether(bytes, publicKeys) {
    const parsed = parseOpenPgpSignatureFile(bytes);
    const signedBytes = parsed.signedBytes;
    if (!signedBytes) return 'The statement is not a cleartext-signed text.';
    if (parsed.signatures.length !== publicKeys.length) {
      return `The statement carries ${parsed.signatures.length} signatures, not ${publicKeys.length}.`;
    }
    for (const [index, publicKey] of publicKeys.entries()) {
      const sig = parsed.signatures[index];
      const [cert] = await readCertificatesCached(publicKey);
      const signer = cert?.getKeys().find((k) => k.getFingerprint().toUpperCase() === sig?.issuerFingerprint);
      const need = sig ? contentNeedOf(sig) : undefined;
      if (!sig || !signer || need?.kind !== 'hash-then-suffix') return 'A signature names another key.';
      const [digest] = digestBytesWithSuffixes(signedBytes, [need]);
      const ok =
        digest !== undefined &&
        (await verifyDigest(sig.packet, signer.keyPacket as Parameters<typeof verifyDigest>[1], digest));
      if (!ok) return 'A signature does not match the statement.';
    }
    return undefined;
  },
};
