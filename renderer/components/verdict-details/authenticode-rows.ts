import type { VerifyResult } from '../../../shared/verdict';
import { type FormatRows, sortDetails } from './detail-rows';

/**
 * Authenticode: the chain as names, that revocation was not checked, the program name as the
 * publisher's own claim; thumbprint and other signatures for experts. Who confirmed the name and
 * the signing time (and whether a timestamp proves it) are shared rows.
 */
export function authenticodeRows(result: VerifyResult): FormatRows {
  const rows = sortDetails(result.details, {
    'The certificate says (not confirmed)': { group: 'staff' },
    // The chain comes as names in issuerChain; the core's own line of it would repeat it.
    'Certificate chain': result.issuerChain?.length ? { group: 'hide' } : { group: 'staff' },
    Revocation: { group: 'staff', term: 'Revocation' },
    'Program name (the publisher’s own claim)': { group: 'staff' },
    'Web address (the publisher’s own claim)': { group: 'staff' },
    'Certificate thumbprint (SHA-256)': { group: 'expert', look: 'mono', copy: true },
    Timestamp: { group: 'expert' },
    'Nested signature': { group: 'expert' },
    'Another signature': { group: 'expert' },
  });
  if (result.issuerChain?.length) {
    rows.staff.unshift({ term: 'Certificate chain', value: result.issuerChain.join(' ← ') });
  }
  return { ...rows, showsKeyId: rows.expert.some((r) => r.term.startsWith('Certificate thumbprint')) };
}
