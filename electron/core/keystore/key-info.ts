import type { KeyInfo } from '../../../shared/domain';
import { parseMinisignPublicKey } from '../formats/minisign-public-keys';
import { KEY_METADATA_FORMAT } from './key-record-format';
import { quickKeyRecord } from './key-record-quick';

/** One key in the keystore, as the app lists it (the IPC contract's type). Holds nothing secret. */
export type { KeyInfo };

/**
 * Parses a metadata file; undefined when it is damaged or does not describe the key it claims to.
 * A plain record is read without zod (key-record-quick.ts), so listing keys, which every check in
 * the terminal does to know the person's own keys, never loads the schema library; the schema
 * (key-record-schema.ts) reads the rest: version 1 records and anything the quick reader refuses.
 */
export async function parseKeyMetadata(text: string): Promise<KeyInfo | undefined> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const fields = quickKeyRecord(json) ?? (await import('./key-record-schema')).schemaKeyRecord(json);
  if (!fields) return undefined;
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
