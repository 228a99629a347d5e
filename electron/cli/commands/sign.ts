import { basename, dirname, join, resolve } from 'node:path';
import { printable } from '../../../shared/printable';
import { appendActivity } from '../../core/activity/activity-log';
import { plainMessage } from '../../core/errors';
import { writeFileAtomic } from '../../core/fs/atomic-write';
import { pathExists } from '../../core/fs/path-exists';
import { fileNameFor } from '../../core/keystore/key-file-name';
import { activityDir } from '../../core/keystore/location';
import { recheckSignatures, type WrittenSignature } from '../../core/sign/recheck-signatures';
import { releaseKitText } from '../../core/sign/release-kit';
import { signFile } from '../../core/sign/sign-file';
import { writeSignedChecksumList } from '../../core/sign/write-checksum-list';
import { CliExit } from '../cli-error';
import { requireRegularFile } from '../input-file';
import { type UnlockedKey, unlockSigningKey } from '../signing-key';

export interface SignFlags {
  key?: string;
  trustedComment?: string;
  force?: boolean;
  skipExisting?: boolean;
  checksums?: boolean;
  /** With --checksums: also write the release kit (public key, SHA256SUMS, commands) to this file. */
  kit?: string;
  passphraseFile?: string;
}

export const CHECKSUM_LIST_NAME = 'SHA256SUMS';

export async function signCommand(files: string[], flags: SignFlags): Promise<number> {
  if (flags.force && flags.skipExisting)
    throw new CliExit(2, 'Give only one of --force and --skip-existing.');
  // Every file is checked before the key and its passphrase: a folder or a pipe among them ends the
  // command at once, before anyone types a passphrase or waits for scrypt, and nothing is signed.
  await requireRegularFiles(files);
  if (flags.kit !== undefined && !flags.checksums) {
    throw new CliExit(2, 'A release kit needs the checksum list: add --checksums. Nothing was signed.');
  }
  if (flags.kit !== undefined && !flags.force && (await pathExists(flags.kit))) {
    throw new CliExit(
      2,
      `${printable(flags.kit)} already exists; nothing was signed (use --force to replace it).`,
    );
  }
  const listPath = flags.checksums ? checksumListPath(files) : undefined;
  const unlocked = await unlockSigningKey(flags.key, flags);
  const { key } = unlocked;
  const written: WrittenSignature[] = [];
  let failed = 0;
  try {
    if (listPath) {
      const listed = await signList(files, listPath, unlocked, flags);
      if (listed) written.push(listed);
    }
    for (const file of files) {
      if (flags.skipExisting && (await pathExists(`${file}.minisig`))) {
        process.stdout.write(`Skipped ${printable(file)}: ${printable(`${file}.minisig`)} already exists\n`);
        continue;
      }
      try {
        const result = await signFile(file, key, {
          ...(flags.trustedComment !== undefined ? { trustedComment: flags.trustedComment } : {}),
          overwrite: flags.force === true,
        });
        process.stdout.write(`Signed ${printable(file)} -> ${printable(result.signatureFile)}\n`);
        written.push({
          file: result.file,
          signatureFile: result.signatureFile,
          blake2b512: result.blake2b512,
        });
        await logSigning(unlocked, result.file, result.sha256, result.signatureFile);
      } catch (error) {
        failed++;
        const hint =
          (error as { kind?: string }).kind === 'exists'
            ? ' (use --force to replace it, or --skip-existing)'
            : '';
        process.stderr.write(`signet: ${printable(file)}: ${plainMessage(error)}${hint}\n`);
      }
    }
  } finally {
    key.seed.fill(0);
  }
  const checkedOut = await reportRecheck(unlocked, written);
  if (flags.kit !== undefined && listPath && written.some((w) => w.file === resolve(listPath))) {
    await writeKit(flags.kit, listPath, unlocked, flags.force === true);
  }
  return checkedOut && failed === 0 ? 0 : 2;
}

