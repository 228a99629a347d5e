import type { KeyInfo } from '../../../shared/domain';
import type { DigestAlgorithm, Digests } from '../hashing/digest-algorithms';
import type { KnownContent } from '../hashing/known-content';
import type { ReleaseKit } from '../sign/release-kit';

/**
 * The signing side of a format (`FormatModule.signing`): what it can sign with, what it writes,
 * how it signs over the one read of a file, and which outside tool checks the result. Signing
 * orchestration (core/sign/sign-job.ts) reaches a format only through this and the registry.
 *
 * The shape has room for every kind Signet reads: a detached signature beside the file (minisign
 * `.minisig`, OpenPGP `.asc`/`.sig`, Sigstore `.sigstore.json`), a clearsigned text that carries
 * what it signs (an OpenPGP-signed checksum list), and a signature embedded in the file itself,
 * which rewrites it (Authenticode).
 */
export interface SigningSide<K = unknown> {
  /** The keystore record kinds this format signs with (SigningKeyKind), or a keyless kind (Sigstore). */
  readonly keyKinds: readonly string[];
  /** Every output it can write, the first being what it writes unless asked otherwise. */
  readonly writes: readonly SignatureOutput[];
  /** The outside tool that checks what it writes, so tests and people can confirm it independently. */
  readonly interop: InteropNote;
  /** What the one read of a file must produce for `sign`. */
  readonly digests: readonly DigestAlgorithm[];
  /** The signed comment to use when the person gives none, for formats that sign one. */
  defaultComment?(file: string, now: Date): string;
  /**
   * The comment the person typed, as it will be signed: undefined for "none given" (blank), a
   * SignetError 'usage' for one the format cannot carry.
   */
  checkComment?(comment: string | undefined): string | undefined;
  /** Refuses a key that cannot sign (damaged, or its halves disagree): SignetError 'usage'. */
  checkKey(key: K): void;
  /** The key's id as people compare it ("E7620F1842B4E81F"). */
  keyId(key: K): string;
  /**
   * Signs over the digests of the one read of `file` (named for the comment and the output). A
   * format that asks services online (Sigstore keyless: a log, a timestamp) answers with a promise.
   */
  sign(input: SignInput<K>): SignedOutput | Promise<SignedOutput>;
  /**
   * Reads back a signature as written and checks it against the public key, as anyone who
   * downloads the file will. Returns undefined when it checks out, else why not, in plain words.
   */
  recheck(input: RecheckInput<K>): Promise<string | undefined>;
  /**
   * Opens a key its own code filed in the keystore (`Keystore.add`), for one job: SignetError
   * 'wrong-passphrase' when the passphrase is wrong. Absent for minisign, which Keystore.unlock opens.
   */
  openStoredKey?(stored: { info: KeyInfo; keyFile: Uint8Array }, passphrase: string): Promise<K>;
  /**
   * Moves a stored key's expiry two years on by re-signing it (OpenPGP's self-signatures): the new
   * key file, public key and expiry, for Keystore.rewrite. Absent for kinds that do not expire so.
   */
  extendStoredKey?(
    stored: { info: KeyInfo; keyFile: Uint8Array },
    passphrase: string,
  ): Promise<{ keyFile: string; publicKey: string; expiresAt: string }>;
  /**
   * The release styles it writes (OpenPGP: apache, node, debian), the first the default. A format
   * with styles signs through `prepare`/`clearsign`, each file read once (core/sign/styled-job.ts).
   */
  readonly styles?: readonly ReleaseStyle[];
  /**
   * A signature whose hashed part is fixed before the file is read: the read computes
   * H(content ‖ suffix), and `finish` turns that digest into the output's bytes.
   */
  prepare?(key: K, output: SignatureOutput, created: Date): PreparedOutput;
  /** A text that carries its own signature (an OpenPGP clearsigned checksum list). */
  clearsign?(text: string, key: K, created: Date): string;
  /** The release kit of a release signed in one of its styles: the key, what goes beside the files, the commands. */
  releaseKit?(input: StyledKitInput): ReleaseKit;
  /**
   * Announcing a new key with a statement signed by the old and the new one (core/sign/key-transition.ts).
   * Absent for kinds that cannot (a code-signing certificate).
   */
  readonly transition?: TransitionSupport<K>;
  /** Puts a key away once its job is over (wipes it, or logs out of the token). */
  forgetKey?(key: K): Promise<void>;
  /**
   * A format whose signature lives inside the file (style 'embedded', Authenticode): signs `file`
   * by rewriting it atomically (a temporary file renamed over it; nothing partial is left). The
   * key may sign remotely (a token) and a timestamp may be fetched on the way, hence async.
   */
  signEmbedded?(input: EmbeddedSignInput<K>): Promise<EmbeddedSigned>;
  /** Whether `file` already carries this format's signature (the preflight's "will be replaced"). */
  alreadySigned?(file: string): Promise<boolean>;
  /**
   * Secret-key files this format imports into the keystore (`signet key import`, the app's import):
   * `recognisesKeyFile` is a quick look at the bytes that never throws; `importKeyFile` reads the
   * file (asking for its passphrase only when it needs one) into the record the keystore files.
   */
  recognisesKeyFile?(bytes: Uint8Array): boolean;
  /**
   * The revocation certificate kept in a stored key's file since its creation or import (OpenPGP,
   * as gpg makes one with each key), for the backup to write beside it; undefined when there is none.
   */
  revocationOf?(keyFile: Uint8Array): string | undefined;
  /** What a key's card shows beyond its record (a certificate's issuer), from the record alone. */
  describeKey?(info: KeyInfo): { issuer?: string };
  importKeyFile?(bytes: Uint8Array, passphrase: () => Promise<string>, now: Date): Promise<ImportedKeyFile>;
}

