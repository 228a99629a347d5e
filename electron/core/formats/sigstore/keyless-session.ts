import { createPublicKey } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import { type Bundle, bundleToJSON, toMessageSignatureBundle } from '@sigstore/bundle';
import { RFC3161Timestamp, X509Certificate } from '@sigstore/core';
import { FulcioSigner, InternalError, RekorWitness, TSAWitness, type Witness } from '@sigstore/sign';
import { SignetError } from '../../errors';
import type { TokenIdentity } from './identity-token';
import type { SigningServices } from './signing-config';
import type { LoadedTrustedRoot } from './trusted-root';

/**
 * One keyless signing: a P-256 key that lives only in this object's memory, the Fulcio certificate
 * that binds it to the person's identity for a few minutes, and the services that witness each
 * signature. Several files share the one login and the one certificate.
 */
export interface KeylessSession {
  readonly identity: string;
  readonly issuer: string;
  readonly services: SigningServices;
  readonly trustedRoot: LoadedTrustedRoot;
  /** The Fulcio certificate (DER) all signatures of this session carry. */
  readonly certificate: Uint8Array;
  readonly certificateNotAfter: Date;
  /** A bundle v0.3 (message signature over the SHA-256 digest, log entry, timestamp) as JSON text. */
  signDigest(sha256: Uint8Array): Promise<{ json: string; logIndex: string }>;
  /** Drops the private key; the session signs nothing more. */
  forget(): void;
}

export interface KeylessSessionOptions {
  token: string;
  /** What readIdentityToken read from the token, as the person was shown it and agreed to. */
  signer: TokenIdentity;
  services: SigningServices;
  trustedRoot: LoadedTrustedRoot;
  now: () => Date;
  /** Per request; tests shorten it. */
  timeoutMs?: number;
  retries?: number;
}

/** How far this computer's clock may be from the services' before Signet refuses to sign. */
const CLOCK_TOLERANCE_MS = 5 * 60_000;
const NOTHING = 'Nothing was signed.';

/**
 * Makes the key and asks Fulcio for its certificate (the only time the token is sent). Refuses,
 * with nothing signed, a certificate for anyone but the person who logged in, or one whose
 * validity this computer's clock does not fall in.
 */
export async function startKeylessSession(options: KeylessSessionOptions): Promise<KeylessSession> {
  const { services } = options;
  // The private key is only these bytes, never an OpenSSL key object: forget() can wipe them.
  let secret: Uint8Array | undefined = p256.utils.randomSecretKey();
  const publicPem = publicKeyPem(secret);
  const signWith = (message: Uint8Array, prehash: boolean) => {
    if (!secret) throw new SignetError('usage', `The signing key of this login is gone. ${NOTHING}`);
    return Buffer.from(p256.sign(message, secret, { prehash, format: 'der' }));
  };
  const fetchOptions = { timeout: options.timeoutMs ?? 20_000, retry: { retries: options.retries ?? 2 } };
  const fulcio = new FulcioSigner({
    fulcioBaseURL: services.fulcioUrl,
    identityProvider: { getToken: async () => options.token },
    // Fulcio's proof of possession: the key signs the token's subject.
    keyHolder: {
      sign: async (data: Buffer) => ({
        signature: signWith(data, true),
        key: { $case: 'publicKey', publicKey: publicPem },
      }),
    },
    ...fetchOptions,
  });
  let certificatePem: string;
  try {
    const issued = await fulcio.sign(Buffer.alloc(0));
    if (issued.key.$case !== 'x509Certificate') throw new Error('no certificate in the answer');
    certificatePem = issued.key.certificate;
  } catch (error) {
    throw serviceError(error, services);
  }
  const certificate = parseCertificate(certificatePem, services);
  checkCertificate(certificate, publicPem, options);
  const witnesses: Witness[] = [
    new RekorWitness({
      rekorBaseURL: services.rekorUrl,
      majorApiVersion: services.rekorMajorApiVersion,
      ...fetchOptions,
    }),
  ];
  if (services.tsaUrl) witnesses.push(new TSAWitness({ tsaBaseURL: services.tsaUrl, ...fetchOptions }));
  return {
    identity: options.signer.identity,
    issuer: options.signer.issuer,
    services,
    trustedRoot: options.trustedRoot,
    certificate: new Uint8Array(certificateDer(certificatePem)),
    certificateNotAfter: certificate.notAfter,
    async signDigest(sha256) {
      if (options.now() > certificate.notAfter) {
        throw new SignetError(
          'usage',
          `The certificate from this login has expired; sign in again. ${NOTHING}`,
        );
      }
      // Over the digest the one read produced: the file is never read again nor held.
      const signature = signWith(sha256, false);
      const bundle: Bundle = toMessageSignatureBundle({
        digest: Buffer.from(sha256),
        signature,
        certificate: certificateDer(certificatePem),
        certificateChain: false,
      });
      const proofs = await Promise.all(
        witnesses.map((witness) =>
          witness.testify(bundle.content, certificatePem).catch((error: unknown) => {
            throw serviceError(error, services);
          }),
        ),
      );
      bundle.verificationMaterial.tlogEntries = proofs.flatMap((p) => p.tlogEntries ?? []);
      bundle.verificationMaterial.timestampVerificationData = {
        rfc3161Timestamps: proofs.flatMap((p) => p.rfc3161Timestamps ?? []),
      };
      const entry = bundle.verificationMaterial.tlogEntries[0];
      if (!entry)
        throw new SignetError(
          'io',
          `The transparency log at ${services.rekorUrl} recorded nothing. ${NOTHING}`,
        );
      checkLogTime(Number(entry.integratedTime) * 1000, options.now(), services);
      for (const stamp of bundle.verificationMaterial.timestampVerificationData.rfc3161Timestamps) {
        checkTimestamp(stamp.signedTimestamp, signature, services);
      }
      return { json: `${JSON.stringify(bundleToJSON(bundle), null, 2)}\n`, logIndex: entry.logIndex };
    },
    forget() {
      secret?.fill(0);
      secret = undefined;
    },
  };
}

