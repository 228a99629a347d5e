import { FormatError, SignetError } from '../../errors';
import type { SigningSide } from '../signing-side';
import { readCertificatesCached } from './certificate';
import { clearsignedText, cleartextSignedBytes } from './clearsign';
import { extendOpenPgpKey } from './key-extend';
import { revocationPart } from './key-material';
import { parseOpenPgpSignatureFile } from './parse-signature';
import { openpgpReleaseKit } from './release-kit-part';
import { armorSignature, prepareSignature, SIGNATURE_TYPE } from './signature-writer';
import type { OpenPgpSigningKey } from './signing-key';
import { openStoredOpenPgpKey } from './stored-key';
import { OPENPGP_SIGNING_READS } from './styles';
import { contentNeedOf } from './suffix';
import { digestBytesWithSuffixes } from './suffixed-digest';
import { openpgpTransition } from './transition-statement';
import { verifyDigest } from './verify-digest';

/**
 * OpenPGP's signing side: v4 signatures made over the one read of each file (SHA-512), detached
 * armored (.asc, what `gpg --armor --detach-sign` writes) or binary (.sig/.gpg), and cleartext-signed
 * checksum lists (`gpg --clearsign`). gpg, gpgv and sqv check them (test/interop).
 */
export const openpgpSigning: SigningSide<OpenPgpSigningKey> = {
  keyKinds: ['openpgp'],
  writes: [
    { style: 'detached', suffix: '.asc', encoding: 'text' },
    { style: 'detached', suffix: '.sig', encoding: 'binary' },
    { style: 'clearsigned', suffix: '.asc', encoding: 'text' },
  ],
  interop: { tool: 'gpg', command: 'gpg --verify SIG FILE' },
  ...OPENPGP_SIGNING_READS,
  checkKey(key) {
    if (key.fingerprint.length !== 20 || key.keyId.length !== 8) {
      throw new SignetError('usage', 'This is not a complete OpenPGP signing key.');
    }
  },
  keyId: (key) => key.primaryFingerprint.slice(-16),
  sign() {
    // Every OpenPGP signature hashes a trailer after the file, so it is made through `prepare`.
    throw new SignetError('usage', 'OpenPGP signatures are made through a release style.');
  },
  prepare(key, output, created) {
    const prepared = prepareSignature(key, { type: SIGNATURE_TYPE.binary, hash: 'sha512', created });
    return {
      algorithm: prepared.algorithm,
      suffix: prepared.suffix,
      finish: (digest) => {
        const packet = prepared.finish(digest);
        return output.encoding === 'binary' ? packet : armorSignature(packet);
      },
    };
  },
  clearsign(text, key, created) {
    const prepared = prepareSignature(key, { type: SIGNATURE_TYPE.text, hash: 'sha512', created });
    const [digest] = digestBytesWithSuffixes(cleartextSignedBytes(text), [
      { kind: 'hash-then-suffix', algorithm: 'sha512', suffix: prepared.suffix },
    ]);
    return clearsignedText(text, prepared, digest as Uint8Array);
  },
  async recheck({ signature, publicKey, suffixedDigest }) {
    const parsed = parseOpenPgpSignatureFile(signature);
    const [sig] = parsed.signatures;
    if (!sig || parsed.signatures.length !== 1) return 'The file holds more than the one signature written.';
    const [cert] = await readCertificatesCached(publicKey);
    const signer = cert?.getKeys().find((k) => k.getFingerprint().toUpperCase() === sig.issuerFingerprint);
    if (!signer) return 'The signature names another key.';
    const need = contentNeedOf(sig);
    if (need?.kind !== 'hash-then-suffix') return 'The signature uses a hash Signet does not compute.';
    let digest: Uint8Array | undefined;
    if (parsed.signedBytes) {
      [digest] = digestBytesWithSuffixes(parsed.signedBytes, [need]);
    } else {
      if (!suffixedDigest || (need.algorithm !== 'sha256' && need.algorithm !== 'sha512')) {
        throw new FormatError('The signature cannot be checked against the file.');
      }
      digest = await suffixedDigest(need.algorithm, need.suffix);
    }
    const ok =
      digest !== undefined &&
      (await verifyDigest(sig.packet, signer.keyPacket as Parameters<typeof verifyDigest>[1], digest));
    return ok ? undefined : 'The signature does not match the file as it is now.';
  },
  openStoredKey: (stored, passphrase) => openStoredOpenPgpKey(stored, passphrase),
  forgetKey: async (key) => key.forget(),
  extendStoredKey: (stored, passphrase) => extendOpenPgpKey(stored, passphrase),
  revocationOf: (keyFile) => revocationPart(Buffer.from(keyFile).toString('utf8')),
  releaseKit: openpgpReleaseKit,
  transition: openpgpTransition,
};
