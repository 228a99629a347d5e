import { decodeBase64Strict } from '../../encoding/base64';
import { FormatError } from '../../errors';
import { encodeSshEd25519KeyBlob, parseSshEd25519KeyBlob, SSH_ED25519, sshKeyBlobType } from './key-blob';

export interface SshPublicKeyLine {
  publicKey: Uint8Array;
  comment?: string;
}

/**
 * Decodes the "keytype base64" pair of an OpenSSH key and checks that the blob names the same key
 * type as the text in front of it. Returns the raw key blob.
 */
export function decodeSshKeyPair(type: string, base64: string, what: string): Uint8Array {
  const blob = decodeBase64Strict(base64, what);
  const blobType = sshKeyBlobType(blob, what);
  if (blobType !== type) {
    throw new FormatError(`${what} says it is ${type} but holds a ${blobType} key.`);
  }
  return blob;
}

/** One OpenSSH public key line, as in id_ed25519.pub: "ssh-ed25519 AAAA... optional comment". */
export function parseSshPublicKeyLine(text: string): SshPublicKeyLine {
  const line = text.replace(/^\uFEFF/, '').trim();
  if (line.includes('\n'))
    throw new FormatError('An SSH public key is a single line; this text has several.');
  const match = line.match(/^(\S+)[ \t]+(\S+)(?:[ \t]+([\s\S]*))?$/);
  if (!match) throw new FormatError('This is not an SSH public key line ("ssh-ed25519 AAAA... comment").');
  const [, type, base64, comment] = match as unknown as [string, string, string, string | undefined];
  if (type !== SSH_ED25519) {
    throw new FormatError(
      `The SSH public key uses an unsupported key type ${type}; Signet checks only ssh-ed25519 keys.`,
    );
  }
  const publicKey = parseSshEd25519KeyBlob(decodeSshKeyPair(type, base64, 'The SSH public key'));
  return comment ? { publicKey, comment } : { publicKey };
}

export function formatSshPublicKeyLine(publicKey: Uint8Array, comment?: string): string {
  const base64 = Buffer.from(encodeSshEd25519KeyBlob(publicKey)).toString('base64');
  return comment ? `${SSH_ED25519} ${base64} ${comment}` : `${SSH_ED25519} ${base64}`;
}
