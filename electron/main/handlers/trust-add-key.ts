import { basename } from 'node:path';
import { SignetError } from '../../core/errors';
import { looksLikeOpenPgpKey, reviewOpenPgpCertificate } from '../../core/formats/key-readers';
import { KEYRING_FILE_MAX_BYTES } from '../../core/limits';
import { entriesFromKeyInput } from '../../core/trust/key-text';
import type { StoredEntry } from '../../core/trust/trust-entry';
import { updateSentence } from '../../core/trust/trust-store';
import { dialogLine, dialogText } from '../dialog-line';
import { readKeyFile } from './read-key-file';
import { toSignerInfo, trustKindFor } from './trust-entry-info';
import { day, NOT_CONFIRMED_ADD, refuseAlreadyTrusted, refuseUnlessUserMayAdd } from './trust-guards';
import type { Handler, HandlerDeps } from './types';
import type { VerdictMemory } from './verdict-memory';

type KeyEntry = Extract<StoredEntry, { publicKey: string } | { certificate: string; fingerprint: string }>;

/** Adds a public key: minisign or signify, SSH (a key or an allowed_signers line), or OpenPGP certificates. */
export function createAddKeyHandler(deps: HandlerDeps, verdicts: VerdictMemory): Handler<'addTrusted'> {
  return async ({ name, note, keyText, keyFile, forFile }) => {
    if ((keyText === undefined) === (keyFile === undefined)) {
      throw new SignetError('usage', 'Give the public key either as text or as a file (one of the two).');
    }
    await refuseUnlessUserMayAdd(deps);
    const realKeyFile =
      keyFile === undefined ? undefined : await deps.grants.resolveFile(keyFile, 'add-signer');
    const input: { text?: string; bytes?: Uint8Array } =
      keyText !== undefined ? { text: keyText } : await readKeyInput(realKeyFile!);
    // A newer copy of a trusted certificate, or its owner's revocation: merged in, nothing added.
    // Only what the trusted key itself signed is taken, so no confirmation is needed.
    const keyInput = { keyText: input.text ?? '', ...(input.bytes ? { keyBytes: input.bytes } : {}) };
    const updates = await deps.trust.updateCertificates(keyInput);
    if (updates) {
      const ids = new Set(updates.map((u) => u.keyId));
      const signers = await Promise.all(
        (await deps.trust.list()).filter((s) => ids.has(s.keyId)).map(toSignerInfo),
      );
      return { signer: signers[0]!, signers, updated: updates.map(updateSentence) };
    }
    // Read once here to show main's dialog the facts; the store reads the same input again to keep it.
    const entries = (await entriesFromKeyInput(
      { text: input.text ?? '', ...(input.bytes ? { bytes: input.bytes } : {}) },
      {
        name,
        addedAt: new Date().toISOString(),
      },
    )) as KeyEntry[];
    const first = entries[0];
    if (!first) throw new SignetError('malformed', 'No key was found in what you gave.');
    if (forFile !== undefined) refuseOtherKey(verdicts, forFile, first.keyId);
    const summaries = await Promise.all(entries.map((entry) => keyFacts(entry)));
    refuseWithdrawnOrExpired(summaries);
    await refuseAlreadyTrusted(deps, entries, 'key');

    const from = realKeyFile === undefined ? undefined : basename(realKeyFile);
    const several = entries.length > 1;
    const confirmed = await deps.confirm.confirm({
      title: 'Trust a new signer',
      message: dialogLine(
        several
          ? `Trust “${name}” as the maker of files signed with these ${entries.length} keys?`
          : `Trust “${name}” as the maker of files signed with this key?`,
      ),
      detail: dialogText([
        `Name: ${name}`,
        ...summaries.flatMap((s) => s.lines),
        from === undefined ? 'From: a key you pasted' : `From the file: ${from}`,
        `Files signed with ${several ? 'these keys' : 'this key'} will then show “Verified: made by ${name}”.`,
      ]),
      confirmLabel: 'Trust',
    });
    if (!confirmed) throw new SignetError('cancelled', NOT_CONFIRMED_ADD);
    const added = await deps.trust.addAll({
      keyText: input.text ?? '',
      ...(input.bytes ? { keyBytes: input.bytes } : {}),
      name,
      ...(note === undefined ? {} : { note }),
      ...(from === undefined ? {} : { addedFrom: from }),
    });
    const signers = await Promise.all(added.map(toSignerInfo));
    return { signer: signers[0]!, signers };
  };
}

async function readKeyInput(path: string): Promise<{ text?: string; bytes: Uint8Array }> {
  const read = await readKeyFile(path, KEYRING_FILE_MAX_BYTES, 'public key file');
  if (read.text === undefined && !looksLikeOpenPgpKey(read.bytes)) {
    throw new SignetError(
      'malformed',
      'That file is not a public key file: it is not text. Nothing was changed.',
    );
  }
  return read;
}

interface KeyFacts {
  lines: string[];
  expired?: string;
  revoked?: boolean;
}

/** What main's dialog says about one key: its id or fingerprint, and for OpenPGP the key's own claims. */
async function keyFacts(entry: KeyEntry): Promise<KeyFacts> {
  // A raw key is known by its id; a certificate is read for what it says of itself.
  if ('publicKey' in entry) {
    return {
      lines: [`Key id: ${entry.keyId}`, `Kind: ${trustKindFor(entry).kindWords}`],
    };
  }
  const summary = await reviewOpenPgpCertificate(entry.certificate);
  const revoked = summary.revoked;
  const expired = summary.expires && Date.parse(summary.expires) <= Date.now() ? summary.expires : undefined;
  return {
    lines: [
      `OpenPGP key, fingerprint: ${(entry.fingerprint.match(/.{1,4}/g) ?? []).join(' ')}`,
      ...summary.userIds.slice(0, 5).map((id) => `The key says: ${id}`),
      summary.expires ? `Expires: ${day(summary.expires)}` : 'Expires: never',
    ],
    ...(expired ? { expired } : {}),
    ...(revoked ? { revoked } : {}),
  };
}

/** A withdrawn or expired key verifies nothing new; the person is told so instead of trusting it quietly. */
function refuseWithdrawnOrExpired(facts: readonly KeyFacts[]): void {
  if (facts.some((f) => f.revoked)) {
    throw new SignetError(
      'malformed',
      'The owner of this OpenPGP key has withdrawn it (revoked it), so Signet will not trust it. Ask the publisher for their current key. Nothing was added.',
    );
  }
  const expired = facts.find((f) => f.expired);
  if (expired?.expired) {
    throw new SignetError(
      'malformed',
      `This OpenPGP key expired on ${day(expired.expired)}, so nothing it signs now can be trusted. Ask the publisher for their current key. Nothing was added.`,
    );
  }
}

/**
 * "Trust this signer" on a card may add only the key that made that card's signature, as main itself
 * found it; the page's word is not taken.
 */
function refuseOtherKey(verdicts: VerdictMemory, file: string, keyId: string): void {
  const seen = verdicts.lastFor(file);
  const name = basename(file);
  if (!seen?.keyId) {
    throw new SignetError(
      'usage',
      `Signet has not seen a signature on ${name} in this session, so it cannot tell whether this key made it. Check the file again, then trust its signer. Nothing was added.`,
    );
  }
  if (seen.keyId !== keyId) {
    throw new SignetError(
      'usage',
      `This key (key id ${keyId}) did not sign ${name}: its signature was made by key id ${seen.keyId}. Nothing was added. Ask the publisher for the public key with id ${seen.keyId}, then try again.`,
    );
  }
}
