import { z } from 'zod';
import { hasHiddenCharacters } from '../hidden-characters';
import { IDENTITY_SHAPE } from '../sigstore-identity-shape';

/**
 * The id of any trust-list entry as the renderer may name it (to remove it): a minisign key id, an
 * SSH or OpenPGP fingerprint, a Sigstore identity id or a publisher's thumbprint. Printable ASCII
 * without spaces; main looks it up in the list and refuses any id it does not hold.
 */
export const trustEntryId = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[\x21-\x7E]+$/, 'not a trusted signer’s id');

/** Compared character for character, so nothing a person cannot see may be in it. */
const exactText = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `give the ${what}`)
    .max(2048, `the ${what} is at most 2048 characters`)
    .refine((s) => !/\s/.test(s), `the ${what} cannot contain spaces`)
    .refine((s) => !hasHiddenCharacters(s), `the ${what} contains hidden characters`);

/** A Sigstore certificate identity: an email address or a workflow URL, exact (no pattern). */
export const sigstoreIdentity = exactText('identity').refine(
  (s) => IDENTITY_SHAPE.test(s),
  'the identity is an email address or an address such as https://github.com/…',
);

/** The OIDC issuer a Sigstore certificate names: an https URL such as https://accounts.google.com. */
export const oidcIssuer = exactText('issuer').refine(
  (s) => /^https:\/\/[^/?#]+/.test(s),
  'the issuer is an address starting with https://',
);
