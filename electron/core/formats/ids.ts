/**
 * The names every layer shares, with no imports of their own but the shared hash names: the policy
 * names hashes and kinds, and format modules name the policy, so these live apart from both.
 */
export type FormatId = 'minisign' | 'signify' | 'ssh' | 'openpgp' | 'authenticode' | 'sigstore';

/** Hash functions a signature may name; the policy decides which are acceptable for what. */
export type { HashName } from '../../../shared/hash-label';
