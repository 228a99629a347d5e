import { decodeBase64Strict } from '../../encoding/base64';
import { FormatError } from '../../errors';

const BEGIN = '-----BEGIN SSH SIGNATURE-----';
const END = '-----END SSH SIGNATURE-----';
/** A real SSHSIG for Ed25519 armors to well under 1 KiB; this only stops absurd inputs early. */
const MAX_ARMOR_CHARS = 64 * 1024;

/**
 * Strips the PEM-like armor `ssh-keygen -Y sign` writes and decodes the base64 between the
 * markers. Like OpenSSH, line breaks inside the base64 do not matter; unlike OpenSSH, anything but
 * whitespace after the END line is refused, so a signature file cannot carry hidden extra text.
 */
export function dearmorSshSignature(text: string): Uint8Array {
  if (text.length > MAX_ARMOR_CHARS) throw new FormatError('The SSH signature file is far too large.');
  const body = text.replace(/^\uFEFF/, '').replace(/^[ \t\r\n]+/, '');
  if (!body.startsWith(BEGIN)) {
    throw new FormatError(`This is not an SSH signature: it does not start with "${BEGIN}".`);
  }
  const afterBegin = body.slice(BEGIN.length);
  const headerEnd = afterBegin.match(/^\r?\n/);
  if (!headerEnd) throw new FormatError(`The SSH signature's "${BEGIN}" line is not followed by a new line.`);
  const endAt = afterBegin.indexOf(`\n${END}`);
  if (endAt < 0) throw new FormatError(`The SSH signature has no "${END}" line.`);
  if (!/^[ \t\r\n]*$/.test(afterBegin.slice(endAt + 1 + END.length))) {
    throw new FormatError(`The SSH signature has unexpected text after "${END}".`);
  }
  const base64 = afterBegin.slice(headerEnd[0].length, endAt).replace(/[ \t\r\n]/g, '');
  if (base64.length === 0) throw new FormatError('The SSH signature is empty.');
  return decodeBase64Strict(base64, 'The SSH signature');
}

/** The armor ssh-keygen writes: base64 wrapped at 70 columns. Used by tests and tools. */
export function armorSshSignature(blob: Uint8Array): string {
  const base64 = Buffer.from(blob).toString('base64');
  const lines = base64.match(/.{1,70}/g) ?? [];
  return `${BEGIN}\n${lines.join('\n')}\n${END}\n`;
}
