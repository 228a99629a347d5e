import type { VerdictCode } from './verdict-code';
import type { SignedAtSource, VerdictFacts } from './verdict-facts';

/**
 * The one verdict vocabulary (../shared/design/VERDICTS.md), used by the core, the CLI's --json,
 * the IPC contract and the UI alike.
 */
export const VERDICTS = ['verified', 'unknown-signer', 'tampered', 'no-signature', 'malformed'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** Which kind of signature the verdict came from: a format, and its variant when it has one. */
export const SIGNATURE_FORMATS = [
  'minisign',
  'minisign-legacy',
  'signify',
  'signify-embedded',
  'ssh',
  'openpgp-detached',
  'openpgp-cleartext',
  'authenticode-pe',
  'authenticode-msi',
  'sigstore-message',
  'sigstore-dsse',
  'checksum-list',
] as const;
/** Never shown to a person as a headline. */
export type SignatureFormat = (typeof SIGNATURE_FORMATS)[number];

/** The version of the `--json` shape (schemas/verify-result.schema.json); raised on any breaking change. */
export const VERIFY_RESULT_SCHEMA_VERSION = 1;

export interface VerifyResult {
  verdict: Verdict;
  /** Why, as data: the outcome and the rule that decided it. Sentences are made from it. */
  code: VerdictCode;
  /** What the signature said and what was confirmed, by kind. */
  facts?: VerdictFacts;
  /** The core's own sentence, for experts and logs: never read to decide anything. */
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
  /** A file beside the artifact that is not a signature Signet reads (a bare checksum, an S/MIME file). */
  besideFile?: string;
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
  /** The format's facts as labelled text, for scripts that read them: `facts` is what Signet reads. */
  details?: { label: string; value: string }[];
  /** Facts about the check itself (lines of an allowed_signers file skipped, a file found beside it). */
  notes?: { label: string; value: string }[];
  /** Who vouched for signerName ("Your trust list", the CA that issued an Authenticode publisher). */
  vouchedBy?: string;
  /** Where signedAt comes from: the signer's own claim, or a timestamp / log someone else signed. */
  signedAtSource?: SignedAtSource;
  /** Certificate chain as names, from the signer to the root (Authenticode). */
  issuerChain?: string[];
}

/** Exit status for the CLI: 0 verified, 1 a negative answer, 2 input we cannot read. */
export function exitCodeFor(verdict: Verdict): 0 | 1 | 2 {
  if (verdict === 'verified') return 0;
  if (verdict === 'malformed') return 2;
  return 1;
}