/** The public half as SPKI PEM, for Fulcio: the P-256 SubjectPublicKeyInfo header, then the point. */
function publicKeyPem(secret: Uint8Array): string {
  const header = Buffer.from('3059301306072a8648ce3d020106082a8648ce3d030107034200', 'hex');
  const der = Buffer.concat([header, p256.getPublicKey(secret, false)]);
  return createPublicKey({ key: der, format: 'der', type: 'spki' })
    .export({ format: 'pem', type: 'spki' })
    .toString();
}

const certificateDer = (pem: string) => Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');

function parseCertificate(pem: string, services: SigningServices): X509Certificate {
  try {
    return X509Certificate.parse(certificateDer(pem));
  } catch {
    throw new SignetError(
      'io',
      `The certificate authority at ${services.fulcioUrl} answered with something that is not a certificate. ${NOTHING}`,
    );
  }
}

function checkCertificate(
  certificate: X509Certificate,
  publicPem: string,
  options: KeylessSessionOptions,
): void {
  const { fulcioUrl } = options.services;
  const ours = createPublicKey(publicPem).export({ format: 'der', type: 'spki' });
  if (!Buffer.from(certificate.publicKey).equals(ours)) {
    throw new SignetError(
      'io',
      `The certificate authority at ${fulcioUrl} certified another key. ${NOTHING}`,
    );
  }
  const names = subjectNames(certificate);
  if (!names.includes(options.signer.identity)) {
    throw new SignetError(
      'io',
      `The certificate authority at ${fulcioUrl} certified ${names.join(', ') || 'no one'}, not ${options.signer.identity} who signed in. ${NOTHING}`,
    );
  }
  const now = options.now().getTime();
  if (now < certificate.notBefore.getTime() - CLOCK_TOLERANCE_MS || now > certificate.notAfter.getTime()) {
    throw clockError(certificate.notBefore.getTime(), options.now(), fulcioUrl);
  }
}

function subjectNames(certificate: X509Certificate): string[] {
  const san = certificate.extSubjectAltName;
  return [san?.rfc822Name, san?.uri].filter((n): n is string => typeof n === 'string');
}

function checkLogTime(loggedMs: number, now: Date, services: SigningServices): void {
  if (Math.abs(loggedMs - now.getTime()) > CLOCK_TOLERANCE_MS)
    throw clockError(loggedMs, now, services.rekorUrl);
}

const clockError = (serviceMs: number, now: Date, url: string) =>
  new SignetError(
    'usage',
    `This computer's clock (${now.toISOString()}) is far from the time at ${url} (${new Date(serviceMs).toISOString()}); set the clock right and sign again. ${NOTHING}`,
  );

/** A timestamp authority's answer must be a timestamp over this signature, or the bundle is not written. */
function checkTimestamp(token: Uint8Array, signature: Buffer, services: SigningServices): void {
  try {
    RFC3161Timestamp.parse(Buffer.from(token)).tstInfo.verify(signature);
  } catch {
    throw new SignetError(
      'io',
      `The timestamp authority at ${services.tsaUrl} answered with something that is not a timestamp of this signature. ${NOTHING}`,
    );
  }
}

/** The library's failures, said as which service refused or could not be reached. */
function serviceError(error: unknown, services: SigningServices): SignetError {
  if (error instanceof SignetError) return error;
  const code = error instanceof InternalError ? error.code : undefined;
  const cause = error instanceof InternalError ? error.cause : error;
  const detail = causeText(cause);
  switch (code) {
    case 'CA_CREATE_SIGNING_CERTIFICATE_ERROR':
      return new SignetError(
        'io',
        `The certificate authority at ${services.fulcioUrl} did not certify your key (${detail}). ${NOTHING}`,
      );
    case 'TLOG_CREATE_ENTRY_ERROR':
    case 'TLOG_FETCH_ENTRY_ERROR':
      return new SignetError(
        'io',
        `The transparency log at ${services.rekorUrl} did not record the signature (${detail}). ${NOTHING}`,
      );
    case 'TSA_CREATE_TIMESTAMP_ERROR':
      return new SignetError(
        'io',
        `The timestamp authority at ${services.tsaUrl} did not timestamp the signature (${detail}). ${NOTHING}`,
      );
    default:
      return new SignetError('io', `Signing with Sigstore failed (${detail}). ${NOTHING}`);
  }
}

function causeText(cause: unknown): string {
  if (!(cause instanceof Error)) return 'no answer';
  const status = (cause as { statusCode?: unknown }).statusCode;
  const code = (cause as { code?: unknown }).code;
  if (typeof status === 'number') return `it answered ${status}`;
  if (code === 'ECONNREFUSED' || code === 'ECONNRESET') return 'it could not be reached';
  if (code === 'ETIMEDOUT' || code === 'FETCH_ERROR' || /timeout/i.test(cause.message))
    return 'it did not answer in time';
  return cause.message.slice(0, 200);
}
