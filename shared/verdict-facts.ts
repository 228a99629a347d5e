/**
 * What a signature said and what Signet confirmed, typed by kind: the words and rows a person sees
 * are made from these (shared/verdict-words), and main decides "trust this signer" from them.
 * Values a signature or certificate states are its own claim, untouched: escape them to show them.
 */

/** Where a signing time comes from: the signer's own clock, or a timestamp / log someone else signed. */
export type SignedAtSource = 'signer' | 'timestamp' | 'transparency-log';

/** The kinds whose signer is a raw key known by its id: their facts need nothing from the module. */
export const KEY_FACT_KINDS = ['minisign', 'signify', 'ssh'] as const;

/** minisign, signify and SSH: a raw key, known by its id. */
interface KeyFacts {
  kind: (typeof KEY_FACT_KINDS)[number];
  /** minisign/signify key id (16 hex digits) or an SSH key fingerprint (SHA256:...). */
  keyId?: string;
  /** Signed text (minisign trusted comment), only once the signature checked out. */
  trustedComment?: string;
  signedAt?: string;
}

/** Another signature on the same file and what became of it. */
export interface OtherSignature {
  /** A key id or fingerprint, or the signature's method for certificate-based kinds. */
  signer: string;
  outcome: 'valid' | 'not trusted' | 'does not match' | 'refused';
  /** Authenticode: a signature nested inside the first rather than beside it. */
  nested?: boolean;
  /** Why it is not valid, in the format's words. */
  note?: string;
}

export interface OpenPgpFacts {
  kind: 'openpgp';
  /** Primary key fingerprint, in groups of four, once the certificate is known. */
  fingerprint?: string;
  /** The key id or fingerprint the signature names (all there is for an unknown signer). */
  issuer?: string;
  signingSubkey?: string;
  /** User IDs bound by a valid self-signature: what the key says about itself, never confirmed. */
  userIds: string[];
  hash?: string;
  /** When the signature says it was made (the signer's clock). */
  signatureTime?: string;
  /** The signature is inside the file (cleartext-signed text). */
  cleartext: boolean;
  /** The key came from the person for this check alone (--pubkey), not from a trust list. */
  givenKey: boolean;
  others: OtherSignature[];
}

export interface AuthenticodeFacts {
  kind: 'authenticode';
  /** The publisher's name: the trust list's, or the certificate's as a CA vouched for it. */
  publisher?: string;
  /** Who vouched for the name: "Your trust list", or the issuing certificate authority. */
  vouchedBy?: string;
  /** Whether the person or their organisation chose this publisher, or only a CA vouches for it. */
  chosenBy?: 'you' | 'organisation' | 'certificate-authority';
  /** The certificate chain as names, from the publisher to the root. */
  chain: string[];
  /** SHA-256 thumbprint of the publisher's certificate. */
  thumbprint?: string;
  /** The certificate's subject, when nothing confirmed it. */
  certificateSays?: string;
  /** The publisher's certificate names itself as its issuer: no authority vouches for it at all. */
  selfSigned?: boolean;
  signedAt?: string;
  signedAtSource?: SignedAtSource;
  /** What the timestamp proved, or why it was ignored, in the format's words. */
  timestampNote?: string;
  /** The program's name and web address as the publisher wrote them: their own claim. */
  programName?: string;
  moreInfoUrl?: string;
  others: OtherSignature[];
}

export type TrustRootOrigin = 'built-in' | 'updated' | 'given' | 'managed';

export interface SigstoreFacts {
  kind: 'sigstore';
  /** Identity and issuer as the signing certificate states them (absent for a key-signed bundle). */
  identity?: string;
  issuer?: string;
  logIndexes: string[];
  /** When the transparency log recorded the signature. */
  integratedTime?: string;
  /** RFC 3161 time stamps in the bundle. */
  timestamps: string[];
  /** Which trusted root was used, and the date of its newest key. */
  trustRoot?: string;
  trustRootNewestKey?: string;
  /** Where that root came from: built in, updated through Sigstore's TUF service, given, or pinned. */
  trustRootOrigin?: TrustRootOrigin;
  /** For an updated root: when the update service last vouched for it (its age). */
  trustRootUpdatedAt?: string;
  /** A DSSE attestation: the name it gives the file, and its type. */
  attestation?: { subjectName?: string; predicateType?: string };
}

/** The facts of one signature, by kind. */
export type SignatureFacts = KeyFacts | OpenPgpFacts | AuthenticodeFacts | SigstoreFacts;

/** The facts of one kind (KeyFacts serves three kinds, so a plain Extract would miss them). */
export type FactsOfKind<K extends SignatureFacts['kind']> = SignatureFacts & {
  kind: K;
};

/** A file found in a signed checksum list: the list, and the facts of the list's own signature. */
export interface ChecksumListFacts {
  kind: 'checksum-list';
  /** The list's file name (SHA256SUMS). */
  list: string;
  signature?: SignatureFacts;
}

export type VerdictFacts = SignatureFacts | ChecksumListFacts;

/** The facts of the signature that decided, whether the file was signed itself or through a list. */
export function signatureFactsOf(facts: VerdictFacts | undefined): SignatureFacts | undefined {
  return facts?.kind === 'checksum-list' ? facts.signature : facts;
}

/** The facts of a publisher named by a certificate, when that is what decided. */
export function publisherFactsOf(facts: VerdictFacts | undefined): AuthenticodeFacts | undefined {
  const signature = signatureFactsOf(facts);
  return signature?.kind === 'authenticode' ? signature : undefined;
}
