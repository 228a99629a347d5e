import { FormatError } from '../errors';
import { type MinisignSignature, parseMinisignSignature } from '../formats/minisign/signature';
import { parseSignifyEmbedded } from '../formats/signify/embedded';
import { parseSignifySignature, type SignifySignature } from '../formats/signify/signature';
import { parseSshSignature, type SshSignature } from '../formats/sshsig/signature';
import { decodeUtf8Strict } from './read-small-file';

export type AnySignature =
  | { kind: 'minisign'; signature: MinisignSignature }
  | { kind: 'signify'; signature: SignifySignature }
  | { kind: 'signify-embedded'; signature: SignifySignature; message: Uint8Array }
  | { kind: 'ssh'; signature: SshSignature };

const startsWith = (bytes: Uint8Array, text: string) =>
  bytes.length >= text.length && Buffer.from(bytes.subarray(0, text.length)).toString('latin1') === text;

/**
 * The same `.sig` name is used by signify, OpenSSH and GnuPG, so the kind is read from the content,
 * never from the file name.
 */
export function parseAnySignature(bytes: Uint8Array): AnySignature {
  if (bytes.length === 0) throw new FormatError('The signature file is empty.');
  if (startsWith(bytes, '-----BEGIN SSH SIGNATURE-----')) {
    return { kind: 'ssh', signature: parseSshSignature(decodeUtf8Strict(bytes, 'The signature file')) };
  }
  if (startsWith(bytes, '-----BEGIN PGP') || (bytes[0] ?? 0) >= 0x80) {
    throw new FormatError(
      'This is an OpenPGP (GnuPG) signature. Signet reads minisign, signify and SSH signatures; check this one with GnuPG or ask the publisher for a minisign signature.',
    );
  }
  if (!startsWith(bytes, 'untrusted comment:')) {
    throw new FormatError(
      'This is not a signature file Signet knows (it should start with “untrusted comment:”).',
    );
  }
  const lines = lineOffsets(bytes);
  const third = lines[2];
  if (third !== undefined && startsWith(bytes.subarray(third), 'trusted comment:')) {
    return {
      kind: 'minisign',
      signature: parseMinisignSignature(decodeUtf8Strict(bytes, 'The signature file')),
    };
  }
  // Two lines and nothing (or only a newline) after: a detached signify signature.
  if (third === undefined || third >= bytes.length) {
    return {
      kind: 'signify',
      signature: parseSignifySignature(decodeUtf8Strict(bytes, 'The signature file')),
    };
  }
  const embedded = parseSignifyEmbedded(bytes);
  return { kind: 'signify-embedded', signature: embedded.signature, message: embedded.message };
}

/** Start offsets of the first three lines. */
function lineOffsets(bytes: Uint8Array): number[] {
  const starts = [0];
  for (let i = 0; i < bytes.length && starts.length < 3; i++) {
    if (bytes[i] === 0x0a) starts.push(i + 1);
  }
  return starts;
}
