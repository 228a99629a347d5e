import { z } from 'zod';
import type { KeyInfo } from '../../../shared/domain';
import { isKeyId, parseMinisignPublicKey } from '../formats/minisign-public-keys';

/** One key in the keystore, as the app lists it (the IPC contract's type). Holds nothing secret. */
export type { KeyInfo };

const KEY_METADATA_FORMAT = 'signet-key-metadata';

/** An armored OpenPGP certificate with a few User IDs, or a PEM chain of a few certificates. */
const PUBLIC_KEY_MAX_CHARS = 48 * 1024;

/**
 * Built on first use, not when the CLI bundle loads: a command such as `signet verify` reaches this
 * module through imports but never reads a keystore record, and zod schemas cost time to build.
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
    // PKCS#11 gives each of these 32 or 64 characters (CK_TOKEN_INFO).
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

/** Parses a metadata file; undefined when it is damaged or does not describe the key it claims to. */
export function parseKeyMetadata(text: string): KeyInfo | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  metadataSchema ??= buildMetadataSchema();
  const result = metadataSchema.safeParse(json);
  if (!result.success) return undefined;
  const { format: _format, version: _version, ...fields } = result.data;
  const info: KeyInfo = { kind: 'minisign', ...fields };
  return info.id === info.keyId && describesItsKey(info) ? info : undefined;
}

/**
 * Whether a record's public half and ids agree, checked cheaply (listing keys never loads a
 * format's code): the kind's module checks the key file against the record when it is used.
 */
function describesItsKey(info: KeyInfo): boolean {
  switch (info.kind) {
    case 'minisign':
      try {
        return parseMinisignPublicKey(info.publicKey).keyId === info.keyId && !info.fingerprint;
      } catch {
        return false;
      }
    case 'openpgp':
      return (
        info.fingerprint?.length === 40 &&
        info.fingerprint.endsWith(info.keyId) &&
        info.publicKey.startsWith('-----BEGIN PGP PUBLIC KEY BLOCK-----')
      );
    case 'x509':
      return (
        info.fingerprint?.length === 64 &&
        info.fingerprint.startsWith(info.keyId) &&
        info.publicKey.startsWith('-----BEGIN CERTIFICATE-----')
      );
  }
}

/** A record as written: always the current version, whatever version it was read from. */
export function formatKeyMetadata(info: KeyInfo): string {
  return `${JSON.stringify({ format: KEY_METADATA_FORMAT, version: 2, ...info }, null, 2)}\n`;
}
