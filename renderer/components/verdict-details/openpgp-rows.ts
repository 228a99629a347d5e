import type { VerifyResult } from '../../../shared/verdict';
import { type FormatRows, sortDetails } from './detail-rows';

/**
 * OpenPGP: the key's own User ID, labelled as its claim (the headline's name is the trust list's);
 * the signature time; other signatures on the file. Fingerprint (groups of four) and hash for experts.
 */
export function openPgpRows(result: VerifyResult): FormatRows {
  const rows = sortDetails(result.details, {
    'The key says': { group: 'staff', term: 'The key says (its own claim, not checked)' },
    'Signature made': result.signedAt
      ? { group: 'hide' }
      : { group: 'staff', term: 'Signature made', look: 'time' },
    'Signature …': { group: 'staff', term: 'Another signature on this file' },
    // Said of the signed text: the file itself, or the checksum list it was found in.
    Kind: {
      group: 'staff',
      term: result.checksumList ? 'How the checksum list is signed' : 'What this file is',
    },
    Fingerprint: { group: 'expert', term: 'Fingerprint', look: 'mono', copy: true },
    'Signing subkey': { group: 'expert', look: 'mono' },
    Hash: { group: 'expert', term: 'Hash algorithm' },
  });
  const hasFingerprint = rows.expert.some((r) => r.term === 'Fingerprint');
  if (!hasFingerprint && result.keyId) {
    // An unknown signer: the key the signature names, for comparing with the publisher's page.
    rows.staff.unshift({
      term: 'Signed with the key',
      value: result.keyId,
      look: 'mono',
      copy: result.keyId,
    });
  }
  return { ...rows, showsKeyId: true };
}
