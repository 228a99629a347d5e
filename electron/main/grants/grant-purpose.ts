import type { FilePurpose } from '../../../shared/ipc/contract';

/**
 * Why a file was handed over, and so what it may be used for:
 * - `check`: verified, or compared with a pasted checksum;
 * - `sign`: signed (its signature written beside it);
 * - `signature`: the signature or signed list the person chose for a check;
 * - `add-signer`: a public key or certificate to trust;
 * - `import-key`: a secret key to import (read by the import alone, never shown back);
 * - `release-list`: a checksum list Signet wrote in this run, for the release kit.
 */
export type GrantPurpose = 'check' | 'sign' | 'signature' | 'add-signer' | 'import-key' | 'release-list';

/**
 * How a file came to be granted. Drops and "Open with" carry no purpose of their own, so they may
 * be checked, signed, or trusted as a key, never imported as a secret key nor made into a kit; a
 * file chosen in main's dialog serves what the dialog was opened for.
 */
export type GrantSource =
  | 'dropped'
  | 'opened'
  | 'downloaded'
  | 'written'
  | 'written-list'
  | { chosen: FilePurpose };

const HANDED_OVER: readonly GrantPurpose[] = ['check', 'sign', 'signature', 'add-signer'];

const CHOSEN: Record<FilePurpose, readonly GrantPurpose[]> = {
  verify: ['check'],
  sign: ['sign'],
  signature: ['signature'],
  'public-key': ['add-signer'],
  certificate: ['add-signer'],
  'secret-key': ['import-key'],
  'release-kit': [],
  // Main loads the module it chose itself; the path is never granted to the page.
  'token-module': [],
  'key-transition': [],
};

export function purposesOf(source: GrantSource): readonly GrantPurpose[] {
  if (typeof source === 'object') return CHOSEN[source.chosen] ?? [];
  switch (source) {
    case 'dropped':
    case 'opened':
      return HANDED_OVER;
    case 'downloaded':
      return ['check'];
    case 'written':
      return ['check', 'signature'];
    case 'written-list':
      return ['check', 'signature', 'release-list'];
  }
}
