import { SignetError } from '../errors';
import type { ManagedSigstoreRoot } from '../formats/sigstore-root';
import type { GivenFile } from '../formats/sigstore-signing';
import { readSmallFile } from '../fs/read-small-file';
import { TRUSTED_ROOT_MAX_BYTES } from '../limits';
import type { SigstoreSettings } from '../trust/trust-file';
import { type PolicyLocations, policyLocations } from './locations';
import { managedSigningSettings } from './signing-settings';

/**
 * The Sigstore instance the organisation's policy decides for signing: a private deployment
 * (its signing configuration and trusted root, read), else what it says about the public-good
 * root (pinned, refresh off), and which of the person's own choices it therefore takes away.
 */
export interface ManagedSigstoreSigning {
  /** The private deployment's files, both or neither, given to keylessInstance in place of the person's. */
  instance: { signingConfig?: GivenFile; trustedRoot?: GivenFile };
  /** For the public-good instance: sigstoreRootMaterial's second argument. */
  root: ManagedSigstoreRoot;
  /** The paths the policy sets, so `--signing-config` / `--trusted-root` are refused. */
  sets: { signingConfig?: string; trustedRoot?: string };
}

/**
 * Reads the policy afresh (a changed policy applies to the next signing). Unlike a check, signing
 * stops when the policy, or a file it names, cannot be read: a SignetError, nothing signed.
 */
export async function managedSigstoreSigning(
  locations: PolicyLocations = policyLocations(),
): Promise<ManagedSigstoreSigning> {
  return sigstoreSigningFrom((await managedSigningSettings(locations)).sigstore);
}

/** The same, from the Sigstore settings of a policy already read (the app's TrustStore reads it). */
export async function sigstoreSigningFrom(
  sigstore: SigstoreSettings | undefined,
): Promise<ManagedSigstoreSigning> {
  if (!sigstore) return { instance: {}, root: {}, sets: {} };
  const { signingConfig, trustedRoot, refresh } = sigstore;
  const sets = {
    ...(signingConfig !== undefined ? { signingConfig } : {}),
    ...(trustedRoot !== undefined ? { trustedRoot } : {}),
  };
  const root: ManagedSigstoreRoot = refresh !== undefined ? { refresh } : {};
  if (signingConfig !== undefined && trustedRoot === undefined) {
    throw new SignetError(
      'usage',
      `Your organisation’s policy names the Sigstore signing configuration ${signingConfig} without the trusted root that goes with it — ask your IT team.`,
    );
  }
  if (trustedRoot === undefined) return { instance: {}, root, sets };
  const rootFile = await policyFile(trustedRoot, 'trusted root');
  if (signingConfig !== undefined) {
    return {
      instance: {
        signingConfig: await policyFile(signingConfig, 'signing configuration'),
        trustedRoot: rootFile,
      },
      root,
      sets,
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(rootFile.bytes).toString('utf8'));
  } catch {
    throw new SignetError(
      'io',
      `Your organisation’s policy pins the Sigstore trusted root ${trustedRoot}, and it is not valid JSON.`,
    );
  }
  return {
    instance: {},
    root: { ...root, pinnedRoot: { json, source: `your organisation’s trusted root (${trustedRoot})` } },
    sets,
  };
}

async function policyFile(path: string, what: string): Promise<GivenFile> {
  try {
    return {
      bytes: new Uint8Array(await readSmallFile(path, TRUSTED_ROOT_MAX_BYTES, `The ${what}`)),
      source: path,
    };
  } catch (error) {
    throw new SignetError(
      'io',
      `Your organisation’s policy names the Sigstore ${what} ${path}, and it cannot be read (${(error as Error).message}).`,
    );
  }
}

/** The sentence for a flag the policy overrides: the person's choice is not theirs to make here. */
export function policySetsSigstoreFlag(flag: '--signing-config' | '--trusted-root', path: string): string {
  const what = flag === '--signing-config' ? 'signing configuration' : 'trusted root';
  return `Your organisation’s policy sets the Sigstore ${what} (${path}), so ${flag} cannot be used. Nothing was signed.`;
}
