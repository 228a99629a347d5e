import { createHash, type KeyObject, verify, type X509Certificate } from 'node:crypto';
import { SignetError } from '../../errors';
import { checkCodeSigningCertificate, orderChain } from './code-signing-certificate';
import type { CodeSigningKey } from './code-signing-key';
import { openTokenModule, type TokenModule, type TokenSlot, tokenError } from './pkcs11-module';
import {
  attribute,
  certificatesOn,
  closeSession,
  findObjects,
  openSession,
  type TokenCertificate,
} from './token-objects';
import type { TokenPointer } from './token-pointer';

/** What the keystore knows of the token key: where it is, and the certificate the person added. */
export interface TokenKeyRecord {
  pointer: TokenPointer;
  /** The certificate's SHA-256 thumbprint, upper-case hex, as the record keeps it. */
  fingerprint: string;
  name: string;
}

/**
 * A CodeSigningKey over a PKCS#11 token: logs in with `pin`, and before anything is signed checks
 * that the token still holds the certificate the person added, that the certificate is for code
 * signing and valid at `now`, and that the token's private key is that certificate's key. Each
 * signature is made on the token (RSA PKCS#1 v1.5 with SHA-256; ECDSA over a SHA-256 hash); the
 * PIN stays in memory only for keys that ask for it at every signature, and close() logs out.
 */
export async function openTokenKey(record: TokenKeyRecord, pin: string, now: Date): Promise<CodeSigningKey> {
  const module = await openTokenModule(record.pointer.module);
  let session: Buffer | undefined;
  try {
    const slot = findToken(module.tokens(), record);
    session = openSession(module, slot.slot);
    const { ck } = module;
    const added = (c: TokenCertificate) =>
      c.id.toString('hex') === record.pointer.objectId && thumbprint(c.cert) === record.fingerprint;
    // Certificates are public objects on most tokens: checked before the PIN is tried, so an
    // expired certificate costs no PIN attempt. A token that shows them only after login is asked again.
    let certificates = certificatesOn(module, session);
    let loggedIn = false;
    if (!certificates.some(added)) {
      login(module, session, pin);
      loggedIn = true;
      certificates = certificatesOn(module, session);
    }
    const leaf = certificates.find(added);
    if (!leaf) {
      throw new SignetError(
        'usage',
        `The token "${slot.tokenLabel}" no longer holds the certificate you added as "${record.name}". Nothing was signed.`,
      );
    }
    checkCodeSigningCertificate(new Uint8Array(leaf.cert.raw), now);
    if (!loggedIn) login(module, session, pin);
    const [privateKey] = findObjects(module, session, [
      { type: ck.CKA_CLASS, value: ck.CKO_PRIVATE_KEY },
      { type: ck.CKA_ID, value: leaf.id },
    ]);
    if (!privateKey) {
      throw new SignetError(
        'usage',
        `The token holds the certificate "${record.name}" but no private key beside it. Nothing was signed.`,
      );
    }
    const publicKey = leaf.cert.publicKey;
    const algorithm = algorithmOf(publicKey);
    const signer = tokenSigner(module, session, privateKey, publicKey, algorithm, pin);
    await checkKeyMatches(module, session, privateKey, leaf.id, publicKey, signer);
    const chain = orderChain(
      leaf.cert,
      certificates.map((c) => c.cert),
    ).map((c) => new Uint8Array(c.raw));
    const opened = session;
    let closed = false;
    return {
      chain,
      algorithm,
      sign: (data) => {
        if (closed) return Promise.reject(new SignetError('usage', 'The token key was already put away.'));
        return signer(data);
      },
      async close() {
        if (closed) return;
        closed = true;
        try {
          module.lib.C_Logout(opened);
        } catch {
          // Logged out already (the token was pulled out).
        }
        closeSession(module, opened);
        module.close();
      },
    };
  } catch (error) {
    if (session) closeSession(module, session);
    module.close();
    throw tokenError(error, 'sign');
  }
}

function findToken(tokens: readonly TokenSlot[], record: TokenKeyRecord): TokenSlot {
  const { serial, tokenLabel } = record.pointer.token;
  const found = tokens.find((t) => t.serial === serial && t.tokenLabel === tokenLabel);
  if (!found) {
    throw new SignetError(
      'usage',
      `The token "${tokenLabel}" (serial ${serial}) that holds "${record.name}" is not there: plug it in and try again.`,
    );
  }
  return found;
}

function login(module: TokenModule, session: Buffer, pin: string): void {
  try {
    module.lib.C_Login(session, module.ck.CKU_USER, pin);
  } catch (error) {
    if (/^CKR_USER_ALREADY_LOGGED_IN/.test((error as Error).message)) return;
    throw tokenError(error, 'log in');
  }
}

export const thumbprint = (cert: X509Certificate) =>
  createHash('sha256').update(cert.raw).digest('hex').toUpperCase();

function algorithmOf(publicKey: KeyObject): 'rsa' | 'ecdsa' {
  if (publicKey.asymmetricKeyType === 'rsa') return 'rsa';
  if (publicKey.asymmetricKeyType === 'ec') return 'ecdsa';
  throw new SignetError(
    'usage',
    'The certificate’s key is neither RSA nor ECDSA, which Authenticode needs. Nothing was signed.',
  );
}

