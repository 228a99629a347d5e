import { z } from 'zod';
import type { KeyInfo } from '../../../shared/domain';
import { isKeyId, parseMinisignPublicKey } from '../formats/minisign-public-keys';

/** One key in the keystore, as the app lists it (the IPC contract's type). Holds nothing secret. */
export type { KeyInfo };

const KEY_METADATA_FORMAT = 'signet-key-metadata';

const keyIdSchema = z.string().refine(isKeyId, 'not a key id');

const metadataSchema = z.object({
  format: z.literal(KEY_METADATA_FORMAT),
  version: z.literal(1),
  id: keyIdSchema,
  name: z.string().min(1).max(100),
  keyId: keyIdSchema,
  createdAt: z.iso.datetime(),
  publicKey: z.string().max(100),
  /** When the encrypted key was last exported through a backup; absent until the first one. */
  backedUpAt: z.iso.datetime().optional(),
  /** Retired in favour of another key (a signed transition statement announced it). */
  retired: z
    .object({
      at: z.iso.datetime(),
      successorKeyId: keyIdSchema,
      reason: z.string().max(500).optional(),
    })
    .optional(),
});

/** Parses a metadata file; undefined when it is damaged or does not describe the key it claims to. */
export function parseKeyMetadata(text: string): KeyInfo | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const result = metadataSchema.safeParse(json);
  if (!result.success) return undefined;
  const { id, name, keyId, createdAt, publicKey, backedUpAt, retired } = result.data;
  if (id !== keyId) return undefined;
  try {
    if (parseMinisignPublicKey(publicKey).keyId !== keyId) return undefined;
  } catch {
    return undefined;
  }
  return {
    id,
    name,
    keyId,
    createdAt,
    publicKey,
    ...(backedUpAt ? { backedUpAt } : {}),
    ...(retired ? { retired } : {}),
  };
}

export function formatKeyMetadata(info: KeyInfo): string {
  return `${JSON.stringify({ format: KEY_METADATA_FORMAT, version: 1, ...info }, null, 2)}\n`;
}
