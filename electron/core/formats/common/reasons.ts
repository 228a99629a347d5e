import type { CheckContext, FormatCheck } from '../format-module';

const GIVEN_KEY = 'the public key you gave';

/** The name a key given for one check (--pubkey) goes by when the trust list does not know it. */
export const givenKeyName = (keyId: string) => `${GIVEN_KEY} (${keyId})`;

/** "the key of Acme Releases", or for a key given on the command line, "the public key you gave (ID)". */
export function keyPhrase(signerName: string | undefined): string {
  if (signerName === undefined) return 'an unknown key';
  return signerName.startsWith(GIVEN_KEY) ? signerName : `the key of ${signerName}`;
}

export function unknownSignerReason(keyId: string, ctx: CheckContext<unknown>): string {
  const what = ctx.what;
  if (ctx.trustSource === 'given') {
    const given = (ctx.trust[0] as { keyId?: string } | undefined)?.keyId;
    return `${what} was signed with key ${keyId}, not with the public key you gave${given ? ` (${given})` : ''}.`;
  }
  if (ctx.trustSource === 'allowed-signers') {
    return `The key that signed ${what.toLowerCase()} (${keyId}) is not in the allowed signers file you gave.`;
  }
  return `${what} was signed with key ${keyId}, which is not one of your trusted signers.`;
}

export const changedReason = (what: string) =>
  `${what} does not match its signature: its contents changed after it was signed.`;

/** The part of a valid check that says who signed it: always a name the user's own lists gave. */
/** Who vouches for a trusted name, by the list the entry came from. */
export function vouchedByFor(source: string): string {
  if (source === 'managed') return 'Your organisation';
  if (source === 'given') return 'The key you gave';
  return 'Your trust list';
}

export function validSignedBy(
  entry: { name: string; source: string; addedAt?: string; addedFrom?: string },
  what: string,
): Pick<FormatCheck, 'outcome' | 'reason' | 'signerName' | 'signerManaged' | 'vouchedBy' | 'trustedFrom'> {
  return {
    outcome: 'valid',
    reason: `${what} matches its signature, made with ${keyPhrase(entry.name)}.`,
    signerName: entry.name,
    signerManaged: entry.source === 'managed',
    vouchedBy: vouchedByFor(entry.source),
    ...(entry.source === 'user'
      ? {
          trustedFrom: {
            ...(entry.addedAt ? { addedAt: entry.addedAt } : {}),
            ...(entry.addedFrom ? { addedFrom: entry.addedFrom } : {}),
          },
        }
      : {}),
  };
}
