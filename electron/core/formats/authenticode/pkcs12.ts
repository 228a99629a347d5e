import {
  createDecipheriv,
  createHmac,
  createPrivateKey,
  type KeyObject,
  pbkdf2Sync,
  timingSafeEqual,
} from 'node:crypto';
import * as asn1js from 'asn1js';
import { FormatError, SignetError } from '../../errors';
import { asOid, asSequence, damaged, parseDer } from './der';
import { bmpPassword, pkcs12Kdf } from './pkcs12-kdf';
import { rc2CbcDecrypt } from './rc2';

const WHAT = 'certificate file (PKCS#12)';
/** A real .pfx holds a key and a few certificates; this bounds work on a hostile one. */
const MAX_BAGS = 64;
/** Far above what any issuer uses (OpenSSL 2048, Windows 2000–600000); bounds a hostile file. */
const MAX_ITERATIONS = 10_000_000;

const OIDS = {
  data: '1.2.840.113549.1.7.1',
  encryptedData: '1.2.840.113549.1.7.6',
  keyBag: '1.2.840.113549.1.12.10.1.1',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
} as const;

const MAC_HASH: Record<string, 'sha1' | 'sha256' | 'sha384' | 'sha512'> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};
const PRF_HASH: Record<string, string> = {
  '1.2.840.113549.2.7': 'sha1',
  '1.2.840.113549.2.8': 'sha224',
  '1.2.840.113549.2.9': 'sha256',
  '1.2.840.113549.2.10': 'sha384',
  '1.2.840.113549.2.11': 'sha512',
};
const PBES2_CIPHER: Record<string, { name: string; keyLength: number }> = {
  '2.16.840.1.101.3.4.1.2': { name: 'aes-128-cbc', keyLength: 16 },
  '2.16.840.1.101.3.4.1.22': { name: 'aes-192-cbc', keyLength: 24 },
  '2.16.840.1.101.3.4.1.42': { name: 'aes-256-cbc', keyLength: 32 },
  '1.2.840.113549.3.7': { name: 'des-ede3-cbc', keyLength: 24 },
};
/** PKCS#12's own password-based schemes (RFC 7292 appendix C), SHA-1 throughout. */
const PKCS12_PBE: Record<string, { cipher: 'des-ede3-cbc' | 'rc2'; keyLength: number }> = {
  '1.2.840.113549.1.12.1.3': { cipher: 'des-ede3-cbc', keyLength: 24 },
  '1.2.840.113549.1.12.1.4': { cipher: 'des-ede3-cbc', keyLength: 16 },
  '1.2.840.113549.1.12.1.5': { cipher: 'rc2', keyLength: 16 },
  '1.2.840.113549.1.12.1.6': { cipher: 'rc2', keyLength: 5 },
};

/** What a PKCS#12 file holds, decrypted: its private key and its certificates (DER, file order). */
export interface Pkcs12Contents {
  privateKey: KeyObject;
  certificates: Uint8Array[];
}

const wrongPassword = () =>
  new SignetError('wrong-passphrase', 'The password for the certificate file is wrong.');

/**
 * Opens a PKCS#12 (.pfx/.p12) file as CAs and Windows write it: the integrity MAC checked first
 * (SHA-1 or SHA-2, so a wrong password is told apart from a damaged file), then the certificate and
 * key bags decrypted, whether legacy (3DES, RC2-40, SHA-1) or modern (PBES2: PBKDF2 with AES-256).
 */
