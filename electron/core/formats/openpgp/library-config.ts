import { config as defaults, type PartialConfig } from 'openpgp';

/**
 * openpgp.js settings for reading and for the maths only. Every accept/refuse question (hash,
 * key size, algorithm, dates) goes to VerifyPolicy instead, so the library's own refusal lists are
 * emptied: otherwise a SHA-1 signature would fail as "bad" when it should be "refused".
 */
export const LIBRARY_CONFIG: PartialConfig = {
  enableParsingV5Entities: true,
  ignoreUnsupportedPackets: true,
  ignoreMalformedPackets: false,
  rejectHashAlgorithms: new Set(),
  rejectMessageHashAlgorithms: new Set(),
  rejectPublicKeyAlgorithms: new Set(),
  rejectCurves: new Set(),
  minRSABits: 0,
};

/** The same as a full config object, for the packet-level calls that want every field. */
export const FULL_LIBRARY_CONFIG = { ...defaults, ...LIBRARY_CONFIG } as typeof defaults;
