import { createHash, X509Certificate } from 'node:crypto';
import { z } from 'zod';
import { FormatError } from '../../errors';
import { entryBaseSchema } from '../common/trust-entry-base';

/**
 * A SHA-256 thumbprint as admins write it: plain hex, or colon-separated and in upper case as
 * `openssl x509 -fingerprint -sha256` prints it. Held as Signet writes it (lower-case hex).
 */
const sha256Hex = z
  .string()
  .regex(/^(?:[0-9A-Fa-f]{64}|[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){31})$/, 'must be a SHA-256 thumbprint')
  .transform((hex) => hex.replace(/:/g, '').toLowerCase());

/**
 * A publisher in a trust list, named by its certificate: by SHA-256 thumbprint (the way to trust a
 * self-signed publisher), or by subject plus the SHA-256 of the root its chain must end at (survives
 * the yearly certificate renewal). `subject` is the certificate subject as Node prints it, one
 * KEY=value per line.
 */
export const storedPublisherSchema = entryBaseSchema
  .extend({
    kind: z.literal('x509'),
    /** The thumbprint for a pin; any id the list's author chose for a subject-plus-root entry. */
    keyId: z.string().min(1).max(120),
    thumbprintSha256: sha256Hex.optional(),
    subject: z.string().min(1).max(2000).optional(),
    rootSha256: sha256Hex.optional(),
    /** The pinned certificate itself (PEM), kept so the trust list can show whom it names; never used to match. */
    certificate: z.string().max(64_000).optional(),
  })
  .refine(
    (e) => e.thumbprintSha256 !== undefined || (e.subject !== undefined && e.rootSha256 !== undefined),
    {
      message: 'a publisher needs a thumbprint, or a subject and a root',
    },
  );

export type StoredPublisher = z.infer<typeof storedPublisherSchema>;
export type TrustedPublisher = StoredPublisher & { source: 'user' | 'managed' };

/** Lower-case hex SHA-256 of a certificate's DER: how Signet writes thumbprints. */
export function thumbprintOf(der: Uint8Array): string {
  return createHash('sha256').update(der).digest('hex');
}

/** The entry `signet trust add --publisher-cert CERT.pem --name NAME` writes: a thumbprint pin. */
export function publisherPinFor(pemOrDer: Uint8Array | string, name: string, addedAt: Date): StoredPublisher {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(typeof pemOrDer === 'string' ? pemOrDer : Buffer.from(pemOrDer));
  } catch {
    throw new FormatError('That is not a certificate Signet can read (PEM or DER expected).');
  }
  const thumbprintSha256 = thumbprintOf(cert.raw);
  return {
    kind: 'x509',
    keyId: thumbprintSha256,
    name,
    thumbprintSha256,
    certificate: cert.toString(),
    addedAt: addedAt.toISOString(),
  };
}
