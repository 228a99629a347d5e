import * as asn1js from 'asn1js';
import { FormatError } from '../../errors';

/**
 * asn1js with the edges made safe: a parse error, trailing bytes where none are allowed, or a
 * library exception on hostile nesting all become one FormatError naming what was being read.
 */
export function parseDer(
  bytes: Uint8Array,
  what: string,
  options: { trailing?: boolean; canonical?: boolean } = {},
): asn1js.AsnType {
  let parsed: ReturnType<typeof asn1js.fromBER>;
  try {
    parsed = asn1js.fromBER(bytes);
  } catch {
    throw damaged(what);
  }
  if (parsed.offset === -1 || parsed.result.error) throw damaged(what);
  if (!options.trailing && parsed.offset !== bytes.length) throw damaged(what);
  if (options.canonical && !reencodesTo(parsed.result, bytes.subarray(0, parsed.offset))) throw damaged(what);
  if (options.canonical && !options.trailing) remember(bytes);
  return parsed.result;
}

/**
 * The last few inputs parseDer accepted whole as canonical DER, copied: signing checks its
 * signature so before writing it, and the check after signing finds it again in the file's table,
 * where only its end is wanted before it is read (win-certificate.ts).
 */
const canonical: Uint8Array[] = [];
const REMEMBERED = 4;

function remember(bytes: Uint8Array): void {
  canonical.unshift(new Uint8Array(bytes));
  canonical.length = Math.min(canonical.length, REMEMBERED);
}

/**
 * The length of the element `bytes` begins with, when it is one of those: what parseDer with
 * `trailing` would find, since the same complete element parses the same whatever follows it.
 * Undefined otherwise (then parse).
 */
export function knownDerLength(bytes: Uint8Array): number | undefined {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return canonical.find((der) => der.length <= view.length && view.subarray(0, der.length).equals(der))
    ?.length;
}

export function damaged(what: string): FormatError {
  return new FormatError(`The ${what} is damaged or not a kind Signet reads.`);
}

/** The whole encoding (tag, length, value) a parsed block came from. */
function encodingOf(block: asn1js.AsnType): Uint8Array {
  return new Uint8Array(block.valueBeforeDecodeView);
}

/** The value octets alone: what Authenticode hashes for SpcIndirectDataContent. */
export function valueOctetsOf(block: asn1js.AsnType, what: string): Uint8Array {
  if (block.lenBlock.isIndefiniteForm) throw damaged(what);
  const whole = encodingOf(block);
  const length = block.lenBlock.length;
  if (length > whole.length) throw damaged(what);
  return whole.subarray(whole.length - length);
}

export function asSequence(block: asn1js.AsnType | undefined, what: string): asn1js.AsnType[] {
  if (!(block instanceof asn1js.Sequence)) throw damaged(what);
  return block.valueBlock.value;
}

export function asOid(block: asn1js.AsnType | undefined, what: string): string {
  if (!(block instanceof asn1js.ObjectIdentifier)) throw damaged(what);
  return block.valueBlock.toString();
}

export function asOctets(block: asn1js.AsnType | undefined, what: string): Uint8Array {
  if (!(block instanceof asn1js.OctetString)) throw damaged(what);
  return new Uint8Array(block.valueBlock.valueHexView);
}

/** asn1js writes DER; an input it reads leniently (wrong inner lengths, BER forms) differs. */
function reencodesTo(block: asn1js.AsnType, original: Uint8Array): boolean {
  try {
    const again = new Uint8Array(block.toBER());
    return again.length === original.length && again.every((b, i) => b === original[i]);
  } catch {
    return false;
  }
}
