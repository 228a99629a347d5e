/** A bundle's message digest algorithm as Signet hashes it (bundle-reader.ts reads the same two). */
const MESSAGE_HASHES: Readonly<Record<string, string>> = { SHA2_256: 'sha256', SHA2_512: 'sha512' };

/** The digest a message-signature bundle signs, when its JSON is whole in these bytes. Cheap, never throws. */
export function sigstoreEarlyPasses(head: Uint8Array): string[] | undefined {
  try {
    const bundle = JSON.parse(Buffer.from(head).toString('utf8')) as {
      messageSignature?: { messageDigest?: { algorithm?: unknown } };
    };
    const hash = MESSAGE_HASHES[String(bundle.messageSignature?.messageDigest?.algorithm)];
    return hash ? [hash] : undefined;
  } catch {
    return undefined;
  }
}
