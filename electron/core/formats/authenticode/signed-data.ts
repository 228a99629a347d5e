import { X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { FormatError } from '../../errors';
import { asOctets, asOid, asSequence, damaged, parseDer, valueOctetsOf } from './der';
import { DIGEST_BY_OID, OID } from './oids';
import type { PeDigestName } from './pe-image-digest';
import { readOpusInfo } from './spc-opus-info';

/** Dual-signed files carry two or three; this bounds work on hostile ones. */
const MAX_SIGNATURES = 8;
const MAX_CERTIFICATES = 32;
const WHAT = 'signature (PKCS#7)';

/** One CMS SignedData with exactly one signer, as Authenticode and RFC 3161 tokens use it. */
export interface SignerData {
  signedData: pkijs.SignedData;
  signer: pkijs.SignerInfo;
  /** The signer's own certificate, found by issuer and serial among `certificates`. */
  signerCert: pkijs.Certificate;
  certificates: readonly pkijs.Certificate[];
  /** Hash of the signed attributes (SignerInfo.digestAlgorithm); undefined when not one we know. */
  digestAlgorithm?: PeDigestName;
  digestAlgorithmOid: string;
}

/** One Authenticode signature: the primary one, or one nested inside it. */
export interface AuthenticodeSignature extends SignerData {
  /** 'pe' for SpcPeImageData, 'msi' for SpcSipInfo. */
  subject: 'pe' | 'msi' | 'other';
  /** The file digest the signer stated, and with which hash. */
  imageDigest: Uint8Array;
  imageDigestAlgorithm?: PeDigestName;
  imageDigestAlgorithmOid: string;
  /** DER value octets of SpcIndirectDataContent: what the messageDigest attribute hashes. */
  indirectContent: Uint8Array;
  /** SpcSpOpusInfo: the publisher's own claims, shown as such. */
  programName?: string;
  moreInfoUrl?: string;
  /** 0 for the primary signature, 1 for one nested in it. */
  depth: number;
}

/**
 * Reads one PKCS#7 blob from a certificate table (or an MSI's DigitalSignature stream) into the
 * primary signature followed by every nested one (szOID_NESTED_SIGNATURE), all of them parsed.
 */
export function readAuthenticode(der: Uint8Array): AuthenticodeSignature[] {
  const found: AuthenticodeSignature[] = [];
  collect(der, 0, found);
  return found;
}

function collect(der: Uint8Array, depth: number, found: AuthenticodeSignature[]): void {
  if (found.length >= MAX_SIGNATURES)
    throw new FormatError('The file carries too many signatures to be real.');
  const data = readSignerData(der, OID.spcIndirectData, WHAT, 1);
  const content = data.signedData.encapContentInfo.eContent as unknown as asn1js.AsnType | undefined;
  if (!content) throw damaged(WHAT);
  const [spcData, digestInfo] = asSequence(content, WHAT);
  const [subjectType] = asSequence(spcData, WHAT);
  const [algorithm, digest] = asSequence(digestInfo, WHAT);
  const [algorithmOid] = asSequence(algorithm, WHAT);
  const subjectOid = asOid(subjectType, WHAT);
  const imageDigestAlgorithmOid = asOid(algorithmOid, WHAT);
  const opus = readOpusInfo(attribute(data.signer.signedAttrs, OID.spcSpOpusInfo));
  found.push({
    ...data,
    subject: subjectOid === OID.spcPeImageData ? 'pe' : subjectOid === OID.spcSipInfo ? 'msi' : 'other',
    imageDigest: asOctets(digest, WHAT),
    imageDigestAlgorithm: DIGEST_BY_OID[imageDigestAlgorithmOid],
    imageDigestAlgorithmOid,
    indirectContent: valueOctetsOf(content, WHAT),
    ...opus,
    depth,
  });
  if (depth > 0) return;
  for (const attr of data.signer.unsignedAttrs?.attributes ?? []) {
    if (attr.type !== OID.nestedSignature) continue;
    for (const value of attr.values as asn1js.AsnType[]) collect(encoding(value), depth + 1, found);
  }
}

/**
 * The last few SignerData read, by their exact bytes: signing checks the timestamp token as it
 * arrives, then the signature with it embedded, then the file it wrote, and pkijs takes tens of
 * milliseconds for each parse of the same few KiB. A parse gives the same answer for the same bytes,
 * and what it gives is only read, never changed, by the checks.
 */
const recentlyRead: { der: Uint8Array; contentType: string; version: number; data: SignerData }[] = [];
const RECENT = 4;

/** A ContentInfo holding SignedData with one signer and the given content type. */
export function readSignerData(
  der: Uint8Array,
  contentType: string,
  what: string,
  /** SignedData version: 1 for Authenticode, 3 for RFC 3161 tokens (RFC 5652 §5.1). */
  version: 1 | 3,
): SignerData {
  const seen = recentlyRead.find(
    (r) => r.contentType === contentType && r.version === version && sameBytes(r.der, der),
  );
  if (seen) return seen.data;
  const data = parseSignerData(der, contentType, what, version);
  recentlyRead.unshift({ der: new Uint8Array(der), contentType, version, data });
  recentlyRead.length = Math.min(recentlyRead.length, RECENT);
  return data;
}

const sameBytes = (a: Uint8Array, b: Uint8Array) =>
  a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.length).equals(b);

