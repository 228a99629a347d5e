import { createHash } from 'node:crypto';
import { SignetError } from '../../errors';
import type { TrustMaterial } from '../format-module';
import { ambientIdentityToken } from './ambient-token';
import { readIdentityToken, type TokenIdentity } from './identity-token';
import { type KeylessSession, startKeylessSession } from './keyless-session';
import { publicGoodSigningServices, type SigningServices, signingServicesFromBytes } from './signing-config';
import {
  type LoadedTrustedRoot,
  publicGoodTrustedRoot,
  trustedRootFromBytes,
  trustedRootFromJson,
} from './trusted-root';
import { currentPublicGoodRoot } from './trusted-root-current';

/** A file a person (or the managed settings) named: its bytes and how to name it in a sentence. */
export interface GivenFile {
  bytes: Uint8Array;
  source: string;
}

/** Which Sigstore instance: public-good unless both its signing configuration and trusted root are given. */
export interface KeylessInstance {
  services: SigningServices;
  trustedRoot: LoadedTrustedRoot;
  /** The trusted root file when it is not the built-in one (the release kit names it). */
  trustedRootSource?: string;
}

/**
 * Signing and verifying use one instance: a private deployment is named by both files, so every
 * bundle Signet writes verifies with the root it would check it against; the public-good one is
 * checked with the root checks use by default (`publicGoodRoot`: the organisation's pinned root, or
 * the one kept current through TUF; the built-in root without it). SignetError 'usage' for only one
 * of the two files.
 */
export async function keylessInstance(
  given: { signingConfig?: GivenFile; trustedRoot?: GivenFile },
  publicGoodRoot: Pick<TrustMaterial, 'sigstoreTrustedRoot' | 'sigstoreRootUpdate'> = {},
): Promise<KeylessInstance> {
  if ((given.signingConfig === undefined) !== (given.trustedRoot === undefined)) {
    throw new SignetError(
      'usage',
      'A private Sigstore instance needs both its signing configuration and its trusted root. Nothing was signed.',
    );
  }
  if (given.signingConfig && given.trustedRoot) {
    return {
      services: signingServicesFromBytes(given.signingConfig.bytes, given.signingConfig.source),
      trustedRoot: trustedRootFromBytes(given.trustedRoot.bytes, given.trustedRoot.source),
      trustedRootSource: given.trustedRoot.source,
    };
  }
  const pinned = publicGoodRoot.sigstoreTrustedRoot;
  const update = publicGoodRoot.sigstoreRootUpdate;
  const trustedRoot = pinned
    ? trustedRootFromJson(pinned.json, pinned.source, pinned.pinned ? 'managed' : 'given')
    : update
      ? (await currentPublicGoodRoot(update)).root
      : publicGoodTrustedRoot();
  return { services: publicGoodSigningServices(), trustedRoot };
}

/** What main's dialog and the CLI say before anything is sent, in the words. */
export interface ConsentWords {
  identity: string;
  issuer: string;
  message: string;
  detail: string;
}

function consentWords(signer: TokenIdentity, fileCount: number): ConsentWords {
  const vouching = issuerName(signer.issuer);
  const what = fileCount === 1 ? "the file's SHA-256" : "each file's SHA-256";
  return {
    identity: signer.identity,
    issuer: signer.issuer,
    message: `You will sign as ${signer.identity} (vouched for by ${vouching}).`,
    detail: `This identity, the time and ${what} are published in a public log that anyone can search.`,
  };
}

/** "accounts.google.com" for "https://accounts.google.com": the name people know the issuer by. */
function issuerName(issuer: string): string {
  try {
    const url = new URL(issuer);
    return url.pathname === '/' || url.pathname === '' ? url.host : `${url.host}${url.pathname}`;
  } catch {
    return issuer;
  }
}

export interface KeylessSignInOptions {
  instance: KeylessInstance;
  fileCount: number;
  /** The person's browser login against the instance's OIDC issuer; used when no ambient token is there. */
  login(issuer: string): Promise<string>;
  /** Asked before anything goes to Sigstore; false ends with nothing sent and nothing signed. */
  consent(words: ConsentWords): Promise<boolean>;
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
  timeoutMs?: number;
  retries?: number;
}

/**
 * One login for a whole signing job: the ambient token in CI, else the browser; the person's
 * consent to what becomes public; then the one certificate every file of the job is signed with.
 */
export async function keylessSignIn(options: KeylessSignInOptions): Promise<KeylessSession> {
  const now = options.now ?? (() => new Date());
  const { services, trustedRoot } = options.instance;
  const token = (await ambientIdentityToken(options.env)) ?? (await options.login(services.oidcUrl));
  const signer = readIdentityToken(token, now());
  if (!(await options.consent(consentWords(signer, options.fileCount)))) {
    throw new SignetError(
      'cancelled',
      'You did not agree to publish your identity. Nothing was sent and nothing was signed.',
    );
  }
  return startKeylessSession({
    token,
    signer,
    services,
    trustedRoot,
    now,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.retries !== undefined ? { retries: options.retries } : {}),
  });
}

/** The job key a signing job holds for a keyless login (core/sign/sign-job.ts's JobKey shape). */
export function keylessJobKey(session: KeylessSession) {
  return {
    secret: session,
    publicKey: '',
    keyId: createHash('sha256').update(session.certificate).digest('hex').slice(0, 16).toUpperCase(),
    ...(session.identity.length <= 100 ? { name: session.identity } : {}),
    forget: () => session.forget(),
  };
}
