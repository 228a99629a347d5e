import { open, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { FormatError } from '../../errors';
import { writeAtomically } from '../../fs/atomic-write';
import { type ContentPlan, emptyPlan } from '../../hashing/content-plan';
import { assertUnchanged, snapshotOf } from '../../hashing/file-snapshot';
import type { KnownContent } from '../../hashing/known-content';
import { OFF_THREAD_MIN_BYTES } from '../../hashing/off-thread-threshold';
import { hashAsWrittenInWorker } from '../../hashing/read-content-in-worker';
import { hashScattered, readFromFd } from '../../hashing/scattered-hash';
import { createWrittenSoFar, WrittenSoFar } from '../../hashing/written-so-far';
import { MAX_CERT_TABLE } from './certificate-table';
import type { CompoundFile } from './compound-file';
import { startCompoundRewrite } from './compound-file-writer';
import { fdReader } from './fd-reader';
import { type MsiFile, msiDigestNeed, msiStreamsInDigestOrder } from './msi';
import { msiOfOpenFile } from './msi-of-file';

const SIGNATURE = '\u0005DigitalSignature';
const SIGNATURE_EX = '\u0005MsiDigitalSignatureEx';

export interface MsiSignatureOptions {
  /** The MsiDigitalSignatureEx stream (from msiSigningDigestEx); without it any old one is removed. */
  ex?: Uint8Array;
  /** Replace a file at `destination` (signing in place, or the person said so). */
  overwrite?: boolean;
}

/**
 * Writes `destination`: the installer package (MSI, MSP, any compound file) at `source` with
 * `signature` (a DER PKCS#7 SignedData over msiSigningDigest or msiSigningDigestEx) as its
 * \x05DigitalSignature stream, replacing one already there, and the MsiDigitalSignatureEx stream
 * when `options.ex` is given. The package's structure is read and checked first (damaged or hostile
 * structure is a FormatError and nothing is written); the new file is written to a temp file beside
 * `destination` and renamed into place, so nothing partial is ever left. The source must not change
 * meanwhile: if it does, nothing is written.
 */
export async function writeMsiSignature(
  source: string,
  destination: string,
  signature: Uint8Array,
  options: MsiSignatureOptions = {},
): Promise<void> {
  if (signature.length === 0 || signature.length > MAX_CERT_TABLE) {
    throw new FormatError('The signature is too large to put into an installer package.');
  }
  await rewriteWithSignature(source, destination, options, undefined, async () => signature);
}

/**
 * As writeMsiSignature, with the signature made by `makeSignature` from the content digest
 * (SHA-256, with the file list first when `options.ex` is given) of the copy itself: the streams
 * are copied in the digest's order and hashed back from the copy as they are written (on a worker
 * for a large package), so what is signed is what the new file holds. `makeSignature` is given
 * that digest and the source's structure (its signature, to nest into). Returns the digest and,
 * for the check of the new file that follows, that hash as KnownContent.
 */
export async function writeMsiSignatureMadeMeanwhile(
  source: string,
  destination: string,
  makeSignature: (input: { digest: Uint8Array; msi: MsiFile }) => Promise<Uint8Array>,
  options: MsiSignatureOptions = {},
): Promise<{ digest: Uint8Array; known: KnownContent }> {
  let hashed: { digest: Uint8Array; plan: ContentPlan } | undefined;
  await rewriteWithSignature(
    source,
    destination,
    options,
    (result) => {
      hashed = result;
    },
    makeSignature,
  );
  if (!hashed) throw new FormatError('The package was not signed.');
  // After the rename: a check finds the file in this state, or reads it again.
  const snapshot = snapshotOf(await stat(resolve(destination)));
  const result = { size: snapshot.size, digests: {}, prefixed: [], suffixed: [], ranged: [] };
  return {
    digest: hashed.digest,
    known: { snapshot, plan: hashed.plan, result: { ...result, scattered: [hashed.digest] } },
  };
}

/**
 * The one rewrite: with `onDigest`, the copy's digest is hashed back as it is written and handed to
 * `makeSignature`; without, the signature needs no digest.
 */
async function rewriteWithSignature(
  source: string,
  destination: string,
  options: MsiSignatureOptions,
  onDigest: ((hashed: { digest: Uint8Array; plan: ContentPlan }) => void) | undefined,
  makeSignature: (input: { digest: Uint8Array; msi: MsiFile }) => Promise<Uint8Array>,
): Promise<void> {
  const input = await open(resolve(source), 'r');
  let closed = false;
  try {
    const stats = await input.stat();
    const before = snapshotOf(stats);
    const msi = msiOfOpenFile(input.fd);
    const major = Buffer.from(fdReader(input.fd, before.size).read(0x1a, 2)).readUInt16LE(0) === 4 ? 4 : 3;
    const read = async (buffer: Buffer, length: number, position: number) => {
      let done = 0;
      while (done < length) {
        const { bytesRead } = await input.read(buffer, done, length - done, position + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return done;
    };
    const name = basename(source);
    await writeAtomically(
      resolve(destination),
      async (out) => {
        const written = createWrittenSoFar();
        const progress = new WrittenSoFar(written);
        let plan: ContentPlan | undefined;
        let hashing: ReturnType<typeof hashAsWrittenInWorker> | undefined;
        try {
          const rewrite = await startCompoundRewrite(msi.compound, { major }, { read }, out, {
            replaced: [SIGNATURE, SIGNATURE_EX],
            adding: options.ex ? [SIGNATURE, SIGNATURE_EX] : [SIGNATURE],
            order: msiStreamsInDigestOrder(msi.compound),
            onPlaced: (placed) => {
              if (!onDigest) return;
              plan = digestPlan(placed, options.ex !== undefined);
              if (before.size >= OFF_THREAD_MIN_BYTES) {
                hashing = hashAsWrittenInWorker(out.fd, name, plan, written);
              }
            },
            onWritten: (bytes) => progress.advance(bytes),
          });
          progress.finish();
          let digest: Uint8Array = new Uint8Array(0);
          if (onDigest && plan?.scattered) {
            [digest = digest] = hashing
              ? ((await hashing.done).scattered ?? [])
              : hashScattered(plan.scattered, readFromFd(out.fd), name);
            if (digest.length !== 32) throw new FormatError('The package could not be hashed.');
            onDigest({ digest, plan });
          }
          const signature = await makeSignature({ digest, msi });
          if (signature.length === 0 || signature.length > MAX_CERT_TABLE) {
            throw new FormatError('The signature is too large to put into an installer package.');
          }
          const streams = [{ name: SIGNATURE, data: signature }];
          if (options.ex) streams.push({ name: SIGNATURE_EX, data: options.ex });
          await rewrite.finish(streams);
        } finally {
          // The worker reads this descriptor: stopped (or done) before writeAtomically closes it.
          progress.fail();
          await hashing?.close();
        }
        assertUnchanged(source, before, snapshotOf(await input.stat()), before.size);
        // Closed before the rename: Windows may refuse to replace a file that is still open
        // (signing in place renames over the source).
        closed = true;
        await input.close();
      },
      // The signed package keeps the unsigned one's permissions.
      { mode: stats.mode & 0o777, overwrite: options.overwrite ?? false, readable: true },
    );
  } finally {
    if (!closed) await input.close();
  }
}

/**
 * The content digest of the new file as the check of it will ask for it (msiDigestNeed over the
 * structure it reads there), from where the writer placed the kept streams and CLSIDs.
 */
function digestPlan(placed: CompoundFile, withFileList: boolean): ContentPlan {
  const need = msiDigestNeed({ compound: placed }, 'sha256', withFileList);
  return {
    ...emptyPlan(),
    scattered: [
      {
        algorithm: 'sha256',
        ranges: need.ranges.map(([from, to]) => [from, to] as const),
        ...(need.prefix ? { prefix: need.prefix } : {}),
      },
    ],
  };
}
