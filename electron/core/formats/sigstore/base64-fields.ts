/**
 * Bundle fields that hold bytes, by JSON member name. protobuf-specs decodes them with Node's
 * lenient base64 reader, which skips characters it does not know, so "INVALID!!!BASE64" quietly
 * becomes other bytes. Signet refuses such a bundle as damaged instead.
 */
const BYTES_MEMBERS = new Set([
  'rawBytes',
  'signature',
  'digest',
  'sig',
  'payload',
  'keyId',
  'signedEntryTimestamp',
  'rootHash',
  'hashes',
  'canonicalizedBody',
  'signedTimestamp',
]);

// protobuf's JSON mapping accepts standard or URL-safe base64, padded or not.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/;
const BASE64URL = /^(?:[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9_-]{2}(?:==)?|[A-Za-z0-9_-]{3}=?)?$/;

/** Line breaks are allowed, as Go's decoder (and so cosign) allows them: `base64` wraps at 76. */
function isBase64(value: string): boolean {
  const joined = value.replace(/\r?\n/g, '');
  return BASE64.test(joined) || BASE64URL.test(joined);
}

/** The path of the first bytes field that is not base64, or undefined when all are. */
export function firstBadBase64Field(json: unknown, path = ''): string | undefined {
  if (Array.isArray(json)) {
    for (const [i, item] of json.entries()) {
      const bad = firstBadBase64Field(item, `${path}[${i}]`);
      if (bad) return bad;
    }
    return undefined;
  }
  if (json === null || typeof json !== 'object') return undefined;
  for (const [key, value] of Object.entries(json)) {
    const here = path ? `${path}.${key}` : key;
    if (BYTES_MEMBERS.has(key)) {
      const values = Array.isArray(value) ? value : [value];
      if (values.some((v) => typeof v === 'string' && !isBase64(v))) return here;
    }
    // DSSE and the bundle nest only a few levels; the signature member of a message signature
    // is a string, but a tlog body's `signature` object is walked like any other.
    const bad = firstBadBase64Field(value, here);
    if (bad) return bad;
  }
  return undefined;
}
