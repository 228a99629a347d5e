import { verify, X509Certificate } from 'node:crypto';
import { type FileHandle, open } from 'node:fs/promises';
import { resolve } from 'node:path';
import { FormatError, SignetError } from '../../errors';
import type { KnownContent } from '../../hashing/known-content';
import { standardPolicy } from '../../policy/verify-policy';
import { anchorsOf, parseRootsSoon } from './chain';
import { checkCodeSigningCertificate } from './code-signing-certificate';
import type { CodeSigningKey } from './code-signing-key';
import { looksLikeOle, msiSignatureEx } from './msi';
import { msiOfOpenFile } from './msi-of-file';
import { writeMsiSignatureMadeMeanwhile } from './msi-signature-writer';
import { OID } from './oids';
import { looksLikePe } from './pe-layout';
import { readPeForSigning, writeSignedPe } from './pe-sign';
import { readAuthenticode } from './signed-data';
import {
  type AuthenticodeClaims,
  type BuiltSignature,
  buildAuthenticodeSignature,
  withUnsignedAttribute,
} from './signed-data-builder';
import { checkTimestamp } from './timestamp';
import { preloadHttpClient, requestTimestamp } from './timestamp-client';

/** What to do with a file that is already signed. */
type ExistingSignature = 'refuse' | 'replace' | 'nest';

