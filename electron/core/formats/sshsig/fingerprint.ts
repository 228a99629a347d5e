import { createHash } from 'node:crypto';
import { encodeSshEd25519KeyBlob } from './key-blob';

/** "SHA256:<unpadded base64 of SHA-256(key blob)>", the form `ssh-keygen -l` prints. */
export function sshFingerprint(publicKey: Uint8Array): string {
  const digest = createHash('sha256').update(encodeSshEd25519KeyBlob(publicKey)).digest('base64');
  return `SHA256:${digest.replace(/=+$/, '')}`;
}
