import { basename } from 'node:path';
import { userConfigDir } from '../../core/config/paths';
import { sigstoreRootMaterial } from '../../core/formats/sigstore-root';
import { TRUSTED_ROOT_MAX_BYTES } from '../../core/limits';
import type { TrustedEntry } from '../../core/trust/trust-store';
import type { VerifyOptions } from '../../core/verify/verify-options';
import { CliExit } from '../cli-error';
import { readText } from '../read-text';

/** cosign's flag names for keyless and managed-key bundles. */
export interface SigstoreFlags {
  certificateIdentity?: string;
  certificateOidcIssuer?: string;
  trustedRoot?: string;
}

/** A PEM public key (SPKI): cosign's managed keys; minisign, signify and SSH keys never look like this. */
export const isPemPublicKey = (text: string) => /-----BEGIN PUBLIC KEY-----/.test(text);

/**
 * What the Sigstore flags add to a check: an exact identity and issuer that stand in for the trust
 * list for this run, a trusted root that replaces the public-good one (else that root, kept current
 * through TUF in the config folder), and a managed key. Bad flags exit 2 with one line.
 */
export async function sigstoreVerifyOptions(
  flags: SigstoreFlags,
  pem: { text: string; path: string } | undefined,
  trusted: () => Promise<readonly TrustedEntry[]>,
): Promise<Pick<VerifyOptions, 'givenEntries' | 'material'>> {
  const { certificateIdentity: identity, certificateOidcIssuer: issuer } = flags;
  if ((identity === undefined) !== (issuer === undefined)) {
    throw new CliExit(2, 'Give --certificate-identity and --certificate-oidc-issuer together.');
  }
  if (identity === '' || issuer === '') {
    throw new CliExit(2, '--certificate-identity and --certificate-oidc-issuer cannot be empty.');
  }
  const options: Pick<VerifyOptions, 'givenEntries' | 'material'> = {};
  if (identity !== undefined && issuer !== undefined) {
    // Loaded only here: its module holds the schema library, which a plain check never needs.
    const { givenIdentityEntry } = await import('../../core/formats/sigstore-identity');
    options.givenEntries = [givenIdentityEntry(identity, issuer, await trusted())];
  }
  const material: NonNullable<VerifyOptions['material']> = {};
  if (flags.trustedRoot !== undefined) {
    const text = await readText(flags.trustedRoot, 'trusted root', TRUSTED_ROOT_MAX_BYTES);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new CliExit(2, `The trusted root ${basename(flags.trustedRoot)} is not valid JSON.`);
    }
    material.sigstoreTrustedRoot = { json, source: flags.trustedRoot };
  } else {
    // The organisation's pinned root or "no updates" go here once the managed settings carry them.
    Object.assign(material, sigstoreRootMaterial(userConfigDir()));
  }
  if (pem) {
    material.sigstorePublicKey = {
      key: new Uint8Array(Buffer.from(pem.text, 'utf8')),
      source: `the public key you gave (${basename(pem.path)})`,
    };
  }
  if (Object.keys(material).length > 0) options.material = material;
  return options;
}
