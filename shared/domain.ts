/**
 * What the core keeps and every process shows: a signing key in the keystore and one line of the
 * activity log. The core owns these shapes; the IPC contract passes them on as they are.
 */

export interface KeyInfo {
  id: string;
  name: string;
  keyId: string;
  createdAt: string;
  /** Bare base64 public key (minisign -P form); public, safe to show. */
  publicKey: string;
  /** When the key was last backed up through Signet (ISO time); absent when it never was. */
  backedUpAt?: string;
}

export interface ActivityEntry {
  time: string;
  file: string;
  sha256: string;
  keyId: string;
  output: string;
  /** The key's name in the keystore when the log was written or, failing that, listed. */
  keyName?: string;
  /** A keyless (Sigstore) signing: who signed, who vouched for them, and the public log's entry. */
  identity?: string;
  issuer?: string;
  logIndex?: string;
}