export function readPkcs12(bytes: Uint8Array, password: string): Pkcs12Contents {
  const [version, authSafe, macData] = asSequence(parseDer(bytes, WHAT, { trailing: false }), WHAT);
  if (!(version instanceof asn1js.Integer) || version.valueBlock.valueDec !== 3) throw damaged(WHAT);
  const [authType, authContent] = asSequence(authSafe, WHAT);
  if (asOid(authType, WHAT) !== OIDS.data) {
    throw new FormatError('The certificate file is protected by a public key, which Signet does not open.');
  }
  const safeBytes = octets(explicitValue(authContent));
  if (macData) checkMac(macData, safeBytes, password);
  let privateKey: KeyObject | undefined;
  const certificates: Uint8Array[] = [];
  const bags: asn1js.AsnType[] = [];
  for (const info of asSequence(parseDer(safeBytes, WHAT), WHAT)) {
    const [type, content] = asSequence(info, WHAT);
    const kind = asOid(type, WHAT);
    let contents: Uint8Array;
    if (kind === OIDS.data) contents = octets(explicitValue(content));
    else if (kind === OIDS.encryptedData) contents = decryptEncryptedData(explicitValue(content), password);
    else throw new FormatError('The certificate file holds a part Signet does not read.');
    bags.push(...asSequence(parseDer(contents, WHAT), WHAT));
    if (bags.length > MAX_BAGS) throw damaged(WHAT);
  }
  for (const bag of bags) {
    const [bagId, bagValue] = asSequence(bag, WHAT);
    const id = asOid(bagId, WHAT);
    const value = explicitValue(bagValue);
    if (id === OIDS.certBag) {
      const [certType, certValue] = asSequence(value, WHAT);
      if (asOid(certType, WHAT) === OIDS.x509Certificate) certificates.push(octets(explicitValue(certValue)));
    } else if (id === OIDS.keyBag || id === OIDS.shroudedKeyBag) {
      if (privateKey) throw new FormatError('The certificate file holds more than one private key.');
      const der = id === OIDS.keyBag ? encodingOf(value) : decryptShrouded(value, password);
      try {
        privateKey = createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' });
      } catch {
        throw new FormatError(
          'The private key in the certificate file is damaged or of a kind Signet does not use.',
        );
      }
    }
  }
  if (!privateKey) throw new FormatError('The certificate file holds no private key.');
  if (certificates.length === 0) throw new FormatError('The certificate file holds no certificate.');
  return { privateKey, certificates };
}

function checkMac(macData: asn1js.AsnType, content: Uint8Array, password: string): void {
  const [digestInfo, saltBlock, iterationsBlock] = asSequence(macData, WHAT);
  const [algorithm, digest] = asSequence(digestInfo, WHAT);
  const [algorithmOid] = asSequence(algorithm, WHAT);
  const hash = MAC_HASH[asOid(algorithmOid, WHAT)];
  if (!hash)
    throw new FormatError('The certificate file’s integrity check uses a hash Signet does not know.');
  const expected = octets(digest);
  const iterations = iterationsBlock ? integer(iterationsBlock) : 1;
  const key = pkcs12Kdf(hash, bmpPassword(password), octets(saltBlock), 3, iterations, expected.length);
  const actual = createHmac(hash, key).update(content).digest();
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) throw wrongPassword();
}

function decryptEncryptedData(block: asn1js.AsnType, password: string): Uint8Array {
  const [, encryptedContentInfo] = asSequence(block, WHAT);
  const [, algorithm, content] = asSequence(encryptedContentInfo, WHAT);
  if (content?.idBlock.tagClass !== 3 || content.idBlock.tagNumber !== 0) throw damaged(WHAT);
  return decrypt(algorithm, implicitOctets(content), password);
}

function decryptShrouded(block: asn1js.AsnType, password: string): Uint8Array {
  const [algorithm, data] = asSequence(block, WHAT);
  return decrypt(algorithm, octets(data), password);
}

