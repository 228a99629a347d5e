import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { FormatError } from '../../errors';
import type { VerifyPolicy } from '../../policy/verify-policy';
import { type Anchors, checkChain } from './chain';
import { commonNameOf } from './common-name';
import { damaged, parseDer } from './der';
import { DIGEST_BY_OID, OID } from './oids';
import { attribute, encoding, nodeCertificate, readSignerData, type SignerData } from './signed-data';
import { checkSignerInfo, sameBytes, signatureHash } from './signer-info';

export type TimestampResult =
  /** A timestamp that checks out: `at` becomes the time the publisher's chain is judged at. */
  | { ok: true; at: Date; kind: 'RFC 3161' | 'countersignature'; authority: string }
  /** A timestamp was there but cannot be relied on; the chain is then judged now. */
  | { ok: false; reason: string }
  | undefined;

/**
 * The time a signature was made, proven by someone other than the signer: an RFC 3161 token
 * (Microsoft's 1.3.6.1.4.1.311.3.3.1 attribute) or a legacy PKCS#9 countersignature. Either must
 * sign a hash of the primary signature's value and chain to a trusted root with the time-stamping
 * usage at the time it states; otherwise it is reported and ignored, never trusted.
 */
export function checkTimestamp(primary: SignerData, anchors: Anchors, policy: VerifyPolicy): TimestampResult {
  const signatureValue = new Uint8Array(primary.signer.signature.valueBlock.valueHexView);
  const token = attribute(primary.signer.unsignedAttrs, OID.rfc3161Timestamp);
  if (token) return guarded(() => checkRfc3161(encoding(token), signatureValue, primary, anchors, policy));
  const counter = attribute(primary.signer.unsignedAttrs, OID.counterSignature);
  if (counter) return guarded(() => checkCountersignature(counter, signatureValue, primary, anchors, policy));
  return undefined;
}

function guarded(check: () => TimestampResult): TimestampResult {
  try {
    return check();
  } catch (error) {
    return {
      ok: false,
      reason: error instanceof FormatError ? error.message : 'the timestamp could not be read',
    };
  }
}

function checkRfc3161(
  der: Uint8Array,
  signatureValue: Uint8Array,
  primary: SignerData,
  anchors: Anchors,
  policy: VerifyPolicy,
): TimestampResult {
  const what = 'timestamp';
  const token = readSignerData(der, OID.tstInfo, what, 3);
  const content = token.signedData.encapContentInfo.eContent;
  if (!(content instanceof asn1js.OctetString)) throw damaged(what);
  const tstBytes = new Uint8Array(content.getValue());
  let tst: pkijs.TSTInfo;
  try {
    tst = new pkijs.TSTInfo({ schema: parseDer(tstBytes, what, { canonical: true }) });
  } catch (error) {
    throw error instanceof FormatError ? error : damaged(what);
  }
  const imprintHash = DIGEST_BY_OID[tst.messageImprint.hashAlgorithm.algorithmId];
  if (!imprintHash) return { ok: false, reason: 'the timestamp uses a hash Signet does not know' };
  const imprint = new Uint8Array(tst.messageImprint.hashedMessage.valueBlock.valueHexView);
  if (!sameBytes(imprint, createHash(imprintHash).update(signatureValue).digest())) {
    return { ok: false, reason: 'the timestamp is for a different signature' };
  }
  return judge(
    token,
    tstBytes,
    OID.tstInfo,
    tst.genTime,
    'RFC 3161',
    [...token.certificates, ...primary.certificates],
    anchors,
    policy,
    [imprintHash],
  );
}

function checkCountersignature(
  value: asn1js.AsnType,
  signatureValue: Uint8Array,
  primary: SignerData,
  anchors: Anchors,
  policy: VerifyPolicy,
): TimestampResult {
  const what = 'countersignature';
  let signer: pkijs.SignerInfo;
  try {
    signer = new pkijs.SignerInfo({ schema: value });
  } catch {
    throw damaged(what);
  }
  const sid = signer.sid as unknown;
  const signerCert =
    sid instanceof pkijs.IssuerAndSerialNumber
      ? primary.certificates.find(
          (c) => c.issuer.isEqual(sid.issuer) && c.serialNumber.isEqual(sid.serialNumber),
        )
      : undefined;
  if (!signerCert) throw new FormatError('The countersignature does not include its signer’s certificate.');
  const signingTime = attribute(signer.signedAttrs, OID.signingTime);
  const time =
    signingTime instanceof asn1js.UTCTime || signingTime instanceof asn1js.GeneralizedTime
      ? signingTime.toDate()
      : undefined;
  if (!time || Number.isNaN(time.getTime()))
    return { ok: false, reason: 'the countersignature states no time' };
  const digestAlgorithmOid = signer.digestAlgorithm.algorithmId;
  const data: SignerData = {
    ...primary,
    signer,
    signerCert,
    digestAlgorithm: DIGEST_BY_OID[digestAlgorithmOid],
    digestAlgorithmOid,
  };
  return judge(
    data,
    signatureValue,
    undefined,
    time,
    'countersignature',
    primary.certificates,
    anchors,
    policy,
    [],
  );
}

function judge(
  data: SignerData,
  content: Uint8Array,
  contentType: string | undefined,
  at: Date,
  kind: 'RFC 3161' | 'countersignature',
  pool: readonly pkijs.Certificate[],
  anchors: Anchors,
  policy: VerifyPolicy,
  extraHashes: readonly string[],
): TimestampResult {
  if (!data.digestAlgorithm)
    return { ok: false, reason: `the ${kind} timestamp uses a hash Signet does not know` };
  const signedWith = signatureHash(data);
  for (const hash of [data.digestAlgorithm, ...extraHashes, ...(signedWith ? [signedWith] : [])]) {
    const decision = policy.hash(hash as 'sha256', 'document');
    if (!decision.ok) return { ok: false, reason: `the timestamp uses ${decision.detail}` };
  }
  const maths = checkSignerInfo(data, content, contentType, 'timestamp');
  if (!maths.ok) return { ok: false, reason: `the timestamp is not valid: ${maths.reason}` };
  if (at > policy.at) return { ok: false, reason: 'the timestamp is in the future' };
  const leaf = nodeCertificate(data.signerCert);
  const certs = pool.map((c) => nodeCertificate(c));
  const chain = checkChain(
    leaf,
    certs,
    anchors,
    { oid: OID.ekuTimeStamping, label: 'time-stamping' },
    at,
    policy,
  );
  if (!chain.ok) return { ok: false, reason: `the timestamp’s signer cannot be trusted: ${chain.reason}` };
  return { ok: true, at, kind, authority: commonNameOf(leaf.subject) };
}
