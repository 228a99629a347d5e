import { createMessage, generateKey, type PrivateKey, readPrivateKey, sign } from 'openpgp';

/**
 * A distribution-style developer keyring made at test time: `count` Ed25519 certificates
 * (openpgp.js), concatenated as gpg --export writes them, and a way to sign as one of them.
 */
export interface TestKeyring {
  keyring: Uint8Array;
  /** A detached binary signature over `data` by the certificate at `signerIndex`. */
  signDetached(data: Uint8Array): Promise<Uint8Array>;
}

export async function makeKeyring(
  count: number,
  options: { signerIndex?: number; userIdsPerKey?: number } = {},
): Promise<TestKeyring> {
  const signerIndex = options.signerIndex ?? Math.floor(count * 0.7);
  const userIdsPerKey = options.userIdsPerKey ?? 1;
  const parts: Uint8Array[] = [];
  let signer: PrivateKey | undefined;
  for (let i = 0; i < count; i++) {
    const { publicKey, privateKey } = await generateKey({
      type: 'curve25519',
      // Real developers list several addresses: more User IDs make a keyring of realistic size.
      userIDs: Array.from({ length: userIdsPerKey }, (_, u) => ({
        name: `Developer ${i}`,
        email: `dev${i}.${u}@distro.test`,
      })),
      format: 'binary',
    });
    parts.push(publicKey);
    if (i === signerIndex) signer = await readPrivateKey({ binaryKey: privateKey });
  }
  const key = signer;
  if (!key) throw new Error('the signer index is outside the keyring');
  return {
    keyring: new Uint8Array(Buffer.concat(parts)),
    async signDetached(data) {
      return sign({
        message: await createMessage({ binary: data }),
        signingKeys: key,
        detached: true,
        format: 'binary',
      });
    },
  };
}