function parseSignerData(der: Uint8Array, contentType: string, what: string, version: 1 | 3): SignerData {
  let signedData: pkijs.SignedData;
  let body: asn1js.AsnType;
  try {
    // Canonical DER only: a lenient BER reader would let unsigned bytes change without notice.
    const info = new pkijs.ContentInfo({ schema: parseDer(der, what, { canonical: true }) });
    if (info.contentType !== OID.signedData) throw damaged(what);
    body = info.content as asn1js.AsnType;
    signedData = new pkijs.SignedData({ schema: body });
  } catch (error) {
    throw error instanceof FormatError ? error : damaged(what);
  }
  if (signedData.encapContentInfo.eContentType !== contentType) throw damaged(what);
  if (signedData.signerInfos.length !== 1) throw new FormatError(`The ${what} must have exactly one signer.`);
  const signer = signedData.signerInfos[0]!;
  const digestAlgorithmOid = signer.digestAlgorithm.algorithmId;
  // Unsigned fields, but a consistent structure is the only kind accepted (no silent edits).
  if (signedData.version !== version || signer.version !== 1) throw damaged(what);
  const declared = signedData.digestAlgorithms;
  if (declared.length !== 1 || !sameEncoding(declared[0]!, signer.digestAlgorithm)) {
    throw new FormatError(`The ${what} names a different hash than its signer uses.`);
  }
  const certificates = keepEncodings(signedData, body, what);
  if (certificates.length > MAX_CERTIFICATES)
    throw new FormatError(`The ${what} carries too many certificates.`);
  const signerCert = findSignerCert(signer, certificates);
  if (!signerCert) throw new FormatError(`The ${what} does not include the signer’s certificate.`);
  return {
    signedData,
    signer,
    signerCert,
    certificates,
    digestAlgorithm: DIGEST_BY_OID[digestAlgorithmOid],
    digestAlgorithmOid,
  };
}

function sameEncoding(a: pkijs.AlgorithmIdentifier, b: pkijs.AlgorithmIdentifier): boolean {
  const x = new Uint8Array(a.toSchema().toBER());
  const y = new Uint8Array(b.toSchema().toBER());
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** The bytes each certificate came as: pkijs re-encodes on toBER, which would hide a change. */
const originalEncoding = new WeakMap<pkijs.Certificate, Uint8Array>();

function keepEncodings(
  signedData: pkijs.SignedData,
  body: asn1js.AsnType,
  what: string,
): pkijs.Certificate[] {
  const items = signedData.certificates ?? [];
  const children = body instanceof asn1js.Sequence ? body.valueBlock.value : [];
  const set = children.find((c) => c.idBlock.tagClass === 3 && c.idBlock.tagNumber === 0);
  const encodings = set instanceof asn1js.Constructed ? set.valueBlock.value : [];
  if (encodings.length !== items.length) throw damaged(what);
  const certificates: pkijs.Certificate[] = [];
  items.forEach((item, index) => {
    if (!(item instanceof pkijs.Certificate)) return;
    originalEncoding.set(item, encoding(encodings[index]!));
    certificates.push(item);
  });
  return certificates;
}

/**
 * Each certificate read by OpenSSL once: signing checks the timestamp's chain, then the check after
 * checks it again from the same parse (readSignerData keeps it), and path-validation.ts keeps its
 * own parse of each X509Certificate object.
 */
const asNode = new WeakMap<pkijs.Certificate, X509Certificate>();

/** The certificate as OpenSSL reads it, from the exact bytes in the signature. */
export function nodeCertificate(cert: pkijs.Certificate): X509Certificate {
  const known = asNode.get(cert);
  if (known) return known;
  const der = originalEncoding.get(cert);
  if (!der) throw new FormatError('A certificate in the signature could not be read.');
  let read: X509Certificate;
  try {
    read = new X509Certificate(der);
  } catch {
    throw new FormatError('A certificate in the signature is damaged.');
  }
  asNode.set(cert, read);
  return read;
}

/** The first value of a signed or unsigned attribute, or undefined. */
export function attribute(
  attrs: pkijs.SignedAndUnsignedAttributes | undefined,
  type: string,
): asn1js.AsnType | undefined {
  const found = attrs?.attributes.filter((a) => a.type === type) ?? [];
  if (found.length > 1) throw new FormatError(`A signature repeats the attribute ${type}.`);
  return found[0]?.values[0] as asn1js.AsnType | undefined;
}

export function encoding(block: asn1js.AsnType): Uint8Array {
  return new Uint8Array(block.valueBeforeDecodeView);
}

function findSignerCert(
  signer: pkijs.SignerInfo,
  certs: readonly pkijs.Certificate[],
): pkijs.Certificate | undefined {
  const sid = signer.sid as unknown;
  if (!(sid instanceof pkijs.IssuerAndSerialNumber)) return undefined;
  // The serial first: a cheap compare that rules out the other certificates before their names are.
  return certs.find((c) => c.serialNumber.isEqual(sid.serialNumber) && c.issuer.isEqual(sid.issuer));
}
