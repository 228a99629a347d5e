import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { printable } from '../../../shared/printable';
import { embeddedSigningFor } from '../../core/formats/key-files';
import type { ReleaseStyle } from '../../core/formats/signing-side';
import { pathExists } from '../../core/fs/path-exists';
import { fileNameFor } from '../../core/keystore/key-file-name';
import { Keystore } from '../../core/keystore/keystore';
import { activityDir, keystoreDir } from '../../core/keystore/location';
import { releaseKitText } from '../../core/sign/release-kit';
import {
  checkSignedComment,
  checksumListPath,
  releaseStyleOf,
  runSignJob,
  type SignJobResult,
  signatureFileOf,
} from '../../core/sign/sign-job';
import { planKeySigning, refuseSharedOutputs } from '../../core/sign/signing-plan';
import { CliExit } from '../cli-error';
import { requireRegularFile } from '../input-file';
import { type UnlockedKey, unlockSigningKey } from '../signing-key';
import {
  jobKeyOf,
  nothingSigned,
  printedSignReport,
  reportRecheck,
  usage,
  writeKitFile,
} from './sign-console';

export interface SignFlags {
  /** Several (a repeated --key) sign the same files one key after the other. */
  key?: string | string[];
  trustedComment?: string;
  force?: boolean;
  skipExisting?: boolean;
  checksums?: boolean;
  /** With --checksums: also write the release kit (public key, SHA256SUMS, commands) to this file. */
  kit?: string;
  passphraseFile?: string;
  /** The release style (OpenPGP: apache, node, debian; minisign's own otherwise); one per --key. */
  style?: string | string[];
  /** Keyless signing with the person's identity (commands/sign-keyless.ts). */
  sigstore?: boolean;
  signingConfig?: string;
  trustedRoot?: string;
  yes?: boolean;
  /** For keys that sign inside the file (Authenticode): sign-embedded.ts. */
  timestamp?: string[];
  description?: string;
  url?: string;
  nest?: boolean;
  replace?: boolean;
  msiEx?: boolean;
  caRoots?: string;
  /** A Sigstore bundle made with this ECDSA P-256 PEM key (cosign's --key) instead of a minisign signature. */
  sigstoreKey?: string;
  /** Commander's --no-tlog (false): with --sigstore-key, record in no transparency log. */
  tlog?: boolean;
  rekorUrl?: string;
}

export async function signCommand(files: string[], flags: SignFlags): Promise<number> {
  const keys = [flags.key ?? []].flat();
  const styles = [flags.style ?? []].flat();
  if (styles.length > Math.max(1, keys.length)) {
    throw new CliExit(2, 'Give at most one --style per --key. Nothing was signed.');
  }
  if (keys.length > 1) return signWithEach(files, flags, keys, styles);
  return signWithOne(files, { ...flags, key: keys[0], style: styles[0] });
}

/**
 * One release signed with several keys in one go (minisign and OpenPGP side by side): each key in
 * turn, with its own passphrase and the style given in the same place (its default otherwise),
 * each signing logged and read back. A key that fails does not stop the next; the worst status wins.
 */
async function signWithEach(
  files: string[],
  flags: SignFlags,
  keys: string[],
  styles: string[],
): Promise<number> {
  if (flags.kit !== undefined) {
    throw new CliExit(
      2,
      'A release kit is written for one key: sign with each key and --kit on its own. Nothing was signed.',
    );
  }
  await refuseSharedOutputsOf(files, keys, styles, flags);
  let status = 0;
  for (const [index, key] of keys.entries()) {
    try {
      status = Math.max(status, await signWithOne(files, { ...flags, key, style: styles[index] }));
    } catch (error) {
      if (!(error instanceof CliExit)) throw error;
      process.stderr.write(`signet: ${printable(key)}: ${printable(error.message)}\n`);
      status = Math.max(status, error.status);
    }
  }
  return status;
}

/**
 * Before any passphrase: the keys in the keystore that sign beside the files are planned as the app
 * plans them (core/sign/signing-plan.ts), and two that would write the same file end the command.
 */
async function refuseSharedOutputsOf(
  files: string[],
  keys: string[],
  styles: string[],
  flags: SignFlags,
): Promise<void> {
  const keystore = new Keystore(keystoreDir());
  const parts: { name: string; outputs: string[] }[] = [];
  for (const [index, reference] of keys.entries()) {
    const info = await keystore.find(reference).catch(() => undefined);
    // A key file, or a key that signs inside files, is left to its own checks.
    if (!info || (await embeddedSigningFor(info.kind))) continue;
    const style = styles[index];
    const plan = await planKeySigning(files, info.kind, {
      ...(style !== undefined ? { style } : {}),
      checksums: flags.checksums === true || style !== undefined,
    }).catch(() => undefined);
    if (plan) parts.push({ name: info.name, outputs: plan.outputs });
  }
  await usage(async () => refuseSharedOutputs(files, parts));
}

