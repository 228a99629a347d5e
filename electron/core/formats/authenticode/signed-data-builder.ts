import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import { FormatError } from '../../errors';
import type { CodeSigningKey } from './code-signing-key';
import { asSequence, parseDer } from './der';
import { NULL, octetString, oid, seq, setOf, smallInteger, tlv, utf16be } from './der-write';
import { OID } from './oids';

const SHA256 = '2.16.840.1.101.3.4.2.1';
const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
const SPC_STATEMENT_TYPE = '1.3.6.1.4.1.311.2.1.11';
const INDIVIDUAL_CODE_SIGNING = '1.3.6.1.4.1.311.2.1.21';
/** The MSI subject interface package's GUID, as signtool and osslsigncode put it in SpcSipInfo. */
const MSI_SIP_GUID = new Uint8Array([
  0xf1, 0x10, 0x0c, 0x00, 0x00, 0x00, 0x00, 0x00, 0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46,
]);
/** Longer claims are refused: Windows shows a line, and the attribute is not the place for an essay. */
const MAX_CLAIM = 1024;

export interface AuthenticodeClaims {
  /** SpcSpOpusInfo's program name (Windows shows it in the UAC prompt). */
  programName?: string;
  /** SpcSpOpusInfo's "more info" link. */
  url?: string;
}

/** The signature as built: its DER, and the signature value a timestamp is requested for. */
export interface BuiltSignature {
  der: Uint8Array;
  signatureValue: Uint8Array;
  /** The signed attributes as signed (a SET), which `signatureValue` signs. */
  signedAttributes: Uint8Array;
  /**
   * `der` with one unsigned attribute (the timestamp token), put together from the parts it was
   * built from: the bytes withUnsignedAttribute(der, type, value) gives, without parsing `der`
   * (asn1js needs several ms for a signature with its chain, on the path that waits for the stamp).
   */
  withUnsignedAttribute(type: string, value: Uint8Array): Uint8Array;
}

/**
 * A PKCS#7 SignedData for Authenticode, as signtool writes it: SpcIndirectDataContent naming the
 * subject (SpcPeImageData for a program, SpcSipInfo for an MSI) and the SHA-256 file digest, signed
 * attributes contentType, SpcStatementType, SpcSpOpusInfo and messageDigest, one SignerInfo by
 * issuer and serial, and the key's chain. Only `key` signs, so a file key and a token key build
 * the same thing.
 */
export async function buildAuthenticodeSignature(
  key: CodeSigningKey,
  subject: 'pe' | 'msi',
  sha256: Uint8Array,
  claims: AuthenticodeClaims = {},
): Promise<BuiltSignature> {
  if (sha256.length !== 32) throw new FormatError('The file digest must be SHA-256.');
  const leaf = key.chain[0];
  if (!leaf) throw new FormatError('The key comes with no certificate.');
  const sha256Id = seq(oid(SHA256), NULL);
  const subjectData =
    subject === 'pe'
      ? seq(
          oid(OID.spcPeImageData),
          // flags: an empty BIT STRING; file: SpcLink.file [2] SpcString.unicode [0] "<<<Obsolete>>>".
          seq(new Uint8Array([0x03, 0x01, 0x00]), tlv(0xa0, tlv(0xa2, tlv(0x80, utf16be('<<<Obsolete>>>'))))),
        )
      : seq(
          oid(OID.spcSipInfo),
          seq(
            smallInteger(1),
            octetString(MSI_SIP_GUID),
            smallInteger(0),
            smallInteger(0),
            smallInteger(0),
            smallInteger(0),
            smallInteger(0),
          ),
        );
  const indirect = seq(subjectData, seq(sha256Id, octetString(sha256)));
  // What messageDigest hashes is the value octets of SpcIndirectDataContent, without its own header.
  const indirectValue = indirect.subarray(indirect.length - valueLength(indirect));
  const attributes = [
    attribute(OID.contentType, oid(OID.spcIndirectData)),
    attribute(SPC_STATEMENT_TYPE, seq(oid(INDIVIDUAL_CODE_SIGNING))),
    attribute(OID.spcSpOpusInfo, opusInfo(claims)),
    attribute(OID.messageDigest, octetString(createHash('sha256').update(indirectValue).digest())),
  ];
  const signedSet = setOf(...attributes);
  const signatureValue = await key.sign(signedSet);
  const signedAttrs = new Uint8Array(signedSet);
  signedAttrs[0] = 0xa0;
  const signatureAlgorithm =
    key.algorithm === 'rsa' ? seq(oid(OID.rsaEncryption), NULL) : seq(oid(ECDSA_WITH_SHA256));
  const signerFields = [
    smallInteger(1),
    issuerAndSerial(leaf),
    sha256Id,
    signedAttrs,
    signatureAlgorithm,
    octetString(signatureValue),
  ];
  const signedDataHead = [
    smallInteger(1),
    setOf(sha256Id),
    seq(oid(OID.spcIndirectData), tlv(0xa0, indirect)),
    tlv(0xa0, ...key.chain),
  ];
  const contentInfo = (signerInfo: Uint8Array) =>
    seq(oid(OID.signedData), tlv(0xa0, seq(...signedDataHead, tlv(0x31, signerInfo))));
  return {
    der: contentInfo(seq(...signerFields)),
    signatureValue,
    signedAttributes: signedSet,
    withUnsignedAttribute: (type, value) =>
      contentInfo(seq(...signerFields, tlv(0xa1, attribute(type, value)))),
  };
}

