import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { FormatError } from '../../errors';
import { sigstoreEntrySchema } from './trust-entry';

/** "sigstore:" and 16 hex digits of SHA-256(identity NUL issuer): short, stable, not a secret. */
export function sigstoreIdentityKeyId(identity: string, issuer: string): string {
  const digest = createHash('sha256').update(`${identity}\u0000${issuer}`).digest('hex');
  return `sigstore:${digest.slice(0, 16)}`;
}

/** The stored entry for an identity the person trusts. */
export function sigstoreIdentityEntry(input: {
  identity: string;
  issuer: string;
  name: string;
  note?: string;
  addedAt: string;
}): z.infer<typeof sigstoreEntrySchema> {
  const parsed = sigstoreEntrySchema.safeParse({
    kind: 'sigstore',
    keyId: sigstoreIdentityKeyId(input.identity, input.issuer),
    identity: input.identity,
    issuer: input.issuer,
    name: input.name,
    ...(input.note ? { note: input.note } : {}),
    addedAt: input.addedAt,
  });
  if (!parsed.success) {
    throw new FormatError('An identity and an issuer are each 1 to 2048 characters, and a name 1 to 200.');
  }
  return parsed.data;
}
