import type { SignerNoun } from './trusted-signer';

/** What changes once a signer is trusted, for each thing a person may trust. */
const ADDED: Record<SignerNoun, string> = {
  key: 'Files signed with this key will now show as verified.',
  identity: 'Files signed by this identity through Sigstore will now show as verified.',
  certificate: 'Programs signed with this certificate will now show as verified.',
};

/** What changes once a signer is removed, as the page says it. */
const REMOVED: Record<SignerNoun, string> = {
  key: 'Files signed by this key will no longer show as verified.',
  identity: 'Files signed by this identity will no longer show as verified.',
  certificate: 'Programs signed with this certificate will no longer show as verified.',
};

/** Whose files main's removal dialog says will change ("… will then show …"). */
const AFFECTED: Record<SignerNoun, string> = {
  key: 'Files signed with this key',
  identity: 'Files signed by this identity',
  certificate: 'Programs signed with this certificate',
};

export function addedSentence(nouns: readonly SignerNoun[]): string {
  const [first] = nouns;
  if (nouns.length > 1)
    return `${nouns.length} keys added. Files signed with any of them will now show as verified.`;
  return ADDED[first ?? 'key'];
}

export function removedSentence(noun: SignerNoun): string {
  return REMOVED[noun];
}

export function affectedFiles(noun: SignerNoun): string {
  return AFFECTED[noun];
}
