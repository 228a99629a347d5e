import { TAG } from './packets';

/** RFC 9580 §9.5 hash ids (openpgp.js's enums are not loaded this early). */
const HASHES: Readonly<Record<number, string>> = {
  2: 'sha1',
  8: 'sha256',
  9: 'sha384',
  10: 'sha512',
  11: 'sha224',
};

/**
 * The hash the first signature packet of a detached signature names, when it is a binary-document
 * signature of version 3 or 4 (a v6 one salts the hash, a text one changes line ends). Cheap.
 */
export function openpgpEarlyPasses(head: Uint8Array): string[] | undefined {
  const bytes = head[0] !== undefined && head[0] & 0x80 ? head : dearmoredHead(head);
  if (!bytes) return undefined;
  const first = bytes[0] ?? 0;
  let bodyAt: number;
  if (first & 0x40) {
    if ((first & 0x3f) !== TAG.signature) return undefined;
    const o1 = bytes[1] ?? 0;
    bodyAt = o1 < 192 ? 2 : o1 < 224 ? 3 : o1 === 255 ? 6 : -1;
  } else {
    if (((first >> 2) & 0x0f) !== TAG.signature) return undefined;
    bodyAt = (first & 0x03) === 3 ? -1 : 1 + (1 << (first & 0x03));
  }
  const version = bytes[bodyAt];
  if (bodyAt < 0 || (version !== 3 && version !== 4)) return undefined;
  // v3: version, 5, type, time (4), key id (8), key algorithm, hash; v4: version, type, key algorithm, hash.
  const type = bytes[bodyAt + (version === 3 ? 2 : 1)];
  const hash = HASHES[bytes[bodyAt + (version === 3 ? 16 : 3)] ?? 0];
  return type === 0 && hash ? [hash] : undefined;
}

/** The first bytes of an armored signature's body. */
function dearmoredHead(head: Uint8Array): Uint8Array | undefined {
  const text = Buffer.from(head.subarray(0, 4096)).toString('latin1');
  const begin = text.indexOf('-----BEGIN PGP SIGNATURE-----');
  if (begin < 0) return undefined;
  // Armor headers end at the first empty line; the body is base64 up to the checksum or the end line.
  const body = /\r?\n[ \t]*\r?\n([A-Za-z0-9+/=\r\n \t]{8,}?)(?:\r?\n=|-----END)/.exec(text.slice(begin));
  if (!body?.[1]) return undefined;
  return Buffer.from(body[1].replace(/\s+/g, ''), 'base64');
}