function attribute(type: string, value: Uint8Array): Uint8Array {
  return seq(oid(type), setOf(value));
}

function opusInfo(claims: AuthenticodeClaims): Uint8Array {
  const parts: Uint8Array[] = [];
  if (claims.programName) {
    checkClaim(claims.programName, 'program name');
    parts.push(tlv(0xa0, tlv(0x80, utf16be(claims.programName))));
  }
  if (claims.url) {
    checkClaim(claims.url, 'web address');
    // SpcLink.url is an IA5String: ASCII only.
    if (!/^[\x20-\x7e]+$/.test(claims.url)) {
      throw new FormatError('The web address must be plain ASCII (encode other characters).');
    }
    parts.push(tlv(0xa1, tlv(0x80, new TextEncoder().encode(claims.url))));
  }
  return seq(...parts);
}

function checkClaim(text: string, what: string): void {
  if (text.length > MAX_CLAIM || /\p{Cc}/u.test(text)) {
    throw new FormatError(`The ${what} must be one line of at most ${MAX_CLAIM} characters.`);
  }
}

/** IssuerAndSerialNumber: the certificate's own issuer Name and serial, byte for byte. */
function issuerAndSerial(certificate: Uint8Array): Uint8Array {
  const [tbs] = asSequence(parseDer(certificate, 'signing certificate'), 'signing certificate');
  const fields = asSequence(tbs, 'signing certificate');
  const skip = fields[0]?.idBlock.tagClass === 3 ? 1 : 0;
  const serial = fields[skip];
  const issuer = fields[skip + 2];
  if (!(serial instanceof asn1js.Integer) || !issuer) {
    throw new FormatError('The signing certificate is damaged.');
  }
  return seq(encoding(issuer), encoding(serial));
}

function encoding(block: asn1js.AsnType): Uint8Array {
  return new Uint8Array(block.valueBeforeDecodeView);
}

function valueLength(der: Uint8Array): number {
  const first = der[1]!;
  return first < 0x80 ? first : der.length - 2 - (first & 0x7f);
}

/**
 * Adds an unsigned attribute to the one SignerInfo of a SignedData (a timestamp token, or a nested
 * signature), keeping every other byte as it was: the signed parts are copied, never re-encoded.
 * A value joins an attribute of the same type when there is one (signtool nests that way).
 */
export function withUnsignedAttribute(contentInfo: Uint8Array, type: string, value: Uint8Array): Uint8Array {
  const what = 'signature (PKCS#7)';
  const [contentType, explicit] = asSequence(parseDer(contentInfo, what), what);
  if (!(explicit instanceof asn1js.Constructed)) throw new FormatError(`The ${what} is damaged.`);
  const signedData = explicit.valueBlock.value[0];
  const sdFields = asSequence(signedData, what);
  const signerInfos = sdFields[sdFields.length - 1];
  if (!(signerInfos instanceof asn1js.Set) || signerInfos.valueBlock.value.length !== 1) {
    throw new FormatError(`The ${what} must have exactly one signer.`);
  }
  const siFields = asSequence(signerInfos.valueBlock.value[0], what);
  const last = siFields[siFields.length - 1]!;
  const hasUnsigned = last.idBlock.tagClass === 3 && last.idBlock.tagNumber === 1;
  const kept = (hasUnsigned ? siFields.slice(0, -1) : siFields).map(encoding);
  const existing = hasUnsigned && last instanceof asn1js.Constructed ? last.valueBlock.value : [];
  let joined = false;
  const attrs = existing.map((attr) => {
    const [attrType, values] = asSequence(attr, what);
    if (joined || !(attrType instanceof asn1js.ObjectIdentifier) || attrType.valueBlock.toString() !== type)
      return encoding(attr);
    if (!(values instanceof asn1js.Set)) throw new FormatError(`The ${what} is damaged.`);
    joined = true;
    return seq(encoding(attrType), tlv(0x31, ...values.valueBlock.value.map(encoding), value));
  });
  if (!joined) attrs.push(attribute(type, value));
  const signerInfo = seq(...kept, tlv(0xa1, ...attrs));
  const newSignedData = seq(...sdFields.slice(0, -1).map(encoding), tlv(0x31, signerInfo));
  return seq(encoding(contentType!), tlv(0xa0, newSignedData));
}
