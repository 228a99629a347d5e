import { createHash, X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import { formatDate } from '../../../../shared/dates';
import { FormatError, SignetError } from '../../errors';
import { SECRET_KEY_FILE_MAX_BYTES } from '../../limits';
import { managedTokenModule } from '../../policy/token-module';
import type { ImportedKeyFile, SigningSide } from '../signing-side';
import { checkCodeSigningCertificate } from './code-signing-certificate';
import type { CodeSigningKey } from './code-signing-key';
import { pemCertificates, systemCaRoots } from './system-roots';

const DAY = 86_400_000;
/** A certificate this close to its end gets a warning where it is shown and when it is imported. */
const EXPIRY_WARNING_DAYS = 30;

const thumbprint = (der: Uint8Array) => createHash('sha256').update(der).digest('hex').toUpperCase();

/**
 * Authenticode's signing side (its heavy parts, PKCS#12 and the writer, load only when used, so a
 * check of a program never loads them): a code-signing certificate and its key (from a PKCS#12 file kept in
 * the keystore as given, or a token), the signature embedded in the program itself. The PKCS#12
 * file is stored exactly as the person handed it over: still encrypted under its own password, so
 * no plaintext key is ever written and the password they already have opens it (the cost: an old
 * file stays under its old 3DES and SHA-1 protection; Signet says so nowhere else, see README).
 */
export const authenticodeSigning: SigningSide<CodeSigningKey> = {
  keyKinds: ['x509'],
  writes: [{ style: 'embedded' }],
  interop: {
    tool: 'osslsigncode',
    command: 'osslsigncode verify -in FILE -CAfile KEY',
  },
  digests: ['sha256'],
  checkKey(key) {
    if (key.chain.length === 0) throw new SignetError('usage', 'The key comes with no certificate.');
  },
  keyId: (key) => thumbprint(key.chain[0]!).slice(0, 16),
  sign() {
    throw new SignetError('usage', 'An Authenticode signature goes inside the file it signs.');
  },
  async recheck() {
    return 'An Authenticode signature is checked by verifying the signed file itself.';
  },
  async openStoredKey({ info, keyFile }, passphrase) {
    // A key on a hardware token: `passphrase` is its PIN, and the token code checks the rest.
    if (info.location === 'token') {
      const { openStoredTokenKey } = await import('./token-stored-key');
      const managedModule = await managedTokenModule();
      return openStoredTokenKey({ info, keyFile }, passphrase, managedModule ? { managedModule } : {});
    }
    const { openPkcs12Key } = await import('./pkcs12-key');
    const key = openPkcs12Key(keyFile, passphrase);
    if (thumbprint(key.chain[0]!) !== info.fingerprint) {
      await key.close();
      throw new FormatError(
        'The certificate file in the keystore does not match the record it is filed under.',
      );
    }
    return key;
  },
  forgetKey: (key) => key.close(),
  async signEmbedded(input) {
    const { signAuthenticodeFile } = await import('./sign-file');
    const signed = await signAuthenticodeFile(input.file, {
      key: input.key,
      timestampUrls: input.timestampUrls,
      // Windows (and macOS) keep roots in their own stores, which the bundle reader cannot see: there,
      // the public servers' roots come from the list Node ships (Mozilla's), as anchors for the TSA only.
      timestampRoots: [...input.timestampRoots, ...(await bundledRootsIfNoSystemStore())],
      existing: input.existing,
      ...(input.signFileList ? { msiEx: true } : {}),
      claims: {
        ...(input.description ? { programName: input.description } : {}),
        ...(input.url ? { url: input.url } : {}),
      },
      ...(input.signal ? { signal: input.signal } : {}),
      ...(input.onProgress ? { onProgress: input.onProgress } : {}),
    });
    return {
      file: signed.output,
      digest: { algorithm: 'sha256', hex: Buffer.from(signed.sha256).toString('hex') },
      ...(signed.timestampUrl ? { timestampUrl: signed.timestampUrl } : {}),
      ...(signed.previous ? { previous: signed.previous } : {}),
      ...(signed.known ? { knownContent: signed.known } : {}),
    };
  },
  alreadySigned: async (file) => (await import('./sign-file')).isAuthenticodeSigned(file),
  recognisesKeyFile: looksLikePkcs12,
  describeKey(info) {
    const [leaf] = pemCertificates(info.publicKey);
    if (!leaf) return {};
    const cert = new X509Certificate(leaf);
    return { issuer: commonName(cert, 'issuer') ?? cert.issuer.replace(/\n/g, ', ') };
  },
  importKeyFile,
};

let bundled: Uint8Array[] | undefined;
async function bundledRootsIfNoSystemStore(): Promise<Uint8Array[]> {
  if ((await systemCaRoots()).length > 0) return [];
  bundled ??= pemCertificates(rootCertificates.join('\n'));
  return bundled;
}

/** PFX ::= SEQUENCE { version INTEGER 3, authSafe ContentInfo, ... }: the first bytes say so. */
function looksLikePkcs12(bytes: Uint8Array): boolean {
  if (bytes[0] !== 0x30 || bytes.length < 8) return false;
  const lengthBytes = bytes[1]! < 0x80 ? 0 : bytes[1]! & 0x7f;
  const at = 2 + lengthBytes;
  return bytes[at] === 0x02 && bytes[at + 1] === 0x01 && bytes[at + 2] === 0x03 && bytes[at + 3] === 0x30;
}

async function importKeyFile(
  bytes: Uint8Array,
  passphrase: () => Promise<string>,
  now: Date,
): Promise<ImportedKeyFile> {
  if (bytes.length > SECRET_KEY_FILE_MAX_BYTES) {
    throw new FormatError('The certificate file is too large to be one certificate and its key.');
  }
  const { openPkcs12Key } = await import('./pkcs12-key');
  const key = openPkcs12Key(bytes, await passphrase());
  try {
    const leaf = checkCodeSigningCertificate(key.chain[0]!, now, 'Nothing was imported.');
    const fingerprint = thumbprint(key.chain[0]!);
    const expires = new Date(leaf.validTo);
    const daysLeft = Math.floor((expires.getTime() - now.getTime()) / DAY);
    const subject = commonName(leaf) ?? leaf.subject.replace(/\n/g, ', ');
    return {
      record: {
        id: fingerprint.slice(0, 16),
        keyId: fingerprint.slice(0, 16),
        kind: 'x509',
        fingerprint,
        label: subject.slice(0, 1024),
        expiresAt: expires.toISOString(),
        location: 'keystore',
        publicKey: key.chain.map((der) => new X509Certificate(der).toString().trim()).join('\n'),
      },
      keyFile: bytes,
      suggestedName: subject.slice(0, 100),
      warnings:
        daysLeft < EXPIRY_WARNING_DAYS
          ? [`This certificate expires on ${formatDate(expires)}, in ${daysLeft} days.`]
          : [],
    };
  } finally {
    await key.close();
  }
}

function commonName(cert: X509Certificate, field: 'subject' | 'issuer' = 'subject'): string | undefined {
  const line = cert[field].split('\n').find((part) => part.startsWith('CN='));
  return line?.slice(3) || undefined;
}