type Signer = (data: Uint8Array) => Promise<Uint8Array>;

function tokenSigner(
  module: TokenModule,
  session: Buffer,
  privateKey: Buffer,
  publicKey: KeyObject,
  algorithm: 'rsa' | 'ecdsa',
  pin: string,
): Signer {
  const { ck, lib } = module;
  // Keys that ask for the PIN at every signature (a PIV signing slot) log in once more each time;
  // only those keep the PIN for the job.
  const again =
    attribute(module, session, privateKey, ck.CKA_ALWAYS_AUTHENTICATE)?.[0] === 1 ? pin : undefined;
  const size = (publicKey.asymmetricKeyDetails?.modulusLength ?? 521) / 8 + 16;
  const signOnce = async (data: Uint8Array) => {
    try {
      if (algorithm === 'rsa') {
        lib.C_SignInit(session, { mechanism: ck.CKM_SHA256_RSA_PKCS }, privateKey);
        if (again !== undefined) lib.C_Login(session, ck.CKU_CONTEXT_SPECIFIC, again);
        return new Uint8Array(
          await lib.C_SignAsync(session, Buffer.from(data), Buffer.alloc(Math.ceil(size))),
        );
      }
      const digest = createHash('sha256').update(data).digest();
      lib.C_SignInit(session, { mechanism: ck.CKM_ECDSA }, privateKey);
      if (again !== undefined) lib.C_Login(session, ck.CKU_CONTEXT_SPECIFIC, again);
      const raw = await lib.C_SignAsync(session, digest, Buffer.alloc(160));
      return ecdsaDer(raw);
    } catch (error) {
      throw tokenError(error, 'sign');
    }
  };
  // One operation at a time on the session: a second C_SignInit before the first C_Sign ends fails.
  let queue: Promise<unknown> = Promise.resolve();
  return (data) => {
    const next = queue.then(
      () => signOnce(data),
      () => signOnce(data),
    );
    queue = next.catch(() => undefined);
    return next;
  };
}

/**
 * Whether the token's private key is the certificate's: the public halves compared where the
 * token shows them (an RSA key's modulus and exponent, an EC key's public point), else a test
 * signature checked against the certificate.
 */
async function checkKeyMatches(
  module: TokenModule,
  session: Buffer,
  privateKey: Buffer,
  id: Buffer,
  publicKey: KeyObject,
  signer: Signer,
): Promise<void> {
  const { ck } = module;
  const jwk = publicKey.export({ format: 'jwk' });
  const keyType = attribute(module, session, privateKey, ck.CKA_KEY_TYPE)?.readUIntLE(0, 4);
  let same: boolean | undefined;
  // An RSA key beside an EC certificate, or the other way round.
  if (keyType !== undefined && keyType !== (jwk.kty === 'RSA' ? ck.CKK_RSA : ck.CKK_EC)) same = false;
  else if (jwk.kty === 'RSA') {
    const n = attribute(module, session, privateKey, ck.CKA_MODULUS);
    const e = attribute(module, session, privateKey, ck.CKA_PUBLIC_EXPONENT);
    if (n && e) same = unsignedB64(n) === jwk.n && unsignedB64(e) === jwk.e;
  } else {
    const [publicObject] = findObjects(module, session, [
      { type: ck.CKA_CLASS, value: ck.CKO_PUBLIC_KEY },
      { type: ck.CKA_ID, value: id },
    ]);
    const point = publicObject && attribute(module, session, publicObject, ck.CKA_EC_POINT);
    if (point && jwk.x && jwk.y) {
      const expected = Buffer.concat([Buffer.from([4]), b64(jwk.x), b64(jwk.y)]);
      // The point is a DER OCTET STRING by the standard; some modules give it bare.
      same = point.equals(expected) || point.subarray(point.length - expected.length).equals(expected);
    }
  }
  if (same === undefined) {
    const challenge = createHash('sha256').update('Signet token key check').digest();
    const signature = await signer(challenge);
    same = verify('sha256', challenge, publicKey, signature);
  }
  if (!same) {
    throw new SignetError(
      'usage',
      'The private key on the token does not match its certificate. Nothing was signed.',
    );
  }
}

const b64 = (text: string) => Buffer.from(text, 'base64url');

function unsignedB64(bytes: Buffer): string {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  return bytes.subarray(start).toString('base64url');
}

/** A token's raw ECDSA signature (r ‖ s, each the curve's size) as a DER ECDSA-Sig-Value. */
function ecdsaDer(raw: Uint8Array): Uint8Array {
  if (raw.length === 0 || raw.length % 2 !== 0) {
    throw new SignetError('io', 'The token returned a signature of the wrong size.');
  }
  const half = raw.length / 2;
  const integer = (bytes: Uint8Array) => {
    let start = 0;
    while (start < bytes.length - 1 && bytes[start] === 0) start++;
    const body = bytes.subarray(start);
    const padded = body[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), body]) : Buffer.from(body);
    return Buffer.concat([Buffer.from([0x02, padded.length]), padded]);
  };
  const content = Buffer.concat([integer(raw.subarray(0, half)), integer(raw.subarray(half))]);
  const length = content.length < 0x80 ? Buffer.from([content.length]) : Buffer.from([0x81, content.length]);
  return new Uint8Array(Buffer.concat([Buffer.from([0x30]), length, content]));
}
