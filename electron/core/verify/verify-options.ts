import { FormatError } from '../errors';
import type { TrustMaterial } from '../formats/format-module';
import { allowedSignersFacts, parseAllowedSignersFile } from '../formats/key-readers';
import type { DigestOptions } from '../hashing/digest-algorithms';
import type { DigestFn } from '../hashing/digest-fn';
import type { KnownContent } from '../hashing/known-content';
import { standardPolicy, type VerifyPolicy } from '../policy/verify-policy';
import { allowedSignerEntry, givenEntries, type ParsedSignerKey, parseSignerKey } from '../trust/key-text';
import type { TrustEntry } from '../trust/trust-entry';
import type { TrustedEntry } from '../trust/trust-store';

export interface VerifyOptions extends DigestOptions {
  /** Use this signature (or signed list) instead of looking beside the file. */
  signatureFile?: string;
  /** A public key given for this check alone (minisign/signify .pub text, bare base64, ssh-ed25519 line). */
  publicKeyText?: string;
  /**
   * The key text came from a file (--pubkey): then it must be a whole key file, as minisign and
   * signify require; a bare base64 line is accepted only as a string (--pubkey-string).
   */
  publicKeyFromFile?: boolean;
  /** The key file's bytes as read (--pubkey): a binary OpenPGP certificate is read from these. */
  publicKeyBytes?: Uint8Array;
  /** An OpenSSH allowed_signers file's text. */
  allowedSignersText?: string;
  /** OpenSSH signature namespace; ssh-keygen uses "file" for files. */
  namespace?: string;
  trusted?: readonly TrustedEntry[];
  /**
   * Trust entries given for this check alone (a Sigstore certificate identity and issuer given on
   * the command line): they replace the trust list, as a key given with --pubkey does.
   */
  givenEntries?: readonly TrustEntry[];
  /** Roots and keys for this run (a Sigstore trusted root, a managed Sigstore key); none by default. */
  material?: Partial<TrustMaterial>;
  /** Also compute the artifact's SHA-256 for display (default true). */
  sha256?: boolean;
  /**
   * Kept for callers of the earlier API; the artifact is now read once, from one descriptor, so a
   * path-based digest function is no longer used for it. Passing one (as the app does) means
   * "never hash on my thread": the read runs in a hash worker.
   */
  digest?: DigestFn;
  /** Read and hash the artifact in a worker thread (default: when `digest` is given, or for large files). */
  offThread?: boolean;
  /**
   * Hashes of the artifact read back by the code that just wrote it (signing): used instead of a
   * second read only while the file is exactly as it was then, and for exactly those hashes.
   */
  knownContent?: KnownContent;
  /** The rules for this job; standardPolicy() by default. */
  policy?: VerifyPolicy;
  /** DER roots trusted for code signing (system store, managed list, --ca-roots): Authenticode. */
  caRoots?: readonly Uint8Array[];
  /** The managed list says only listed signers count (a CA-vouched publisher not listed is unknown). */
  onlyListedSigners?: boolean;
  /**
   * Why the organisation's managed policy cannot be read, when it is there but cannot be: then no
   * signature counts as verified, whatever key or list is given.
   */
  policyUnreadable?: string;
}

export interface VerifyContext {
  trust: TrustEntry[];
  trustSource: 'trust-list' | 'given' | 'allowed-signers';
  policy: VerifyPolicy;
  namespace: string;
  wantSha256: boolean;
  offThread: boolean | undefined;
  knownContent?: KnownContent;
  progress: DigestOptions;
  /** Facts for the details panel gathered while reading the inputs (skipped allowed_signers lines). */
  notes: { label: string; value: string }[];
  material: TrustMaterial;
  onlyListedSigners: boolean;
  policyUnreadable?: string;
}

export async function buildVerifyContext(options: VerifyOptions): Promise<VerifyContext> {
  const trusted = options.trusted ?? [];
  const policy = options.policy ?? standardPolicy();
  const notes: VerifyContext['notes'] = [];
  if (options.policyUnreadable !== undefined) {
    notes.push({ label: 'Organisation policy', value: options.policyUnreadable });
  }
  let trust: TrustEntry[] = [...trusted];
  let trustSource: VerifyContext['trustSource'] = 'trust-list';
  if (options.publicKeyText !== undefined) {
    trust = await givenKeys(options, trusted);
    trustSource = 'given';
  }
  if (options.givenEntries !== undefined) {
    trust = [...options.givenEntries];
    trustSource = 'given';
  }
  if (options.allowedSignersText !== undefined) {
    const parsed = parseAllowedSignersFile(options.allowedSignersText);
    const skipped = parsed.skipped.map((s) => `line ${s.line} (${s.problem})`);
    const authorities = parsed.signers.filter((s) => s.certAuthority).map((s) => `line ${s.line}`);
    if (skipped.length > 0) {
      notes.push({
        label: 'Allowed signers lines skipped, as ssh-keygen skips them',
        value: skipped.join('; '),
      });
    }
    if (authorities.length > 0) {
      notes.push({
        label: 'Allowed signers lines not used (certificate authorities are not supported yet)',
        value: authorities.join(', '),
      });
    }
    // An allowed_signers file given for this check is the trust list for SSH signatures.
    trust = [
      ...trust.filter((entry) => !allowedSignersFacts.accepts.includes(entry.kind)),
      ...parsed.signers.filter((s) => !s.certAuthority).map(allowedSignerEntry),
    ];
    trustSource = 'allowed-signers';
  }
  return {
    trust,
    trustSource,
    policy,
    namespace: options.namespace ?? 'file',
    wantSha256: options.sha256 ?? true,
    offThread: options.offThread ?? (options.digest !== undefined ? true : undefined),
    ...(options.knownContent ? { knownContent: options.knownContent } : {}),
    progress: {
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    },
    notes,
    material: {
      caRoots: [],
      ...options.material,
      ...(options.caRoots ? { caRoots: [...(options.material?.caRoots ?? []), ...options.caRoots] } : {}),
    },
    onlyListedSigners: options.onlyListedSigners === true,
    ...(options.policyUnreadable !== undefined ? { policyUnreadable: options.policyUnreadable } : {}),
  };
}

async function givenKeys(options: VerifyOptions, trusted: readonly TrustEntry[]): Promise<TrustEntry[]> {
  const text = options.publicKeyText ?? '';
  try {
    return await givenEntries(
      { text, ...(options.publicKeyBytes ? { bytes: options.publicKeyBytes } : {}) },
      trusted,
      (t) => parseGivenKey(t, options.publicKeyFromFile),
    );
  } catch (error) {
    if ((error as Error).message.startsWith(GIVEN_PREFIX)) throw error;
    throw new FormatError(`${GIVEN_PREFIX}${(error as Error).message}`);
  }
}

const GIVEN_PREFIX = 'The public key you gave cannot be read: ';

function parseGivenKey(text: string, fromFile: boolean | undefined): ParsedSignerKey {
  try {
    if (fromFile && /^[A-Za-z0-9+/=\s]+$/.test(text.trim())) {
      throw new FormatError(
        'a public key file starts with an “untrusted comment:” line, and this one has none',
      );
    }
    return parseSignerKey(text);
  } catch (error) {
    throw new FormatError(`${GIVEN_PREFIX}${(error as Error).message}`);
  }
}