/** How a format signs a key transition statement. */
export interface TransitionSupport<K> {
  /** The lines, part of the signed text, that check the statement with the outside tool. */
  checkCommands(input: {
    statementFile: string;
    signers: readonly { publicKey: string; signatureFile?: string }[];
  }): string[];
  /**
   * One text carrying a signature by each key (OpenPGP's cleartext message), the old key's first.
   * Absent: each key signs a detached signature beside the text, through `sign`.
   */
  signTogether?(text: string, keys: readonly K[], created: Date): string;
  /** Reads back such a text: undefined when it carries a good signature by each key, in order, else why not. */
  checkTogether?(bytes: Uint8Array, publicKeys: readonly string[]): Promise<string | undefined>;
}

export interface ReleaseStyle {
  /** As typed after --style ("apache"). */
  name: string;
  /** One line for the app's picker. */
  description: string;
  /** Signatures beside each file. */
  perFile: readonly StyleOutput[];
  /** Plain checksum files beside each file (apache: FILE.sha512 in sha512sum's form). */
  checksums: readonly { suffix: string; algorithm: 'sha256' | 'sha512' }[];
  /** A checksum list of every file, in sha256sum's form, and its signatures beside it. */
  list?: { name: string; algorithm: 'sha256' | 'sha512'; outputs: readonly StyleOutput[] };
}

export type StyleOutput = SignatureOutput & { suffix: string };

/**
 * What signing in a format reads of each file, as light data: its side's `digests` (a style's
 * signatures hash with the first) and `styles`. The descriptor carries it (FormatFacts.signingReads),
 * so a large file's read can start before the format's module and the key are loaded.
 */
export interface SigningReads {
  readonly digests: readonly DigestAlgorithm[];
  readonly styles?: readonly ReleaseStyle[];
}

export interface PreparedOutput {
  algorithm: 'sha256' | 'sha512';
  suffix: Uint8Array;
  finish(digest: Uint8Array): string | Uint8Array;
}

export interface StyledKitInput {
  keyName: string;
  publicKey: string;
  fingerprint?: string;
  /** The file people save the public key as. */
  publicKeyFile: string;
  style: ReleaseStyle;
  /** The signed files' names, relative to the folder the kit's commands run in. */
  files: readonly string[];
  /** The style's checksum list as written, when it has one. */
  listText?: string;
}