function decrypt(algorithm: asn1js.AsnType | undefined, data: Uint8Array, password: string): Uint8Array {
  const [oidBlock, params] = asSequence(algorithm, WHAT);
  const oid = asOid(oidBlock, WHAT);
  const legacy = PKCS12_PBE[oid];
  if (legacy) {
    const [salt, iterations] = asSequence(params, WHAT);
    const count = integer(iterations);
    const bmp = bmpPassword(password);
    const key = pkcs12Kdf('sha1', bmp, octets(salt), 1, count, legacy.keyLength);
    const iv = pkcs12Kdf('sha1', bmp, octets(salt), 2, count, 8);
    if (legacy.cipher === 'rc2') {
      const plain = rc2CbcDecrypt(key, legacy.keyLength * 8, iv, data);
      if (!plain) throw wrongPassword();
      return plain;
    }
    // Two-key 3DES is K1 K2 K1.
    const full = key.length === 16 ? new Uint8Array([...key, ...key.subarray(0, 8)]) : key;
    return decipher('des-ede3-cbc', full, iv, data);
  }
  if (oid !== OIDS.pbes2)
    throw new FormatError('The certificate file is encrypted in a way Signet does not read.');
  const [kdf, scheme] = asSequence(params, WHAT);
  const [kdfOid, kdfParams] = asSequence(kdf, WHAT);
  if (asOid(kdfOid, WHAT) !== OIDS.pbkdf2)
    throw new FormatError('The certificate file uses a key derivation Signet does not read.');
  const [schemeOid, ivBlock] = asSequence(scheme, WHAT);
  const cipher = PBES2_CIPHER[asOid(schemeOid, WHAT)];
  if (!cipher) throw new FormatError('The certificate file is encrypted with a cipher Signet does not read.');
  const fields = asSequence(kdfParams, WHAT);
  const salt = octets(fields[0]);
  const count = integer(fields[1]);
  let prf = 'sha1';
  for (const field of fields.slice(2)) {
    if (field instanceof asn1js.Sequence) {
      const named = PRF_HASH[asOid(field.valueBlock.value[0], WHAT)];
      if (!named) throw new FormatError('The certificate file uses a key derivation Signet does not read.');
      prf = named;
    }
  }
  const key = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, count, cipher.keyLength, prf);
  return decipher(cipher.name, key, octets(ivBlock), data);
}

function decipher(name: string, key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  try {
    const d = createDecipheriv(name, key, iv);
    return new Uint8Array(Buffer.concat([d.update(data), d.final()]));
  } catch {
    // Without a MAC (rare), bad padding is how a wrong password shows.
    throw wrongPassword();
  }
}

function integer(block: asn1js.AsnType | undefined): number {
  if (!(block instanceof asn1js.Integer)) throw damaged(WHAT);
  const value = block.valueBlock.valueDec;
  if (!Number.isSafeInteger(value) || value < 1 || value > MAX_ITERATIONS) throw damaged(WHAT);
  return value;
}

/** The inside of an [0] EXPLICIT wrapper. */
function explicitValue(block: asn1js.AsnType | undefined): asn1js.AsnType {
  if (!(block instanceof asn1js.Constructed) || block.idBlock.tagClass !== 3) throw damaged(WHAT);
  const inner = block.valueBlock.value[0];
  if (!inner) throw damaged(WHAT);
  return inner;
}

/** An OCTET STRING's bytes, joined when BER splits it into pieces (Windows exports do). */
function octets(block: asn1js.AsnType | undefined): Uint8Array {
  if (!(block instanceof asn1js.OctetString)) throw damaged(WHAT);
  if (!block.valueBlock.isConstructed) return new Uint8Array(block.valueBlock.valueHexView);
  return join(block.valueBlock.value.map((part) => octets(part)));
}

/** An [0] IMPLICIT OCTET STRING: primitive bytes, or constructed pieces. */
function implicitOctets(block: asn1js.AsnType): Uint8Array {
  if (block instanceof asn1js.Constructed) {
    return join(block.valueBlock.value.map((part) => octets(part)));
  }
  const view = (block as { valueBlock?: { valueHexView?: Uint8Array } }).valueBlock?.valueHexView;
  if (!view) throw damaged(WHAT);
  return new Uint8Array(view);
}

function join(parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}

function encodingOf(block: asn1js.AsnType): Uint8Array {
  return new Uint8Array(block.valueBeforeDecodeView);
}