/** The release kit, as the app's: built from the list just written and the key's public half. */
async function writeKit(
  path: string,
  listPath: string,
  unlocked: UnlockedKey,
  overwrite: boolean,
): Promise<void> {
  const { readFile } = await import('node:fs/promises');
  const text = releaseKitText({
    keyName: unlocked.name ?? `key ${unlocked.keyId}`,
    publicKey: unlocked.publicKey,
    listName: basename(listPath),
    listText: await readFile(listPath, 'utf8'),
    publicKeyFileName: unlocked.name
      ? fileNameFor({ name: unlocked.name, keyId: unlocked.keyId })
      : unlocked.keyId,
  });
  try {
    await writeFileAtomic(resolve(path), text, { mode: 0o644, overwrite });
    process.stdout.write(`Release kit written to ${printable(resolve(path))}\n`);
  } catch (error) {
    const hint = (error as { kind?: string }).kind === 'exists' ? ' (use --force to replace it)' : '';
    throw new CliExit(2, `The release kit was not written: ${plainMessage(error)}${hint}`);
  }
}

/** The list first, as the app does: if it cannot be written, nothing has been signed yet. */
async function signList(
  files: string[],
  listPath: string,
  unlocked: UnlockedKey,
  flags: SignFlags,
): Promise<WrittenSignature | undefined> {
  if (flags.skipExisting && ((await pathExists(listPath)) || (await pathExists(`${listPath}.minisig`)))) {
    process.stdout.write(`Skipped ${printable(listPath)}: it already exists\n`);
    return undefined;
  }
  try {
    const list = await writeSignedChecksumList(files, unlocked.key, {
      listPath,
      overwrite: flags.force === true,
      ...(flags.trustedComment !== undefined ? { trustedComment: flags.trustedComment } : {}),
    });
    process.stdout.write(
      `Wrote ${printable(list.listFile)} and signed it -> ${printable(list.signatureFile)}\n`,
    );
    const { digestFile } = await import('../../core/hashing/digest-file');
    const { sha256 } = await digestFile(list.listFile, ['sha256']);
    await logSigning(unlocked, list.listFile, sha256!.toString('hex'), list.signatureFile);
    return { file: list.listFile, signatureFile: list.signatureFile };
  } catch (error) {
    const hint = (error as { kind?: string }).kind === 'exists' ? ' (use --force to replace it)' : '';
    throw new CliExit(2, `${plainMessage(error)}${hint} Nothing was signed.`);
  }
}

/** Reads back every signature written and checks it against the public key; false when one fails. */
async function reportRecheck(unlocked: UnlockedKey, written: WrittenSignature[]): Promise<boolean> {
  if (written.length === 0) return true;
  const { checked, failed } = await recheckSignatures(unlocked.publicKey, written);
  const against = unlocked.name
    ? `"${printable(unlocked.name)}" (${unlocked.keyId})`
    : `key ${unlocked.keyId}`;
  if (failed.length === 0) {
    process.stdout.write(
      `${checked === 1 ? 'The signature was' : `All ${checked} signatures were`} checked against ${against}.\n`,
    );
    return true;
  }
  for (const bad of failed) {
    process.stderr.write(`signet: ${printable(bad.signatureFile)} did not check out: ${bad.problem}\n`);
  }
  return false;
}

/** Signings go to the journal the app shows; a log that cannot be written is a warning, not a failure. */
async function logSigning(
  unlocked: UnlockedKey,
  file: string,
  sha256: string,
  output: string,
): Promise<void> {
  try {
    await appendActivity(activityDir(), {
      time: new Date().toISOString(),
      file,
      sha256,
      keyId: unlocked.keyId,
      output,
      ...(unlocked.name ? { keyName: unlocked.name } : {}),
    });
  } catch (error) {
    process.stderr.write(`signet: warning: could not add to the activity log: ${plainMessage(error)}\n`);
  }
}

/** A checksum list names files relative to its own folder, so every file must sit in that folder. */
function checksumListPath(files: string[]): string {
  const folders = new Set(files.map((file) => dirname(resolve(file))));
  if (folders.size !== 1) {
    throw new CliExit(2, 'For --checksums, all the files must be in the same folder. Nothing was signed.');
  }
  return join([...folders][0]!, CHECKSUM_LIST_NAME);
}

async function requireRegularFiles(files: string[]): Promise<void> {
  const problems = await Promise.all(
    files.map((file) =>
      requireRegularFile(file, 'file to sign').then(
        () => undefined,
        (error: CliExit) => error,
      ),
    ),
  );
  const found = problems.filter((p) => p !== undefined);
  if (found.length === 0) return;
  for (const problem of found.slice(0, -1)) process.stderr.write(`signet: ${problem.message}\n`);
  const last = found[found.length - 1] as CliExit;
  throw new CliExit(2, `${last.message} Nothing was signed.`);
}
