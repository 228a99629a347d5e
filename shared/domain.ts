/**
 * What the core keeps and every process shows: a signing key in the keystore and one line of the
 * activity log. The core owns these shapes; the IPC contract passes them on as they are.
 */

/**
 * What a keystore record signs with, each kind by its own format: a minisign key pair, an OpenPGP
 * key, or an X.509 code-signing certificate with its private key (Authenticode).
 */
export type SigningKeyKind = 'minisign' | 'openpgp' | 'x509';

export interface KeyInfo {
  /** The record's id in the keystore: 16 upper-case hex digits, unique across kinds. */
  id: string;
  kind: SigningKeyKind;
  name: string;
  /**
   * The id people compare: the minisign key id, the OpenPGP long key id (the fingerprint's last 16
   * hex digits), or a certificate thumbprint's first 16. Equal to `id`.
   */
  keyId: string;
  createdAt: string;
  /**
   * The public half in the kind's own text form, safe to show: minisign's bare base64 (-P form), an
   * armored OpenPGP certificate, or the certificate chain as PEM (leaf first).
   */
  publicKey: string;
  /** OpenPGP: the v4 fingerprint (40 hex); X.509: the SHA-256 thumbprint (64 hex). Upper case. */
  fingerprint?: string;
  /** Who the key speaks for, as its card shows it: an OpenPGP User ID, a certificate's subject. */
  label?: string;
  /** When the key or certificate stops being valid (ISO time); absent when it never expires. */
  expiresAt?: string;
  /**
   * Where the private half lives: encrypted in the keystore (the default), or on a hardware token,
   * in which case the record's key file holds only where to find it.
   */
  location?: 'keystore' | 'token';
  /**
   * With location 'token': the token as its module named it when the key was added (its label,
   * maker and model), so the card and `signet key list` can say which token. Absent in records
   * added before Signet kept it, and in any part the token left blank.
   */
  token?: TokenName;
  /** When the key was last backed up through Signet (ISO time); absent when it never was. */
  backedUpAt?: string;
  /** Shown, never stored: main adds it when listing keys. A certificate's issuer, as its card shows it. */
  issuer?: string;
  /** Shown, never stored: main adds it when listing keys. Whether the key signs inside files (Authenticode). */
  signsInside?: boolean;
  /** Set once the key was retired in favour of another, announced by a statement both signed. */
  retired?: KeyRetirement;
}

/** A hardware token as its PKCS#11 module describes it, for people to recognise it. */
export interface TokenName {
  label?: string;
  manufacturer?: string;
  model?: string;
}

/** A code-signing certificate found on a hardware token, offered to be added to the keystore. */
export interface TokenCertificate {
  /** The slot's id as pkcs11-tool prints it. */
  slotId: string;
  /** The token's own label. */
  token: string;
  /** The certificate's label on the token (CKA_LABEL). */
  objectLabel: string;
  subject: string;
  expiresAt: string;
  /** Whether its private key shows without the PIN (many tokens hide keys until logged in). */
  keyVisible: boolean;
}

export interface KeyRetirement {
  /** When (ISO time). */
  at: string;
  /** The key id of the key that replaces it. */
  successorKeyId: string;
  /** Why, as the person wrote it in the statement. */
  reason?: string;
}

export interface ActivityEntry {
  time: string;
  file: string;
  sha256: string;
  keyId: string;
  output: string;
  /** The key's name in the keystore when the log was written or, failing that, listed. */
  keyName?: string;
  /** The signature format written (absent in entries from before formats were logged: minisign). */
  format?: string;
  /** The signing key's fingerprint, for kinds that have one (OpenPGP). */
  fingerprint?: string;
  /** A keyless (Sigstore) signing: who signed, who vouched for them, and the public log's entry. */
  identity?: string;
  issuer?: string;
  logIndex?: string;
}