export interface AuthenticodeSignOptions {
  key: CodeSigningKey;
  /** RFC 3161 servers, tried in order; none means an untimestamped signature (the caller warned). */
  timestampUrls: readonly string[];
  /** Roots a time-stamping authority must chain to (the system's, plus any the person added). */
  timestampRoots: readonly Uint8Array[];
  existing: ExistingSignature;
  claims?: AuthenticodeClaims;
  /** MSI: also write (and sign over) the MsiDigitalSignatureEx stream, as `osslsigncode -add-msi-dse` does. */
  msiEx?: boolean;
  /** Where to write; the file itself (replaced atomically) unless given. */
  output?: string;
  now?: Date;
  timeoutMs?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export interface AuthenticodeSigned {
  file: string;
  output: string;
  /** The Authenticode digest signed (SHA-256). */
  sha256: Uint8Array;
  /** The server whose timestamp is embedded; absent when untimestamped. */
  timestampUrl?: string;
  /** What happened to a signature the file already had. */
  previous?: 'replaced' | 'nested';
  /** The content's hashes read back from the written file, for the check that follows. */
  known?: KnownContent;
}

/** Whether a file is one Authenticode signs here (PE), one it will sign (MSI), or neither. */
async function authenticodeFileKind(path: string): Promise<'pe' | 'msi' | undefined> {
  const handle = await open(path, 'r');
  try {
    return await kindOfOpenFile(handle);
  } finally {
    await handle.close();
  }
}

async function kindOfOpenFile(handle: FileHandle): Promise<'pe' | 'msi' | undefined> {
  const head = new Uint8Array(4096);
  const { bytesRead } = await handle.read(head, 0, head.length, 0);
  const bytes = head.subarray(0, bytesRead);
  return looksLikeOle(bytes) ? 'msi' : looksLikePe(bytes) ? 'pe' : undefined;
}

/** Whether the file already carries an Authenticode signature (for the preflight and the CLI). */
export async function isAuthenticodeSigned(path: string): Promise<boolean> {
  const kind = await authenticodeFileKind(path);
  if (kind === 'msi') return (await readMsiOf(path)).signature !== undefined;
  if (kind !== 'pe') {
    throw new FormatError(
      'The file is neither a Windows program (PE) nor an installer package (MSI), so it cannot carry an Authenticode signature.',
    );
  }
  return (await readPeForSigning(path)).existing.length > 0;
}

/**
 * Signs a PE file or an MSI package in place (or into `output`): the certificate checked first (code-signing usage,
 * valid now), the file's layout and any signature it has checked next, then one streamed copy that
 * makes the digest, the signature (timestamped when servers are given; nested inside the existing
 * one, or replacing it, as asked) embedded, renamed over the file once complete.
 */
export async function signAuthenticodeFile(
  path: string,
  options: AuthenticodeSignOptions,
): Promise<AuthenticodeSigned> {
  const file = resolve(path);
  const output = resolve(options.output ?? file);
  const now = options.now ?? new Date();
  const leaf = options.key.chain[0];
  if (!leaf) throw new FormatError('The key comes with no certificate.');
  checkCodeSigningCertificate(leaf, now);
  const opened = await open(file, 'r');
  const kind = await kindOfOpenFile(opened).catch(async (error: unknown) => {
    await opened.close();
    throw error;
  });
  // Elsewhere open until the signing ends, and closed without waiting: signing in place renames the
  // copy over the file, and the kernel frees the old file's blocks when its last descriptor closes
  // (~50 ms for 200 MB). This being that last one, the freeing runs on a libuv thread while the
  // signing is logged and the written file checked, not before. Windows may refuse to replace a file
  // that is still open (msi-signature-writer.ts closes its own first), so there it is closed now.
  let held: FileHandle | undefined = opened;
  if (process.platform === 'win32') {
    await opened.close();
    held = undefined;
  }
  try {
    if (kind === 'msi') return await signMsiFile(file, output, now, options);
    return await signPeFile(file, output, now, options, kind);
  } finally {
    held?.close().catch(() => {});
  }
}

async function signPeFile(
  file: string,
  output: string,
  now: Date,
  options: AuthenticodeSignOptions,
  kind: 'pe' | undefined,
): Promise<AuthenticodeSigned> {
  if (kind !== 'pe') {
    throw new FormatError(
      'The file is neither a Windows program (PE) nor an installer package (MSI), so it cannot carry an Authenticode signature. Nothing was signed.',
    );
  }
  const pe = await readPeForSigning(file);
  if (pe.existing.length > 0 && options.existing === 'refuse') {
    throw new SignetError(
      'exists',
      'The file is already signed. Choose to replace its signature or to add a second one; nothing was written.',
    );
  }
  if (options.existing === 'nest' && pe.existing.length > 1) {
    throw new FormatError('The file carries several signature entries; Signet nests only into a single one.');
  }
  let timestampUrl: string | undefined;
  prepareTimestampMeanwhile(options);
  const written = await writeSignedPe(
    pe,
    output,
    async (sha256) => {
      const made = await makeSignature('pe', sha256, now, options, pe.existing[0]);
      timestampUrl = made.timestampUrl;
      return made.der;
    },
    {
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    },
  );
  return {
    file,
    output,
    sha256: written.sha256,
    known: written.known,
    ...(timestampUrl ? { timestampUrl } : {}),
    ...(pe.existing.length > 0
      ? { previous: options.existing === 'nest' ? ('nested' as const) : ('replaced' as const) }
      : {}),
  };
}

/**
 * Ready for the timestamp's request and check by the time the file is copied: the roots parsed a
 * few at a time and the HTTP client loaded on the main thread while the copy leaves it mostly idle.
 * Called as the copy starts, not before: queued earlier, those slices ran between the awaits that
 * open and read the file, and held up the copy's start by most of their ~25-40 ms.
 */
function prepareTimestampMeanwhile(options: AuthenticodeSignOptions): void {
  if (options.timestampUrls.length === 0) return;
  parseRootsSoon(options.timestampRoots, { withAnchors: true });
  preloadHttpClient(options.timestampUrls);
}

/**
 * The signature over `sha256`, as embedded: built, its key checked against its certificate,
 * timestamped when servers are given, and nested inside `existing` when asked.
 */
async function makeSignature(
  subject: 'pe' | 'msi',
  sha256: Uint8Array,
  now: Date,
  options: AuthenticodeSignOptions,
  existing: Uint8Array | undefined,
): Promise<{ der: Uint8Array; timestampUrl?: string }> {
  const built = await buildAuthenticodeSignature(options.key, subject, sha256, options.claims);
  assertKeyMatches(options.key, built);
  let der = built.der;
  let timestampUrl: string | undefined;
  if (options.timestampUrls.length > 0) {
    // The signature with a token in it, made once for its check and kept for embedding.
    let last: { token: Uint8Array; der: Uint8Array } | undefined;
    const withToken = (token: Uint8Array) => {
      if (last?.token !== token) {
        last = { token, der: built.withUnsignedAttribute(OID.rfc3161Timestamp, token) };
      }
      return last.der;
    };
    const stamped = await requestTimestamp(built.signatureValue, options.timestampUrls, {
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      check: (token) => checkToken(() => withToken(token), options.timestampRoots, now),
    });
    der = withToken(stamped.token);
    timestampUrl = stamped.url;
  }
  if (existing && options.existing === 'nest')
    der = withUnsignedAttribute(existing, OID.nestedSignature, der);
  return { der, ...(timestampUrl ? { timestampUrl } : {}) };
}

/**
 * An installer package (MSI, MSP: any compound file): the content digest from the verifier's own
 * code (msiDigestNeed), hashed back from the copy as it is written, so signing and verifying cannot
 * disagree; the signature written as the \x05DigitalSignature stream by the compound-file writer,
 * into a temporary file renamed over the output. Nesting keeps an MsiDigitalSignatureEx stream the package has (and signs over it, as the
 * first signature does); replacing or signing anew writes one only when asked (`msiEx`).
 */
async function signMsiFile(
  file: string,
  output: string,
  now: Date,
  options: AuthenticodeSignOptions,
): Promise<AuthenticodeSigned> {
  const msi = await readMsiOf(file);
  const existing = msi.signature;
  if (existing && options.existing === 'refuse') {
    throw new SignetError(
      'exists',
      'The file is already signed. Choose to replace its signature or to add a second one; nothing was written.',
    );
  }
  const keepEx = existing !== undefined && options.existing === 'nest' && msi.signatureEx !== undefined;
  if (existing && options.existing === 'nest' && options.msiEx && !keepEx) {
    throw new SignetError(
      'usage',
      'The package’s signature does not cover its file list, so a nested one cannot add MsiDigitalSignatureEx; replace the signature instead. Nothing was written.',
    );
  }
  const withFileList = keepEx || options.msiEx === true;
  const ex = withFileList ? msiSignatureEx(msi, 'sha256') : undefined;
  // The package is copied, its digest hashed back from the copy as it is written, then signed.
  let made: Awaited<ReturnType<typeof makeSignature>> | undefined;
  prepareTimestampMeanwhile(options);
  const written = await writeMsiSignatureMadeMeanwhile(
    file,
    output,
    async ({ digest, msi: source }) => {
      made = await makeSignature('msi', digest, now, options, source.signature);
      return made.der;
    },
    { overwrite: true, ...(ex ? { ex } : {}) },
  );
  if (!made) throw new FormatError('The package was not signed.');
  return {
    file,
    output,
    sha256: written.digest,
    known: written.known,
    ...(made.timestampUrl ? { timestampUrl: made.timestampUrl } : {}),
    ...(existing
      ? { previous: options.existing === 'nest' ? ('nested' as const) : ('replaced' as const) }
      : {}),
  };
}

async function readMsiOf(file: string) {
  const handle = await open(file, 'r');
  try {
    return msiOfOpenFile(handle.fd);
  } finally {
    await handle.close();
  }
}

/**
 * A token key whose certificate is another key's shows here, before anything is written: the
 * signature the key made over the signed attributes must verify with the certificate's key.
 */
function assertKeyMatches(key: CodeSigningKey, built: BuiltSignature): void {
  const leaf = new X509Certificate(key.chain[0]!);
  if (!verify('sha256', built.signedAttributes, leaf.publicKey, built.signatureValue)) {
    throw new SignetError(
      'usage',
      'The key does not match the certificate it is filed with. Nothing was signed.',
    );
  }
}

/** The token checked as a verifier will check it once embedded; a few minutes' clock skew allowed. */
function checkToken(
  signatureWithToken: () => Uint8Array,
  roots: readonly Uint8Array[],
  now: Date,
): string | undefined {
  try {
    const [sig] = readAuthenticode(signatureWithToken());
    const result = checkTimestamp(
      sig!,
      anchorsOf(roots),
      standardPolicy({ at: new Date(now.getTime() + 10 * 60_000) }),
    );
    return result?.ok ? undefined : (result?.reason ?? 'its timestamp could not be read');
  } catch (error) {
    return error instanceof Error ? error.message : 'its timestamp could not be read';
  }
}
