import type { PeDigestName } from './pe-image-digest';

/** Object identifiers Authenticode uses; names follow Microsoft's and the RFCs' own. */
export const OID = {
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  counterSignature: '1.2.840.113549.1.9.6',
  spcIndirectData: '1.3.6.1.4.1.311.2.1.4',
  spcPeImageData: '1.3.6.1.4.1.311.2.1.15',
  spcSipInfo: '1.3.6.1.4.1.311.2.1.30',
  spcSpOpusInfo: '1.3.6.1.4.1.311.2.1.12',
  nestedSignature: '1.3.6.1.4.1.311.2.4.1',
  rfc3161Timestamp: '1.3.6.1.4.1.311.3.3.1',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  ekuCodeSigning: '1.3.6.1.5.5.7.3.3',
  ekuTimeStamping: '1.3.6.1.5.5.7.3.8',
  rsaEncryption: '1.2.840.113549.1.1.1',
  ecPublicKey: '1.2.840.10045.2.1',
} as const;

export const DIGEST_BY_OID: Readonly<Record<string, PeDigestName>> = {
  '1.2.840.113549.2.5': 'md5',
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

/** Signature algorithms a SignerInfo may name, and the key type each needs. */
export const SIGNATURE_BY_OID: Readonly<Record<string, { key: 'rsa' | 'ec'; hash?: PeDigestName }>> = {
  [OID.rsaEncryption]: { key: 'rsa' },
  '1.2.840.113549.1.1.4': { key: 'rsa', hash: 'md5' },
  '1.2.840.113549.1.1.5': { key: 'rsa', hash: 'sha1' },
  '1.2.840.113549.1.1.11': { key: 'rsa', hash: 'sha256' },
  '1.2.840.113549.1.1.12': { key: 'rsa', hash: 'sha384' },
  '1.2.840.113549.1.1.13': { key: 'rsa', hash: 'sha512' },
  [OID.ecPublicKey]: { key: 'ec' },
  '1.2.840.10045.4.1': { key: 'ec', hash: 'sha1' },
  '1.2.840.10045.4.3.2': { key: 'ec', hash: 'sha256' },
  '1.2.840.10045.4.3.3': { key: 'ec', hash: 'sha384' },
  '1.2.840.10045.4.3.4': { key: 'ec', hash: 'sha512' },
};
