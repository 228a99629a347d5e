import type { SignatureFacts } from '../../../shared/verdict-facts';
import type { DigestAlgorithm, Digests } from '../hashing/digest-algorithms';
import type { PolicyRule, VerifyPolicy } from '../policy/verify-policy';
import type { FormatId, HashName } from './ids';
import type { SigningReads, SigningSide } from './signing-side';
import type { TrustKind } from './trust-kind';
import type { VerdictSignerHook, VerifiedByHook } from './verdict-signer';

export type { FormatId, HashName } from './ids';

/** What a signature needs from the artifact. All needs of all candidates are met in one read. */
export type ContentNeed =
  | { kind: 'digests'; algorithms: readonly DigestAlgorithm[] }
  /**
   * OpenPGP: H(prefix ‖ content ‖ suffix); `canonicalText` hashes the content with line ends made
   * CRLF. `prefix` is a v6 signature's salt (absent for v4/v5).
   */
  | {
      kind: 'hash-then-suffix';
      algorithm: HashName;
      suffix: Uint8Array;
      prefix?: Uint8Array;
      canonicalText?: boolean;
    }
  /** signify, minisign legacy, Sigstore message signatures: capped by policy.wholeMessageLimit. */
  | { kind: 'whole-message' }
  /** Authenticode: the PE image digest (all but checksum, certificate directory and table). */
  | { kind: 'pe-image-digest'; algorithm: HashName }
  /**
   * H(prefix ‖ content): Ed25519 without a prehash (signify, minisign legacy) needs
   * SHA-512(R ‖ A ‖ M), which the one read computes streaming, so no whole-file buffer is needed.
   */
  | { kind: 'prefixed-hash'; algorithm: 'sha512'; prefix: Uint8Array }
  /**
   * H(the given byte ranges of the content, in order): an embedded signature's digest that leaves
   * out the signature itself (Authenticode: all but the checksum, the certificate table entry and
   * the table). Ranges are [start, end) offsets, ascending and not overlapping.
   */
  | { kind: 'ranged-hash'; algorithm: HashName; ranges: readonly (readonly [number, number])[] }
  /**
   * H(prefix ‖ the given byte ranges, in the order given): a container whose signed parts lie out
   * of file order (an MSI's streams, hashed in name order). Read by ranges after the one pass.
   */
  | {
      kind: 'scattered-hash';
      algorithm: HashName;
      prefix?: Uint8Array;
      ranges: readonly (readonly [number, number])[];
    };

/** What the one read produced, for the needs a signature listed. */
export interface ContentFacts {
  size: number;
  digests: Digests;
  /** One entry per 'hash-then-suffix' need, in the order the needs were listed. */
  suffixed: readonly Uint8Array[];
  message?: Uint8Array;
  /** One entry per 'prefixed-hash' need, in the order the needs were listed. */
  prefixed?: readonly Uint8Array[];
  /** One entry per 'ranged-hash' need, in the order the needs were listed. */
  ranged?: readonly Uint8Array[];
  /** One entry per 'scattered-hash' need, in the order the needs were listed. */
  scattered?: readonly Uint8Array[];
  peDigests?: Partial<Record<HashName, Uint8Array>>;
}

/** The answer about one signature alone, before it is tied to an artifact or a list entry. */
export interface FormatCheck {
  outcome: 'valid' | 'unknown-signer' | 'invalid' | 'refused';
  /** Set with 'refused' (and where a policy rule made an 'unknown-signer'). */
  rule?: PolicyRule;
  /** A plain sentence; no jargon a non-expert must decode. */
  reason: string;
  /** How the signature was made, in the format's words: details panel only. */
  algorithm: string;
  /** minisign/signify key id, SSH fingerprint, OpenPGP primary fingerprint, certificate thumbprint. */
  keyId?: string;
  /** Only from the trust list (or a CA-vouched certificate name for Authenticode), never the signature's own claim. */
  signerName?: string;
  signerManaged?: boolean;
  /** Who vouched for the name ("Your trust list", "DigiCert"). */
  vouchedBy?: string;
  /** Certificate-based formats: the chain as names, from the signer to the root. */
  issuerChain?: readonly string[];
  /** Signed metadata: attached only to 'valid'. */
  trustedComment?: string;
  signedAt?: string;
  /** Where signedAt comes from: the signer's own claim, or a timestamp / log someone else signed. */
  signedAtSource?: 'signer' | 'timestamp' | 'transparency-log';
  /** Extra facts for the details panel ("The key says": a User ID). Never a headline. */
  details?: readonly { label: string; value: string }[];
  /** The same facts, typed: what the words and "trust this signer" are made from. Key formats leave it to the core. */
  facts?: SignatureFacts;
  /** The trust entry's own record (when and from which file it was added), for the details. */
  trustedFrom?: { addedAt?: string; addedFrom?: string };
}

