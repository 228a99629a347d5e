import { SignetError } from '../../errors';
import type { FormatCheck } from '../format-module';
import type { SigningSide } from '../signing-side';
import { readSigstoreBundle } from './bundle-reader';
import { SIGSTORE_SIGNING_READS } from './descriptor';
import { givenIdentityEntry } from './given-identity';
import type { KeylessSession } from './keyless-session';
import { checkSigstoreBundle } from './verify-bundle';

export const BUNDLE_SUFFIX = '.sigstore.json';

/**
 * Checks a bundle Signet just made as anyone checking it will: against the trusted root of the
 * instance it was made with, for the exact identity and issuer of the login.
 */
function checkOwnBundle(
  bytes: Uint8Array,
  sha256: Uint8Array,
  session: KeylessSession,
  now: Date,
): FormatCheck {
  const parsed = readSigstoreBundle(bytes);
  return checkSigstoreBundle({
    parsed,
    artifactDigest: Buffer.from(sha256),
    root: session.trustedRoot,
    trust: [givenIdentityEntry(session.identity, session.issuer, [])],
    now,
    what: 'The file',
  });
}

/**
 * Keyless Sigstore signing: a message signature over the file's SHA-256 (from the one read), with
 * the session's Fulcio certificate, its Rekor entry and, where the instance names one, an RFC 3161
 * timestamp, written as a bundle v0.3 beside the file. Each bundle is checked before it is written.
 */
export const sigstoreSigning: SigningSide<KeylessSession> = {
  keyKinds: ['sigstore-oidc'],
  writes: [{ style: 'bundle', suffix: BUNDLE_SUFFIX, encoding: 'text' }],
  interop: {
    tool: 'cosign',
    command:
      'cosign verify-blob FILE --bundle SIG --certificate-identity KEY --certificate-oidc-issuer ISSUER',
  },
  ...SIGSTORE_SIGNING_READS,
  checkKey(session) {
    if (session.certificateNotAfter.getTime() <= Date.now()) {
      throw new SignetError(
        'usage',
        'The certificate from this login has expired; sign in again. Nothing was signed.',
      );
    }
  },
  keyId: (session) => session.identity,
  async sign({ digests, key: session }) {
    const sha256 = digests.sha256;
    if (!sha256) throw new SignetError('usage', 'Signing needs the SHA-256 digest of the file.');
    const made = await session.signDigest(sha256);
    const content = Buffer.from(made.json, 'utf8');
    const check = checkOwnBundle(content, sha256, session, new Date());
    if (check.outcome !== 'valid') {
      throw new SignetError(
        'io',
        `The bundle Sigstore made does not check out: ${check.reason} Nothing was written.`,
      );
    }
    return {
      write: 'beside',
      suffix: BUNDLE_SUFFIX,
      content: made.json,
      signedAs: { identity: session.identity, issuer: session.issuer, logIndex: made.logIndex },
    };
  },
  async recheck({ signature, digests, key }) {
    if (!key) return 'The login this was signed with is gone, so the bundle cannot be checked.';
    const sha256 = (await digests(['sha256'])).sha256;
    if (!sha256) return 'The file could not be read to check it.';
    const check = checkOwnBundle(signature, sha256, key, new Date());
    return check.outcome === 'valid' ? undefined : check.reason;
  },
};
