import type { VerifyResult } from '../../../shared/verdict';
import { type FormatRows, sortDetails } from './detail-rows';

/**
 * Sigstore: identity and issuer as the certificate states them (the headline's name is the trust
 * list's entry), when the public log recorded it; log index and trust root for experts.
 */
export function sigstoreRows(result: VerifyResult): FormatRows {
  // The id main gives a verified keyless verdict is the trust entry's, not a key: not an expert fact.
  const rows = sortDetails(result.details, {
    'Identity (as the certificate states it)': { group: 'staff', look: 'mono', copy: true },
    'OIDC issuer (as the certificate states it)': {
      group: 'staff',
      term: 'Identity vouched for by (as the certificate states it)',
      look: 'mono',
    },
    'Logged at': result.signedAt
      ? { group: 'hide' }
      : { group: 'staff', term: 'Recorded in the public log at', look: 'time' },
    'Transparency log index': { group: 'expert', look: 'mono' },
    'Time stamp': { group: 'expert', term: 'Time stamp', look: 'time' },
    'Trust root': { group: 'expert', term: 'Trust root used' },
    'Trust root age': { group: 'expert', term: 'Trust root date' },
  });
  return { ...rows, showsKeyId: true };
}
