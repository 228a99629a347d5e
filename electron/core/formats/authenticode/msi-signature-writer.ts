import { open } from 'node:fs/promises';
import { resolve } from 'node:path';
import { FormatError } from '../../errors';
import { writeAtomically } from '../../fs/atomic-write';
import { assertUnchanged, snapshotOf } from '../../hashing/file-snapshot';
import { MAX_CERT_TABLE } from './certificate-table';
import { startCompoundRewrite } from './compound-file-writer';
import { fdReader } from './fd-reader';
import type { MsiFile } from './msi';
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
  await writeMsiSignatureMadeMeanwhile(source, destination, async () => signature, options);
}

/**
 * As writeMsiSignature, with the signature made by `makeSignature` while the package's streams are
 * copied: it is given the open source (its descriptor and structure, read once), from which the
 * digest it signs must be computed, so what is signed and what is copied are the same file.
 */
export async function writeMsiSignatureMadeMeanwhile(
  source: string,
  destination: string,
  makeSignature: (input: { fd: number; msi: MsiFile }) => Promise<Uint8Array>,
  options: MsiSignatureOptions = {},
): Promise<void> {
  const input = await open(resolve(source), 'r');
  let closed = false;
  let signing: Promise<Uint8Array> | undefined;
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
    const made = makeSignature({ fd: input.fd, msi });
    signing = made;
    // Awaited below; handled now so a failure while the streams are copied is never "unhandled".
    made.catch(() => {});
    await writeAtomically(
      resolve(destination),
      async (out) => {
        const rewrite = await startCompoundRewrite(msi.compound, { major }, { read }, out, [
          SIGNATURE,
          SIGNATURE_EX,
        ]);
        const signature = await made;
        if (signature.length === 0 || signature.length > MAX_CERT_TABLE) {
          throw new FormatError('The signature is too large to put into an installer package.');
        }
        const streams = [{ name: SIGNATURE, data: signature }];
        if (options.ex) streams.push({ name: SIGNATURE_EX, data: options.ex });
        await rewrite.finish(streams);
        assertUnchanged(source, before, snapshotOf(await input.stat()), before.size);
        // Closed before the rename: Windows may refuse to replace a file that is still open
        // (signing in place renames over the source).
        closed = true;
        await input.close();
      },
      // The signed package keeps the unsigned one's permissions.
      { mode: stats.mode & 0o777, overwrite: options.overwrite ?? false },
    );
    await made;
  } finally {
    // The signature is made from this descriptor (its digest read on a worker): never closed under it.
    await signing?.catch(() => {});
    if (!closed) await input.close();
  }
}
