import { createPublicKey, sign } from 'node:crypto';
import { FormatError } from '../../errors';
import { certificateOf, orderChain } from './code-signing-certificate';
import type { CodeSigningKey } from './code-signing-key';
import { readPkcs12 } from './pkcs12';

/**
 * A CodeSigningKey from a PKCS#12 file: the certificate whose public key matches the file's private
 * key leads the chain (a file whose key matches none of its certificates is refused), the rest
 * follow in issuing order. Node keeps the key in a KeyObject, which cannot be wiped from JavaScript;
 * close() drops the only reference so it lives no longer than the job.
 */
export function openPkcs12Key(bytes: Uint8Array, password: string): CodeSigningKey {
  let { privateKey, certificates } = readPkcs12(bytes, password) as Partial<ReturnType<typeof readPkcs12>>;
  if (!privateKey || !certificates) throw new FormatError('The certificate file could not be read.');
  const algorithm =
    privateKey.asymmetricKeyType === 'rsa'
      ? 'rsa'
      : privateKey.asymmetricKeyType === 'ec'
        ? 'ecdsa'
        : undefined;
  if (!algorithm) {
    throw new FormatError(
      'The key in the certificate file is neither RSA nor ECDSA, which Authenticode needs.',
    );
  }
  const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  const certs = certificates.map(certificateOf);
  const leaf = certs.find((c) => c.publicKey.export({ type: 'spki', format: 'der' }).equals(spki));
  if (!leaf) {
    throw new FormatError(
      'The private key in the certificate file does not match its certificate. Nothing was signed.',
    );
  }
  const chain = orderChain(leaf, certs).map((c) => new Uint8Array(c.raw));
  return {
    chain,
    algorithm,
    async sign(data) {
      if (!privateKey) throw new FormatError('The key was already put away.');
      return new Uint8Array(sign('sha256', data, privateKey));
    },
    async close() {
      privateKey = undefined;
      certificates = undefined;
    },
  };
}
