import { hasHiddenCharacters } from '../../../shared/hidden-characters';
import { printable } from '../../../shared/printable';
import { plainMessage } from '../../core/errors';
import { sigstoreIdentityEntry } from '../../core/formats/sigstore-identity';
import { TrustStore } from '../../core/trust/trust-store';
import { CliExit } from '../cli-error';
import type { SigstoreFlags } from './sigstore-options';

/**
 * `signet trust add --certificate-identity ID --certificate-oidc-issuer URL --name NAME`: a keyless
 * signer, trusted by the exact identity and issuer its Sigstore certificates state.
 */
export async function trustIdentityCommand(
  flags: { name: string; note?: string } & SigstoreFlags,
  store: TrustStore = new TrustStore(),
): Promise<number> {
  const { certificateIdentity: identity, certificateOidcIssuer: issuer } = flags;
  if (!identity || !issuer) {
    throw new CliExit(2, 'Give --certificate-identity and --certificate-oidc-issuer together.');
  }
  // An identity is compared character for character: a hidden character would make an entry that
  // looks like the publisher's and never matches, or one that matches something else.
  if (hasHiddenCharacters(identity) || hasHiddenCharacters(issuer) || /\s/.test(identity + issuer)) {
    throw new CliExit(
      2,
      'An identity or issuer cannot contain spaces, control, bidi or invisible characters.',
    );
  }
  let signer: Awaited<ReturnType<TrustStore['addIdentity']>>;
  try {
    signer = await store.addIdentity({
      name: flags.name,
      entry: (name, addedAt) =>
        sigstoreIdentityEntry({
          identity,
          issuer,
          name,
          addedAt,
          ...(flags.note ? { note: flags.note } : {}),
        }),
    });
  } catch (error) {
    throw new CliExit(2, plainMessage(error));
  }
  process.stdout.write(
    `Now trusting “${printable(signer.name)}” for Sigstore signatures by ${printable(identity)} (issuer ${printable(issuer)}), id ${signer.keyId}.\n`,
  );
  return 0;
}
