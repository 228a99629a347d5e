import { z } from 'zod';
import { isKeyId } from '../formats/minisign-public-keys';
import { KEY_METADATA_FORMAT, PUBLIC_KEY_MAX_CHARS } from './key-record-format';
import type { KeyRecordFields } from './key-record-quick';

/**
 * Built on first use, not when the module loads: zod schemas cost time to build.
 */
function buildMetadataSchema() {
  const keyIdSchema = z.string().refine(isKeyId, 'not a key id');
  const upperHex = (length: number) => z.string().regex(new RegExp(`^[0-9A-F]{${length}}$`));

  const commonFields = {
    format: z.literal(KEY_METADATA_FORMAT),
    id: keyIdSchema,
    name: z.string().min(1).max(100),
    keyId: keyIdSchema,
    createdAt: z.iso.datetime(),
    /** When the encrypted key was last exported through a backup; absent until the first one. */
    backedUpAt: z.iso.datetime().optional(),
    /** Retired in favour of another key (a signed transition statement announced it). */
    retired: z
      .strictObject({
        at: z.iso.datetime(),
        successorKeyId: keyIdSchema,
        reason: z.string().max(500).optional(),
      })
      .optional(),
  };

  /** Version 1: minisign keys only, before the keystore held other kinds. */
  const version1Schema = z.strictObject({
    ...commonFields,
    version: z.literal(1),
    publicKey: z.string().max(100),
  });

  const version2Schema = z.strictObject({
    ...commonFields,
    version: z.literal(2),
    kind: z.enum(['minisign', 'openpgp', 'x509']),
    publicKey: z.string().min(1).max(PUBLIC_KEY_MAX_CHARS),
    fingerprint: z.union([upperHex(40), upperHex(64)]).optional(),
    label: z.string().min(1).max(1024).optional(),
    expiresAt: z.iso.datetime().optional(),
    location: z.enum(['keystore', 'token']).optional(),
    // PKCS#11 gives each of these 32 or 64 characters (CK_TOKEN_INFO). Not known to the quick
    // reader (key-record-quick.ts), so a token key's record is read here.
    token: z
      .strictObject({
        label: z.string().min(1).max(64).optional(),
        manufacturer: z.string().min(1).max(64).optional(),
        model: z.string().min(1).max(64).optional(),
      })
      .optional(),
  });

  return z.discriminatedUnion('version', [version1Schema, version2Schema]);
}

let metadataSchema: ReturnType<typeof buildMetadataSchema> | undefined;

/**
 * A record's fields as the schema reads them (without `format` and `version`), or undefined when
 * it does not fit. The checks that the record describes its own key are key-info.ts's.
 */
export function schemaKeyRecord(json: unknown): KeyRecordFields | undefined {
  metadataSchema ??= buildMetadataSchema();
  const result = metadataSchema.safeParse(json);
  if (!result.success) return undefined;
  const { format: _format, version: _version, ...fields } = result.data;
  return fields;
}
