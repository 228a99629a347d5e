import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { printable } from '../../../shared/printable';
import type { ReleaseStyle } from '../../core/formats/signing-side';
import { pathExists } from '../../core/fs/path-exists';
import { fileNameFor } from '../../core/keystore/key-file-name';
import type { EarlySigningRead } from '../../core/sign/early-read';
import { releaseKitText } from '../../core/sign/release-kit';
import {
  checkSignedComment,
  checksumListPath,
  releaseStyleOf,
  signatureFileOf,
} from '../../core/sign/sign-job';
import { CliExit } from '../cli-error';
import { type UnlockedKey, unlockSigningKey } from '../signing-key';
import type { OneKeyFlags, SignFlags } from './sign';
import { runPrintedSignJob, usage, writeKitFile } from './sign-console';

/**
 * A key that signs beside the files (minisign, OpenPGP): its own way, or a release style.
 * `openedFirst`: the key already unlocked (several keys in one job ask every passphrase first).
 */
export async function signBeside(
  files: string[],
  flags: OneKeyFlags,
  early: EarlySigningRead | undefined,
  openedFirst?: UnlockedKey,
): Promise<number> {
  await refuseWhatDoesNotGo(flags).catch((error) => {
    openedFirst?.forget();
    throw error;
  });
  const unlocked = openedFirst ?? (await unlockSigningKey(flags.key, flags));
  const format = unlocked.format;
  let style: ReleaseStyle | undefined;
  try {
    style = await usage(() => releaseStyleOf(format, flags.style));
  } catch (error) {
    unlocked.forget();
    throw error;
  }
  if (style) return (await import('./sign-in-style')).signInStyle(files, flags, unlocked, style, early);
  const comment = await usage(() => checkSignedComment(flags.trustedComment));
  // minisign's style: FILE.minisig, with SHA256SUMS and its signature too when asked for it by name.
  const checksums = flags.checksums || flags.style !== undefined;
  const listPath = checksums ? await usage(async () => checksumListPath(files)) : undefined;
  const skipList = listPath !== undefined && (await listIsKept(listPath, flags));
  const { result, ok } = await runPrintedSignJob(files, unlocked, flags, {
    format,
    ...(early ? { digest: early.digest } : {}),
    ...(comment !== undefined ? { comment } : {}),
    ...(listPath && !skipList ? { list: { path: listPath, overwrite: flags.force === true } } : {}),
  });
  if (flags.kit !== undefined && listPath && result.list?.listFile === resolve(listPath)) {
    await writeKit(flags.kit, listPath, unlocked, flags.force === true);
  }
  return ok ? 0 : 2;
}

/** The flags that do not go with a key that signs beside the files, or a kit already there. */
export async function refuseWhatDoesNotGo(flags: OneKeyFlags | SignFlags): Promise<void> {
  if (
    flags.timestamp?.length ||
    flags.nest ||
    flags.replace ||
    flags.description ||
    flags.url ||
    flags.msiEx
  ) {
    throw new CliExit(
      2,
      '--timestamp, --description, --url, --nest and --replace go with a code-signing certificate (--key). Nothing was signed.',
    );
  }
  if (flags.kit !== undefined && !flags.checksums && flags.style === undefined) {
    throw new CliExit(2, 'A release kit needs the checksum list: add --checksums. Nothing was signed.');
  }
  if (flags.kit !== undefined && !flags.force && (await pathExists(flags.kit))) {
    throw new CliExit(
      2,
      `${printable(flags.kit)} already exists; nothing was signed (use --force to replace it).`,
    );
  }
}

/** With --skip-existing, a list (or its signature) already there is kept, and the list is not written. */
async function listIsKept(listPath: string, flags: SignFlags): Promise<boolean> {
  if (!flags.skipExisting) return false;
  if (!(await pathExists(listPath)) && !(await pathExists(await signatureFileOf(listPath)))) return false;
  process.stdout.write(`Skipped ${printable(listPath)}: it already exists\n`);
  return true;
}

/** The release kit, as the app's: built from the list just written and the key's public half. */
async function writeKit(
  path: string,
  listPath: string,
  unlocked: UnlockedKey,
  overwrite: boolean,
): Promise<void> {
  const text = releaseKitText({
    keyName: unlocked.name ?? `key ${unlocked.keyId}`,
    publicKey: unlocked.publicKey,
    listName: basename(listPath),
    listText: await readFile(listPath, 'utf8'),
    publicKeyFileName: unlocked.name
      ? fileNameFor({ name: unlocked.name, keyId: unlocked.keyId })
      : unlocked.keyId,
  });
  await writeKitFile(path, text, overwrite);
}
