import { concatBytes } from '../../encoding/bytes';
import { FormatError } from '../../errors';
import { dearmorSshSignature } from './armor';
import { encodeSshEd25519KeyBlob, parseSshEd25519KeyBlob, SSH_ED25519, sshKeyBlobType } from './key-blob';
import { SshReader, sshString, sshU32 } from './ssh-buffer';

export const SSHSIG_MAGIC = 'SSHSIG';
const SSHSIG_VERSION = 1;
export type SshHashAlgorithm = 'sha256' | 'sha512';

export interface SshSignature {
  /** Ed25519 public key of the signer (32 bytes). */
  publicKey: Uint8Array;
  /** What the signature was made for ("file" for ssh-keygen -Y sign on files). */
  namespace: string;
  /** Reserved field as found; OpenSSH ignores it and so do we (see verify.ts). */
  reserved: Uint8Array;
  hashAlgorithm: SshHashAlgorithm;
  /** Raw Ed25519 signature (64 bytes). */
  signature: Uint8Array;
}

const WHAT = 'The SSH signature';

function parseSignatureField(blob: Uint8Array): Uint8Array {
  const reader = new SshReader(blob, `${WHAT}'s signature field`);
  const type = reader.readText('signature type');
  if (type !== SSH_ED25519) {
    throw new FormatError(`${WHAT} is of type ${type} but its key is ${SSH_ED25519}.`);
  }
  const signature = reader.readString('Ed25519 signature');
  if (signature.length !== 64) {
    throw new FormatError(`${WHAT} has an Ed25519 signature of ${signature.length} bytes instead of 64.`);
  }
  reader.end();
  return signature.slice();
}

/**
 * The binary SSHSIG blob (PROTOCOL.sshsig): "SSHSIG" | u32 version | string pubkey |
 * string namespace | string reserved | string hash_alg | string signature, nothing after.
 */
export function parseSshSignatureBlob(blob: Uint8Array): SshSignature {
  const reader = new SshReader(blob, WHAT);
  const magic = reader.readBytes(SSHSIG_MAGIC.length, 'header');
  if (Buffer.from(magic).toString('latin1') !== SSHSIG_MAGIC) {
    throw new FormatError(`${WHAT} does not start with "${SSHSIG_MAGIC}".`);
  }
  const version = reader.readU32('version');
  if (version !== SSHSIG_VERSION) {
    throw new FormatError(`${WHAT} has version ${version}; Signet reads version ${SSHSIG_VERSION}.`);
  }
  const keyBlob = reader.readString('public key');
  const keyType = sshKeyBlobType(keyBlob, `${WHAT}'s public key`);
  if (keyType !== SSH_ED25519) {
    throw new FormatError(
      `${WHAT} uses an unsupported key type ${keyType}; Signet checks only ssh-ed25519 keys.`,
    );
  }
  const publicKey = parseSshEd25519KeyBlob(keyBlob, `${WHAT}'s public key`);
  const namespace = reader.readText('namespace');
  const reserved = reader.readString('reserved field').slice();
  const hashName = reader.readText('hash algorithm');
  if (hashName !== 'sha256' && hashName !== 'sha512') {
    throw new FormatError(`${WHAT} uses an unsupported hash algorithm ${JSON.stringify(hashName)}.`);
  }
  const signature = parseSignatureField(reader.readString('signature'));
  reader.end();
  return { publicKey, namespace, reserved, hashAlgorithm: hashName, signature };
}

/** An armored signature file as written by `ssh-keygen -Y sign`. */
export function parseSshSignature(text: string): SshSignature {
  return parseSshSignatureBlob(dearmorSshSignature(text));
}

/** The inverse of parseSshSignatureBlob; used by tests to build signatures ssh-keygen must accept. */
export function encodeSshSignatureBlob(sig: SshSignature): Uint8Array {
  return concatBytes(
    new TextEncoder().encode(SSHSIG_MAGIC),
    sshU32(SSHSIG_VERSION),
    sshString(encodeSshEd25519KeyBlob(sig.publicKey)),
    sshString(sig.namespace),
    sshString(sig.reserved),
    sshString(sig.hashAlgorithm),
    sshString(concatBytes(sshString(SSH_ED25519), sshString(sig.signature))),
  );
}
