import type { DigestAlgorithm, Digests } from '../hashing/digest-algorithms';

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
  /** Key kinds this format signs with ('minisign' today; 'openpgp', 'x509-code-signing', 'sigstore-oidc'). */
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
  /** The job's key, for a format whose check needs more than a public key (Sigstore: root and identity). */
  key?: K;
}
