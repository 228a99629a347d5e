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
  /** Set once the key was retired in favour of another, announced by a statement both signed. */
  retired?: KeyRetirement;
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
}
