import { FormatError } from '../../errors';
import { knownDerLength, parseDer } from './der';

const REVISIONS = new Set([0x0100, 0x0200]);
const PKCS_SIGNED_DATA = 0x0002;
/** Real tables hold a few signatures of a few KiB each; this bounds work on hostile ones. */
const MAX_ENTRIES = 16;

/**
 * The PKCS#7 blobs in a PE certificate table: a list of WIN_CERTIFICATE entries (dwLength,
 * wRevision, wCertificateType, bCertificate), each starting on an 8-byte boundary. Anything after
 * the DER inside an entry must be zero padding, so nothing can hide in the unsigned table.
 */
export function readWinCertificates(table: Uint8Array): Uint8Array[] {
  const bad = (why: string) => new FormatError(`The file's signature table is damaged: ${why}.`);
  const view = new DataView(table.buffer, table.byteOffset, table.byteLength);
  const blobs: Uint8Array[] = [];
  let at = 0;
  while (at < table.length) {
    if (table.length - at < 8) {
      if (table.subarray(at).some((b) => b !== 0)) throw bad('it ends with stray bytes');
      break;
    }
    const length = view.getUint32(at, true);
    const revision = view.getUint16(at + 4, true);
    const type = view.getUint16(at + 6, true);
    if (length < 8 || length > table.length - at) throw bad('an entry has an impossible length');
    if (!REVISIONS.has(revision)) throw bad(`unknown revision 0x${revision.toString(16)}`);
    if (type === PKCS_SIGNED_DATA) {
      if (blobs.length === MAX_ENTRIES) throw bad('it holds too many signatures');
      const der = derWithPadding(table.subarray(at + 8, at + length), bad);
      // Signers write the exact length or the length padded to 8; anything between is an edit.
      const exact = 8 + der.length;
      if (length !== exact && length !== Math.ceil(exact / 8) * 8)
        throw bad('an entry’s length does not match its signature');
      blobs.push(der);
    }
    const next = Math.min(table.length, at + Math.ceil(length / 8) * 8);
    if (table.subarray(at + length, next).some((b) => b !== 0)) throw bad('data is hidden after a signature');
    at = next;
  }
  if (blobs.length === 0) throw bad('it holds no Authenticode signature');
  return blobs;
}

function derWithPadding(entry: Uint8Array, bad: (why: string) => FormatError): Uint8Array {
  // A signature just checked whole (signing's, before the check after it) is not parsed again.
  const end = knownDerLength(entry) ?? recentEnd(entry);
  if (entry.subarray(end).some((b) => b !== 0)) throw bad('data is hidden after a signature');
  return entry.subarray(0, end);
}

/**
 * Where the last few entries' signatures end, by the entries' exact bytes: `signet sign --replace`
 * reads the table to ask whether the file is signed, then again to sign it, and asn1js needs ms
 * (tens when cold) to parse a signature with its chain and token. The same bytes parse the same.
 */
const recentEnds: { entry: Buffer; end: number }[] = [];
const RECENT_ENDS = 4;

function recentEnd(entry: Uint8Array): number {
  const view = Buffer.from(entry.buffer, entry.byteOffset, entry.byteLength);
  const seen = recentEnds.find((r) => r.entry.equals(view));
  if (seen) return seen.end;
  const end = parseDer(entry, 'signature (PKCS#7)', { trailing: true }).valueBeforeDecodeView.byteLength;
  recentEnds.unshift({ entry: Buffer.from(view), end });
  recentEnds.length = Math.min(recentEnds.length, RECENT_ENDS);
  return end;
}
