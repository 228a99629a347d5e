import type { FormatId } from './format-module';

/**
 * The format a keyless signing job writes (bundles beside the files), in a file of its own so the
 * CLI can start reading a large file before the Sigstore libraries behind sigstore-signing.ts load.
 */
export const KEYLESS_FORMAT: FormatId = 'sigstore';