type OneKeyFlags = Omit<SignFlags, 'key' | 'style'> & { key: string | undefined; style: string | undefined };

async function signWithOne(files: string[], flags: OneKeyFlags): Promise<number> {
  if (flags.sigstore && flags.sigstoreKey !== undefined) {
    throw new CliExit(
      2,
      'Give only one of --sigstore (your identity) and --sigstore-key (a key you keep). Nothing was signed.',
    );
  }
  if (flags.sigstoreKey !== undefined) return signWithSigstoreKeyFlags(files, flags, flags.sigstoreKey);
  if (flags.tlog === false || flags.rekorUrl !== undefined) {
    throw new CliExit(2, '--no-tlog and --rekor-url go with --sigstore-key. Nothing was signed.');
  }
  if (flags.force && flags.skipExisting)
    throw new CliExit(2, 'Give only one of --force and --skip-existing.');
  if (flags.sigstore) {
    if (flags.key !== undefined || flags.passphraseFile !== undefined || flags.trustedComment !== undefined) {
      throw new CliExit(2, 'Keyless signing uses no key, passphrase or comment. Nothing was signed.');
    }
    await requireRegularFiles(files);
    return (await import('./sign-keyless')).signKeylessCommand(files, flags);
  }
  if (flags.signingConfig !== undefined || flags.trustedRoot !== undefined || flags.yes !== undefined) {
    throw new CliExit(
      2,
      '--signing-config, --trusted-root and --yes go with --sigstore. Nothing was signed.',
    );
  }
  // Every file is checked before the key and its passphrase: a folder or a pipe among them ends the
  // command at once, before anyone types a passphrase or waits for scrypt, and nothing is signed.
  await requireRegularFiles(files);
  const embedded = await import('./sign-embedded');
  const inside = await embedded.embeddedSigningKey(flags.key);
  if (inside) return embedded.signEmbeddedCommand(files, flags, inside);
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
  const unlocked = await unlockSigningKey(flags.key, flags);
  const format = unlocked.format;
  let style: ReleaseStyle | undefined;
  try {
    style = await usage(() => releaseStyleOf(format, flags.style));
  } catch (error) {
    unlocked.forget();
    throw error;
  }
  if (style) return (await import('./sign-in-style')).signInStyle(files, flags, unlocked, style);
  const comment = await usage(() => checkSignedComment(flags.trustedComment));
  // minisign's style: FILE.minisig, with SHA256SUMS and its signature too when asked for it by name.
  const checksums = flags.checksums || flags.style !== undefined;
  const listPath = checksums ? await usage(async () => checksumListPath(files)) : undefined;
  const skipList = listPath !== undefined && (await listIsKept(listPath, flags));
  const overwrite = flags.force === true;
  const printed = printedSignReport(files);
  let result: SignJobResult;
  try {
    result = await runSignJob({
      files,
      key: jobKeyOf(unlocked),
      format,
      ...(comment !== undefined ? { comment } : {}),
      ...(listPath && !skipList ? { list: { path: listPath, overwrite } } : {}),
      overwrite: () => overwrite,
      skip: async (_file, signatureFile) => flags.skipExisting === true && (await pathExists(signatureFile)),
      activityDir: activityDir(),
      now: () => new Date(),
      report: printed.report,
    });
  } catch (error) {
    // Only the list, which goes first, ends the job: then nothing has been signed.
    throw nothingSigned(error);
  }
  const checkedOut = reportRecheck(unlocked, result.recheck);
  if (flags.kit !== undefined && listPath && result.list?.listFile === resolve(listPath)) {
    await writeKit(flags.kit, listPath, unlocked, flags.force === true);
  }
  return checkedOut && printed.failures() === 0 ? 0 : 2;
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

/** `--sigstore-key`: a Sigstore bundle per file; the minisign-only options do not apply. */
async function signWithSigstoreKeyFlags(
  files: string[],
  flags: SignFlags,
  sigstoreKey: string,
): Promise<number> {
  const minisignOnly = [
    flags.key !== undefined && '--key',
    flags.checksums && '--checksums',
    flags.kit !== undefined && '--kit',
    flags.trustedComment !== undefined && '--trusted-comment',
    flags.skipExisting && '--skip-existing',
  ].filter((x): x is string => typeof x === 'string');
  if (minisignOnly.length > 0) {
    throw new CliExit(
      2,
      `--sigstore-key makes a Sigstore bundle; ${minisignOnly.join(', ')} do not go with it.`,
    );
  }
  const { signWithSigstoreKey } = await import('./sign-sigstore-key');
  return signWithSigstoreKey(files, { ...flags, sigstoreKey });
}
