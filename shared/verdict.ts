/**
 * The one verdict vocabulary (../shared/design/VERDICTS.md), used by the core, the CLI's --json,
 * the IPC contract and the UI alike.
 */
export const VERDICTS = ['verified', 'unknown-signer', 'tampered', 'no-signature', 'malformed'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** Which kind of signature the verdict came from. Never shown to a person as a headline. */
export type SignatureFormat =
  | 'minisign'
  | 'minisign-legacy'
  | 'signify'
  | 'signify-embedded'
  | 'ssh'
  | 'authenticode-pe'
  | 'authenticode-msi'
  | 'checksum-list';

export interface VerifyResult {
  verdict: Verdict;
  /** One plain sentence saying why: no jargon a non-expert must decode. */
  reason: string;
  /** The artifact that was checked (absolute path). */
  file: string;
  format?: SignatureFormat;
  /** minisign/signify key id (16 hex digits) or an SSH key fingerprint (SHA256:...). */
  keyId?: string;
  /** Name from the user's trust list (or "the key you gave"), never from the signature itself. */
  signerName?: string;
  /** True when the signer came from the organisation-managed trust list. */
  signerManaged?: boolean;
  /** Signed text (minisign trusted comment). Untrusted comments are never carried here. */
  trustedComment?: string;
  /** Signing time read from the trusted comment's timestamp, ISO 8601, when present. */
  signedAt?: string;
  /** The file that held the signature (.minisig, .sig, SHA256SUMS.sig, ...). */
  signatureFile?: string;
  /** The signed checksum list the artifact was found in, when verified through one. */
  checksumList?: string;
  /** Lowercase hex SHA-256 of the artifact, when it could be read. */
  sha256?: string;
  /** Signature algorithm in the format's words, for the details panel (e.g. "Ed25519, BLAKE2b-512 prehash"). */
  algorithm?: string;
  /** When and from which file the person added this signer (user trust list only). */
  trustedFrom?: { addedAt?: string; addedFrom?: string };
  /**
   * A signature that carries what it signs (signify -e) and is checked as itself: what that
   * message is. `text` only when it is printable text (escape it for display all the same).
   */
  signedMessage?: { description: string; bytes: number; text?: string };
  /** Extra facts for the details panel, in plain words (lines of an allowed_signers file skipped, …). */
  details?: { label: string; value: string }[];
  /** Who vouched for signerName ("Your trust list", the CA that issued an Authenticode publisher). */
  vouchedBy?: string;
  /** Where signedAt comes from: the signer's own claim, or a timestamp / log someone else signed. */
  signedAtSource?: 'signer' | 'timestamp' | 'transparency-log';
  /** Certificate chain as names, from the signer to the root (Authenticode). */
  issuerChain?: string[];
}

/** Exit status for the CLI: 0 verified, 1 a negative answer, 2 input we cannot read. */
export function exitCodeFor(verdict: Verdict): 0 | 1 | 2 {
  if (verdict === 'verified') return 0;
  if (verdict === 'malformed') return 2;
  return 1;
}
