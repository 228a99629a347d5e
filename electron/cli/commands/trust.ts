import { hasHiddenCharacters } from '../../../shared/hidden-characters';
import { printable } from '../../../shared/printable';
import { plainMessage } from '../../core/errors';
import { trustKindOf } from '../../core/formats/registry';
import { KEYRING_FILE_MAX_BYTES } from '../../core/limits';
import { TrustStore, updateSentence } from '../../core/trust/trust-store';
import { CliExit } from '../cli-error';
import { readTextAndBytes } from '../read-text';
import type { SigstoreFlags } from './sigstore-options';
import { trustIdentityCommand } from './trust-identity';

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new CliExit(2, plainMessage(error));
  }
}

/** The app's limits (shared/ipc/schemas.ts); a longer name would be written to a list that then reads as damaged. */
const MAX_NAME = 100;
const MAX_NOTE = 1000;

/** Checked before the key file is read: a bad name is refused whatever the key. */
function checkNameAndNote(name: string, note: string | undefined): void {
  if (hasHiddenCharacters(name)) {
    throw new CliExit(2, 'A signer’s name cannot contain control, bidi or invisible characters.');
  }
  if ([...name.trim()].length > MAX_NAME) {
    throw new CliExit(2, `A signer’s name can be at most ${MAX_NAME} characters.`);
  }
  if (note !== undefined && note.length > MAX_NOTE) {
    throw new CliExit(2, `A note can be at most ${MAX_NOTE} characters.`);
  }
}

/**
 * `trust add` and `policy add`: a signer of any kind, from the same options. `store` is the list
 * it goes to (the person's own by default; a policy file being built for `policy add`).
 */
export async function trustAddCommand(
  pubFile: string | undefined,
  flags: { name: string; note?: string; publisherCert?: string } & SigstoreFlags,
  store: TrustStore = new TrustStore(),
): Promise<number> {
  checkNameAndNote(flags.name, flags.note);
  if (flags.certificateIdentity !== undefined || flags.certificateOidcIssuer !== undefined) {
    if (pubFile !== undefined) throw new CliExit(2, 'Give a key file or a certificate identity, not both.');
    return trustIdentityCommand(flags, store);
  }
  if (flags.publisherCert !== undefined) {
    if (pubFile !== undefined) {
      throw new CliExit(2, 'Give a public key file or --publisher-cert CERT.pem, not both.');
    }
    return (await import('./trust-publisher')).trustAddPublisherCommand(flags.publisherCert, flags, store);
  }
  if (pubFile === undefined) {
    throw new CliExit(
      2,
      'Give a public key file, --publisher-cert CERT.pem, or --certificate-identity with --certificate-oidc-issuer.',
    );
  }
  const { text: keyText, bytes: keyBytes } = await readTextAndBytes(
    pubFile,
    'public key',
    KEYRING_FILE_MAX_BYTES,
  );
  // A newer copy of a trusted certificate, or its revocation, updates it in place.
  const updates = await guarded(() => store.updateCertificates({ keyText, keyBytes }));
  if (updates) {
    for (const update of updates) process.stdout.write(`${printable(updateSentence(update))}\n`);
    return 0;
  }
  const signers = await guarded(() =>
    store.addAll({
      keyText,
      keyBytes,
      name: flags.name,
      ...(flags.note ? { note: flags.note } : {}),
    }),
  );
  // A certificate file may hold several keys: each is trusted under the name given.
  for (const signer of signers)
    process.stdout.write(`Now trusting “${printable(signer.name)}” (key ${printable(signer.keyId)}).\n`);
  return 0;
}

export async function trustListCommand(flags: { json?: boolean }): Promise<number> {
  const signers = await guarded(() => new TrustStore().listAll());
  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ signers })}\n`);
    return 0;
  }
  if (signers.length === 0)
    process.stdout.write('No trusted signers yet. Add one with: signet trust add KEY.pub --name NAME\n');
  for (const s of signers) {
    const managed = s.source === 'managed' ? '  (managed by your organisation)' : '';
    // A signer the key id alone does not name (a keyless identity) gets its format's note.
    const note = trustKindOf(s.kind)?.listNote?.(s);
    const noted = note === undefined ? '' : `  (${printable(note)})`;
    process.stdout.write(`${printable(s.keyId)}  ${printable(s.name)}${noted}${managed}\n`);
  }
  return 0;
}

export async function trustRemoveCommand(keyId: string): Promise<number> {
  await guarded(() => new TrustStore().remove(keyId));
  process.stdout.write(`Removed ${printable(keyId)} from your trusted signers.\n`);
  return 0;
}