/** A key file read for the keystore: its record (without name and dates), the file to keep, a name to offer. */
export interface ImportedKeyFile {
  record: Omit<KeyInfo, 'createdAt' | 'backedUpAt' | 'name'>;
  keyFile: Uint8Array;
  suggestedName: string;
  /** What the person should know now (a certificate close to expiry), one sentence each. */
  warnings: string[];
}

interface EmbeddedSignInput<K> {
  file: string;
  key: K;
  /** What to do when the file is already signed: refuse, replace its signature, or add a second one. */
  existing: 'refuse' | 'replace' | 'nest';
  /** Time-stamping servers, tried in order; none for an untimestamped signature (the caller warned). */
  timestampUrls: readonly string[];
  /** Roots a time-stamping authority must chain to. */
  timestampRoots: readonly Uint8Array[];
  /** The program name and web address the signature states (the publisher's own claims). */
  description?: string;
  url?: string;
  /** An installer package: also sign its file list (MSI's MsiDigitalSignatureEx stream). */
  signFileList?: boolean;
  signal?: AbortSignal;
  onProgress?(bytesDone: number, bytesTotal: number): void;
}

export interface EmbeddedSigned {
  file: string;
  /** The digest signed, lowercase hex, and the algorithm it was made with. */
  digest: { algorithm: 'sha256'; hex: string };
  /** The time-stamping server whose timestamp is in the signature; absent when untimestamped. */
  timestampUrl?: string;
  /** What happened to a signature the file already had. */
  previous?: 'replaced' | 'nested';
  /** The signed file's content hashes, read back from it as it was written, for the check after. */
  knownContent?: KnownContent;
}

interface SignatureOutput {
  /**
   * 'detached': a signature file beside the signed one; 'clearsigned': a text that carries what it
   * signs; 'bundle': a detached file that also carries the proofs (certificate, log entry);
   * 'embedded': inside the file, which is rewritten.
   */
  style: 'detached' | 'clearsigned' | 'bundle' | 'embedded';
  /** Added to the signed file's name (".minisig", ".asc", ".sigstore.json"); none for embedded. */
  suffix?: string;
  /** ASCII armour (OpenPGP .asc) or binary (.sig). */
  encoding?: 'text' | 'binary';
}

interface InteropNote {
  /** The outside tool ("minisign", "gpg", "osslsigncode", "cosign"). */
  tool: string;
  /** The command that checks a signed file, with FILE, SIG and KEY standing for the paths. */
  command: string;
}

interface SignInput<K> {
  /** The signed file's path (its name goes into a default comment; nothing is read from it here). */
  file: string;
  /** The digests the one read produced, for the algorithms `digests` lists. */
  digests: Digests;
  key: K;
  comment?: string;
}

type SignedOutput =
  /** Bytes to write beside the file, at the format's default place unless the caller picks another. */
  | {
      write: 'beside';
      suffix: string;
      content: string | Uint8Array;
      comment?: string;
      /** Who signed, as a keyless signature records it (for the activity log). */
      signedAs?: SignedAs;
    }
  /** The whole file again, with its signature inside (an embedded format). */
  | { write: 'replace-file'; content: Uint8Array };

/** The identity a keyless signature was made as, and where the public log recorded it. */
export interface SignedAs {
  identity: string;
  issuer: string;
  logIndex: string;
}

interface RecheckInput<K> {
  /** The bytes of the signature as read back from disk. */
  signature: Uint8Array;
  /** The public key, in the format's own text form (minisign: bare base64). */
  publicKey: string;
  /** The signed file's digests: the signing read's when known, else it is hashed again. */
  digests(algorithms: readonly DigestAlgorithm[]): Promise<Digests>;
  /** The signed file's bytes, for a signature over the whole message (minisign legacy). */
  readFile(): Promise<Uint8Array>;
  /** H(content ‖ suffix): the signing read's when the suffix is the one signed, else read again. */
  suffixedDigest?(algorithm: 'sha256' | 'sha512', suffix: Uint8Array): Promise<Uint8Array>;
  /** The job's key, for a format whose check needs more than a public key (Sigstore: root and identity). */
  key?: K;
}
