/**
 * What the organisation's policy does on a computer, as data: main sends it to the page, the CLI
 * prints it, and both say it through shared/policy-words.ts.
 */
type PolicyChannel = 'file' | 'group-policy' | 'configuration-profile';

export interface PolicySourceSummary {
  channel: PolicyChannel;
  /** The file, or the registry key. */
  where: string;
}

/** Something in a policy that will not do what its author probably meant. */
export type PolicyWarning =
  | { warning: 'only-listed-while-people-add' }
  | { warning: 'subject-never-matches'; name: string; subject: string }
  | { warning: 'ca-root-unreadable'; index: number }
  | { warning: 'no-publisher-listed' };

export interface PolicySummary {
  /** Whether any source set anything: false on a computer without a policy. */
  present: boolean;
  /** The names of the organisation's signers of every kind but Windows publishers. */
  signers: string[];
  /** The names of the Windows publishers it lists. */
  publishers: string[];
  /** The common names of the certificate authorities it trusts for Windows programs. */
  caRoots: string[];
  allowUserSigners: boolean;
  onlyListedSigners: boolean;
  /** Locked on (true) or off (false); undefined: the person decides. */
  checkEveryDownload?: boolean;
  timestampUrl?: string;
  sigstore?: { signingConfig?: string; trustedRoot?: string; refresh?: boolean };
  pkcs11Module?: string;
  sources: PolicySourceSummary[];
  warnings: PolicyWarning[];
}
