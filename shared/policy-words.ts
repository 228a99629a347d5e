import type { PolicySourceSummary, PolicySummary, PolicyWarning } from './policy-summary';

/** "A", "A or B", "A, B or C". */
function either(names: readonly string[], word: 'or' | 'and'): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} ${word} ${names.at(-1)}`;
}

const quoted = (names: readonly string[]) => names.map((name) => `“${name}”`);
const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** What the policy does, in plain words, one sentence a line: the same in Settings and the terminal. */
export function policySentences(policy: PolicySummary): string[] {
  if (!policy.present) {
    return ['Your organisation sets no policy on this computer: the signers you choose count.'];
  }
  const lines: string[] = [];
  const listed = [...policy.signers, ...policy.publishers];
  if (!policy.allowUserSigners) {
    lines.push(
      listed.length === 0
        ? 'No signer counts: the organisation lists none, and people cannot add their own.'
        : `Only ${listed.length === 1 ? 'this signer counts' : `these ${listed.length} signers count`}: ${either(quoted(listed), 'and')}.`,
    );
    lines.push('People cannot add their own signers.');
  } else {
    if (listed.length > 0)
      lines.push(
        `The organisation trusts ${plural(listed.length, 'signer', 'signers')}: ${either(quoted(listed), 'and')}.`,
      );
    lines.push('People may add signers of their own.');
  }
  if (policy.onlyListedSigners) {
    lines.push(
      policy.publishers.length === 0
        ? 'No Windows program counts: only listed publishers do, and none is listed.'
        : `Windows programs count only when signed by ${either(quoted(policy.publishers), 'or')}.`,
    );
  } else {
    lines.push(
      'Windows programs count when a certificate authority this computer trusts confirms the publisher.',
    );
  }
  if (policy.caRoots.length > 0) {
    lines.push(
      `The organisation’s own authorities are trusted for Windows programs: ${either(quoted(policy.caRoots), 'and')}.`,
    );
  }
  if (policy.checkEveryDownload !== undefined) {
    lines.push(
      policy.checkEveryDownload
        ? 'Every new download is checked; people cannot turn this off.'
        : 'New downloads are not checked one by one; people cannot turn this on.',
    );
  }
  if (policy.timestampUrl) lines.push(`Signatures made here are timestamped by ${policy.timestampUrl}.`);
  const sigstore = policy.sigstore;
  if (sigstore?.signingConfig)
    lines.push(`Sigstore signing uses the instance set in ${sigstore.signingConfig}.`);
  if (sigstore?.trustedRoot)
    lines.push(`Sigstore bundles are checked against the trusted root in ${sigstore.trustedRoot}.`);
  if (sigstore?.refresh === false) lines.push('Sigstore’s trusted root is never refreshed over the network.');
  if (policy.pkcs11Module) lines.push(`Hardware tokens are used only through ${policy.pkcs11Module}.`);
  return lines;
}

const CHANNEL_WORDS: Record<PolicySourceSummary['channel'], string> = {
  'group-policy': 'Group Policy',
  'configuration-profile': 'a configuration profile',
  file: 'a policy file',
};

/** Where the policy came from: "Set by your organisation through Group Policy." */
export function policyOriginSentence(sources: readonly PolicySourceSummary[]): string | undefined {
  if (sources.length === 0) return undefined;
  const channels = [...new Set(sources.map((source) => source.channel))]
    .sort((a, b) => (a === 'file' ? 1 : b === 'file' ? -1 : 0))
    .map((channel) => CHANNEL_WORDS[channel]);
  return `Set by your organisation through ${either(channels, 'and')}.`;
}

export function policyWarningSentence(warning: PolicyWarning): string {
  switch (warning.warning) {
    case 'only-listed-while-people-add':
      return 'Only listed publishers count, but people may still add their own signers: anyone can make a publisher listed with one click. Also set allow-user-signers=false.';
    case 'subject-never-matches':
      return `“${warning.name}” will never match: its subject “${warning.subject}” cannot be read as a certificate’s names.`;
    case 'ca-root-unreadable':
      return `caRoots[${warning.index}] holds no certificate Signet can read, so it trusts nothing.`;
    case 'no-publisher-listed':
      return 'Only listed publishers count, and none is listed: no Windows program will be verified.';
  }
}
