/** What every key record says it is (its `format`). */
export const KEY_METADATA_FORMAT = 'signet-key-metadata';

/** An armored OpenPGP certificate with a few User IDs, or a PEM chain of a few certificates. */
export const PUBLIC_KEY_MAX_CHARS = 48 * 1024;
