import { concatBytes } from '../../encoding/bytes';
import { FormatError } from '../../errors';
import { SshReader, sshString } from './ssh-buffer';

export const SSH_ED25519 = 'ssh-ed25519';

/** The key type named at the start of an SSH public key blob, without judging it. */
export function sshKeyBlobType(blob: Uint8Array, what: string): string {
  return new SshReader(blob, what).readText('key type');
}

/**
 * An OpenSSH public key blob: string "ssh-ed25519" | string pk[32], nothing after. Other key types
 * (RSA, ECDSA, security keys, certificates) are refused by name: Signet only checks Ed25519.
 */
export function parseSshEd25519KeyBlob(blob: Uint8Array, what = 'The SSH public key'): Uint8Array {
  const reader = new SshReader(blob, what);
  const type = reader.readText('key type');
  if (type !== SSH_ED25519) {
    throw new FormatError(
      `${what} uses an unsupported key type ${type}; Signet checks only ssh-ed25519 keys.`,
    );
  }
  const publicKey = reader.readString('Ed25519 key');
  if (publicKey.length !== 32) {
    throw new FormatError(`${what} has an Ed25519 key of ${publicKey.length} bytes instead of 32.`);
  }
  reader.end();
  return publicKey.slice();
}

export function encodeSshEd25519KeyBlob(publicKey: Uint8Array): Uint8Array {
  return concatBytes(sshString(SSH_ED25519), sshString(publicKey));
}