export interface CheckContext<T> {
  /** Only entries whose kind the module accepts. */
  trust: readonly T[];
  /** Roots and other material that is not a per-signer entry (CA roots, Sigstore trusted root). */
  material: TrustMaterial;
  policy: VerifyPolicy;
  /** "The file", "The checksum list SHA256SUMS": used at the start of reasons. */
  what: string;
  /**
   * The checked file's own name ("acme-1.1.exe"), when it has one: a signature whose signed data
   * names another file is for that file, not a sign this one was changed.
   */
  fileName?: string;
  /** SSH namespace ('file'), Authenticode EKU; the module knows what it means. */
  purpose?: string;
  /**
   * A managed list said only listed signers count ("only install software from known publishers"):
   * a CA-vouched Authenticode publisher not in `trust` is then unknown-signer, as a key would be.
   */
  onlyListedSigners?: boolean;
  /**
   * Where `trust` came from, for the wording of an unknown-signer reason: the trust list, a key
   * given for this check alone (--pubkey), or an allowed_signers file given for it.
   */
  trustSource?: 'trust-list' | 'given' | 'allowed-signers';
}

export interface TrustMaterial {
  /** DER certificates of roots trusted for code signing (system store, managed file, --ca-roots). */
  caRoots: readonly Uint8Array[];
  /**
   * A Sigstore trusted root (parsed JSON) and where it came from: given for this run, or pinned by
   * the organisation (`pinned`), which replaces the public-good root and its updates.
   */
  sigstoreTrustedRoot?: { json: unknown; source: string; pinned?: boolean };
  /** Keep the public-good Sigstore root current through TUF (the app and the CLI); absent: the built-in root. */
  sigstoreRootUpdate?: SigstoreRootUpdate;
  /** A managed Sigstore key given for one run (`--pubkey`): PEM or DER SPKI; `source` names it as the signer. */
  sigstorePublicKey?: { key: Uint8Array; source: string };
}

/** How the public-good Sigstore trusted root is kept current (formats/sigstore-root.ts builds it). */
export interface SigstoreRootUpdate {
  /** The config folder's Sigstore folder: the last root TUF vouched for, and TUF's metadata. */
  cacheDir: string;
  /** False when the organisation turned updates off: the cached or built-in root, no network. */
  refresh: boolean;
  /** Another TUF repository (tests); the public-good one by default. */
  mirrorUrl?: string;
  /** That repository's first TUF root.json, which @sigstore/tuf ships only for the public-good one. */
  seedRootPath?: string;
  /** How long a check waits for the update service (default 3 s). */
  timeoutMs?: number;
}

/** Reads an artifact for `FormatModule.embedded`: bytes at an offset, never past the end. */
export interface EmbeddedReader {
  readonly size: number;
  read(offset: number, length: number): Uint8Array;
}

export interface ParsedSignature {
  format: FormatId;
  /** 'legacy' | 'embedded' | 'cleartext' | 'dsse' …: display and policy only. */
  variant?: string;
  /** The signature carries its signed content (signify -e, a cleartext-signed list). */
  carriedMessage?: Uint8Array;
  needs: readonly ContentNeed[];
}

/**
 * What the registry knows of a kind without loading its code: enough to recognise a file, find
 * signatures beside it and pick trust entries. Each `formats/<kind>/descriptor.ts` holds these with
 * a cheap import graph (no OpenPGP, PKI or Sigstore library), so a check pays to load only the
 * modules its files need.
 */
