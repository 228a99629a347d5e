import { TAG } from './packets';

/** An armor line at the start of a line: a short note from the publisher may come first. */
const ARMOR_HEAD = /(?:^|\n)[ \t]*-----BEGIN PGP (?:SIGNATURE|SIGNED MESSAGE)-----/;

/** Cheap look at the first bytes of a file: an armored or binary OpenPGP signature. Never throws. */
export function recogniseOpenPgpSignature(head: Uint8Array): boolean {
  try {
    if (looksLikeSignaturePacket(head)) return true;
    const text = Buffer.from(head.subarray(0, 1024))
      .toString('latin1')
      .replace(/^\xEF\xBB\xBF/, '');
    // A signify file made with -e carries any message after its two lines, even a PGP one.
    if (text.startsWith('untrusted comment:')) return false;
    return ARMOR_HEAD.test(text);
  } catch {
    return false;
  }
}

/** A signature packet header (old or new format) followed by a known signature version. */
function looksLikeSignaturePacket(head: Uint8Array): boolean {
  const first = head[0];
  if (first === undefined || (first & 0x80) === 0) return false;
  let bodyAt: number;
  if (first & 0x40) {
    if ((first & 0x3f) !== TAG.signature) return false;
    const o1 = head[1] ?? 0;
    bodyAt = o1 < 192 ? 2 : o1 < 224 ? 3 : o1 === 255 ? 6 : -1;
  } else {
    if (((first >> 2) & 0x0f) !== TAG.signature) return false;
    const lengthType = first & 0x03;
    bodyAt = lengthType === 3 ? -1 : 1 + (1 << lengthType);
  }
  if (bodyAt < 0) return false;
  const version = head[bodyAt];
  // v3 puts a hashed-length octet (always 5) before the type.
  const type = head[bodyAt + (version === 3 ? 2 : 1)];
  return (version === 3 || version === 4 || version === 5 || version === 6) && (type === 0 || type === 1);
}
