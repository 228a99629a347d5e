import { SignetError } from '../../errors';

/** Who an identity token says the person is, as Fulcio will write it into the certificate. */
export interface TokenIdentity {
  /** The certificate's subject: an email address, or a CI workflow's URI. */
  identity: string;
  /** The OIDC issuer that vouches for it ("https://accounts.google.com"). */
  issuer: string;
  /** When the token stops being accepted. */
  expires: Date;
}

/** The audience Sigstore's certificate authorities accept a token for. */
export const SIGSTORE_AUDIENCE = 'sigstore';

const GITHUB_ACTIONS_ISSUER = 'https://token.actions.githubusercontent.com';

/**
 * Reads an identity token's claims before anything is sent, so the person can be told who they
 * will sign as and a token that cannot work is refused here with a sentence: one for another
 * audience, one already expired (or expiring within the minute the signing takes). The token's
 * signature is Fulcio's to check; a token Signet misreads is only a token Fulcio refuses.
 */
export function readIdentityToken(token: string, now: Date): TokenIdentity {
  const claims = tokenClaims(token);
  const audience = claims.aud;
  const audiences = Array.isArray(audience) ? audience : [audience];
  if (!audiences.includes(SIGSTORE_AUDIENCE)) {
    throw new SignetError(
      'usage',
      `The identity token is for another service (audience ${describe(audience)}), not Sigstore. Nothing was signed.`,
    );
  }
  const issuer = claims.iss;
  if (typeof issuer !== 'string' || issuer === '') {
    throw new SignetError('usage', 'The identity token names no issuer. Nothing was signed.');
  }
  if (typeof claims.exp !== 'number') {
    throw new SignetError('usage', 'The identity token has no expiry time. Nothing was signed.');
  }
  const expires = new Date(claims.exp * 1000);
  if (expires.getTime() <= now.getTime() + 60_000) {
    throw new SignetError(
      'usage',
      `The identity token expired at ${expires.toISOString()}; sign in again. Nothing was signed.`,
    );
  }
  return { identity: subjectOf(claims, issuer), issuer, expires };
}

type Claims = Record<string, unknown>;

function tokenClaims(token: string): Claims {
  const parts = token.trim().split('.');
  if (parts.length !== 3 || parts[1] === undefined) {
    throw new SignetError('usage', 'The identity token is not a JSON Web Token. Nothing was signed.');
  }
  try {
    const claims: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    if (typeof claims === 'object' && claims !== null && !Array.isArray(claims)) return claims as Claims;
  } catch {
    // fall through to the sentence below
  }
  throw new SignetError('usage', 'The identity token cannot be read. Nothing was signed.');
}

/** The subject Fulcio certifies: a verified email where there is one, a workflow URI in Actions, else `sub`. */
function subjectOf(claims: Claims, issuer: string): string {
  if (issuer === GITHUB_ACTIONS_ISSUER && typeof claims.job_workflow_ref === 'string') {
    return `https://github.com/${claims.job_workflow_ref}`;
  }
  if (typeof claims.email === 'string' && claims.email !== '') {
    if (claims.email_verified === false) {
      throw new SignetError(
        'usage',
        `The login service has not verified ${claims.email}; Sigstore cannot certify it. Nothing was signed.`,
      );
    }
    return claims.email;
  }
  if (typeof claims.sub === 'string' && claims.sub !== '') return claims.sub;
  throw new SignetError('usage', 'The identity token names no one. Nothing was signed.');
}

const describe = (value: unknown) => (value === undefined ? 'none' : JSON.stringify(value).slice(0, 80));