export interface FormatFacts {
  readonly id: FormatId;
  /** Trust entry kinds this module may use (signify: ['minisign']). */
  readonly accepts: readonly string[];
  readonly placement: 'detached' | 'embedded';
  /** Discovery hints only: the kind always comes from the content. */
  readonly suffixes: readonly string[];
  /**
   * Names of signed checksum lists this format publishes under, beyond the common ones
   * (SHA256SUMS …): discovery looks for them in the artifact's folder ("SHASUMS256.txt.asc").
   */
  readonly listNames?: readonly string[];
  /**
   * The largest detached signature file of this kind that is real (default 64 KiB): a Sigstore
   * bundle carries certificates, log proofs and perhaps an attestation, and may be larger.
   */
  readonly maxSignatureBytes?: number;
  /**
   * Cheap, never throws. For a detached kind: these are the first bytes of a signature file it
   * reads. For an embedded kind: a file starting with these bytes may carry its signature inside
   * it; `embedded()` is asked only then, so the module is loaded only then.
   */
  recognise(head: Uint8Array): boolean;
  /**
   * For an embedded kind: the needs its check will most likely have for a file that starts with
   * `head` (RECOGNISE_WINDOW_BYTES of it) and is `size` bytes long, guessed from those bytes alone so
   * the one read can start before the module and its libraries load. A check uses what that read
   * found only when its needs turn out to be exactly these; a wrong guess costs a read.
   */
  earlyNeeds?(head: Uint8Array, size: number): readonly ContentNeed[] | undefined;
  /**
   * The hashes of the whole artifact a detached signature starting with these bytes will surely
   * need, guessed before the module loads so the CLI can start them at once (issue 21); undefined
   * when unsure. Cheap, never throws. A wrong guess costs only time: the plan decides.
   */
  earlyPasses?(head: Uint8Array): string[] | undefined;
  /** The trust entries this format owns, and what screens and dialogs say about them. */
  readonly trust?: TrustKind;
  /** "Trust this signer" from a verdict card, for a signature that names its own signer. */
  readonly verdictSigner?: VerdictSignerHook;
  /** Which trust entry verified a verdict that names no key. */
  readonly verifiedBy?: VerifiedByHook;
  /** Options this format adds to the CLI's commands (`--bundle`, `--ca-roots` …). */
  readonly cliOptions?: readonly CliOption[];
  /**
   * What its signing side reads of each file, for `signet sign` to start reading a large file
   * while the module loads and the key opens (core/sign/early-read.ts); the job checks the read is
   * the one it needs before using it. Its signing side spreads the same object.
   */
  readonly signingReads?: SigningReads;
}

/** One option a format adds to a `signet` command; the command reads it by its camel-cased name. */
export interface CliOption {
  readonly command: 'verify' | 'trust add' | 'sign';
  /** As commander takes it: `--bundle <bundle>`. */
  readonly flags: string;
  readonly description: string;
}

/** A registry entry: the facts, and the module itself loaded on first need. */
export interface FormatDescriptor extends FormatFacts {
  // biome-ignore lint/suspicious/noExplicitAny: each module is typed by its own signature and entry kinds
  load(): Promise<FormatModule<any, any>>;
}

/**
 * One signature kind as a module (../shared/design/ARCHITECTURE.md "Formats as modules"). Each
 * `formats/<kind>/module.ts` exports one FormatModule and `descriptor.ts` its light facts;
 * `formats/registry.ts` lists the descriptors, and discovery and verification walk that list. No
 * code outside `formats/` branches on a kind.
 */
export interface FormatModule<S extends ParsedSignature = ParsedSignature, T = unknown> extends FormatFacts {
  /** FormatError on bad structure; no trust, no policy here. */
  parse(bytes: Uint8Array): S;
  /**
   * Needs once the trust is known (Ed25519 without prehash hashes R ‖ A ‖ M, and A is the trusted
   * key's). Default: `sig.needs`. The facts `check` gets answer these needs, in this order.
   */
  needsWith?(sig: S, trust: readonly T[]): readonly ContentNeed[];
  /**
   * For placement 'embedded': finds the signature inside the artifact, reading it through `file`
   * (the one open descriptor of the check; reads are capped in total). Undefined when the artifact
   * carries none; FormatError when it carries a damaged one.
   */
  embedded?(file: EmbeddedReader): S | undefined;
  /** Rules that need only the signature (algorithm, hash, key size): run before the artifact is read. */
  precheck?(sig: S, policy: VerifyPolicy): { ok: true } | { ok: false; rule: PolicyRule; reason: string };
  /** Never throws on bad data. */
  check(sig: S, content: ContentFacts, ctx: CheckContext<T>): FormatCheck | Promise<FormatCheck>;
  /** How Signet signs in this format, for a format it can sign in (signing-side.ts). */
  // biome-ignore lint/suspicious/noExplicitAny: each format signs with its own key type
  signing?: SigningSide<any>;
}
