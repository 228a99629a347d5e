import { createHash, type KeyObject, timingSafeEqual, verify } from 'node:crypto';
import { FormatError } from '../../errors';
import { asOctets, asOid } from './der';
import { OID, SIGNATURE_BY_OID } from './oids';
import type { PeDigestName } from './pe-image-digest';
import { attribute, nodeCertificate, type SignerData } from './signed-data';

export type SignerCheck = { ok: true } | { ok: false; reason: string };

/**
 * The CMS maths for one signer: the contentType and messageDigest attributes match the content,
 * and the signature verifies over the DER of the signed attributes (re-tagged as a SET, as RFC 5652
 * says) with the signer certificate's key. `{ ok: false }` means the data changed or the signature
 * is forged; structural problems are FormatErrors.
 */
export function checkSignerInfo(
  data: SignerData,
  content: Uint8Array,
  /** Undefined for a legacy countersignature, which may or may not state one. */
  contentType: string | undefined,
  what: string,
): SignerCheck {
  const hash = data.digestAlgorithm;
  if (!hash) throw new FormatError(`The ${what} uses a hash Signet does not know.`);
  const attrs = data.signer.signedAttrs;
  if (!attrs) throw new FormatError(`The ${what} has no signed attributes.`);
  const declaredType = attribute(attrs, OID.contentType);
  if (contentType !== undefined && (!declaredType || asOid(declaredType, what) !== contentType)) {
    throw new FormatError(`The ${what} does not say what it signs.`);
  }
  const stated = attribute(attrs, OID.messageDigest);
  if (!stated) throw new FormatError(`The ${what} has no message digest.`);
  if (!sameBytes(asOctets(stated, what), createHash(hash).update(content).digest())) {
    return { ok: false, reason: 'the signed content does not match its digest' };
  }
  const signed = new Uint8Array(attrs.encodedValue);
  if (signed.length === 0) throw new FormatError(`The ${what} has no signed attributes.`);
  const toVerify = Buffer.from(signed);
  toVerify[0] = 0x31;
  if (!verifyWithCert(data, toVerify, new Uint8Array(data.signer.signature.valueBlock.valueHexView), hash)) {
    return { ok: false, reason: 'the signature does not match the signer’s certificate' };
  }
  return { ok: true };
}

/** The hash a SignerInfo's signatureAlgorithm names itself (md5WithRSAEncryption: MD5), if any. */
export function signatureHash(data: SignerData): PeDigestName | undefined {
  return SIGNATURE_BY_OID[data.signer.signatureAlgorithm.algorithmId]?.hash;
}

/** The signer certificate's public key, with what a policy needs to judge it. */
export function signerKey(data: SignerData): {
  key: KeyObject;
  algorithm: 'rsa' | 'ecdsa' | string;
  bits?: number;
  curve?: string;
} {
  const key = nodeCertificate(data.signerCert).publicKey;
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa') return { key, algorithm: 'rsa', bits: details.modulusLength };
  if (key.asymmetricKeyType === 'ec') return { key, algorithm: 'ecdsa', curve: details.namedCurve };
  return { key, algorithm: key.asymmetricKeyType ?? 'unknown' };
}

function verifyWithCert(
  data: SignerData,
  message: Buffer,
  signature: Uint8Array,
  hash: PeDigestName,
): boolean {
  const scheme = SIGNATURE_BY_OID[data.signer.signatureAlgorithm.algorithmId];
  if (!scheme) throw new FormatError('The signature uses an algorithm Signet does not know.');
  const { key, algorithm } = signerKey(data);
  if ((scheme.key === 'rsa') !== (algorithm === 'rsa')) return false;
  try {
    return verify(scheme.hash ?? hash, message, key, signature);
  } catch {
    return false;
  }
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
