/**
 * A code-signing certificate and whatever holds its private key: a key decrypted in memory from a
 * PKCS#12 file in the keystore, or a PKCS#11 token that signs on request and never lets the key
 * out. Authenticode signing (PE and MSI alike) builds its SignedData through this alone, so where
 * the key lives never changes what is signed.
 */
export interface CodeSigningKey {
  /** The signing certificate first, then the rest of its chain as far as it is known; DER. */
  readonly chain: readonly Uint8Array[];
  /** The key's family, which decides the SignerInfo's signature algorithm. */
  readonly algorithm: 'rsa' | 'ecdsa';
  /**
   * Signs `data` (the DER of the signed attributes) with SHA-256: RSASSA-PKCS1-v1_5 for RSA, a DER
   * ECDSA-Sig-Value for ECDSA.
   */
  sign(data: Uint8Array): Promise<Uint8Array>;
  /** Forgets the key once the job is over: wipes it from memory, or logs out of the token. */
  close(): Promise<void>;
}
