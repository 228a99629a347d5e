import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { signingFormat } from '../../core/formats/signing-formats';
import type { ReleaseStyle } from '../../core/formats/signing-side';
import { fileNameFor } from '../../core/keystore/key-file-name';
import type { EarlySigningRead } from '../../core/sign/early-read';
import { plannedStyleOutputs } from '../../core/sign/sign-job';
import { CliExit } from '../cli-error';
import type { UnlockedKey } from '../signing-key';
import type { SignFlags } from './sign';
import { runPrintedSignJob, usage, writeKitFile } from './sign-console';

/**
 * A release in a style its format names (OpenPGP: apache, node, debian): every output is listed as
 * it is written, then read back and checked; --kit writes the format's part of the release kit.
 */
export async function signInStyle(
  files: string[],
  flags: SignFlags,
  unlocked: UnlockedKey,
  style: ReleaseStyle,
  early?: EarlySigningRead,
): Promise<number> {
  if (flags.checksums) {
    unlocked.forget();
    throw new CliExit(
      2,
      `This key writes its checksum list through its style (--style node or debian), not --checksums. Nothing was signed.`,
    );
  }
  if (flags.trustedComment !== undefined) {
    unlocked.forget();
    throw new CliExit(
      2,
      `The ${style.name} style signs no comment; leave out --trusted-comment. Nothing was signed.`,
    );
  }
  // Files in several folders cannot share one list: refused before anything is read.
  await usage(async () => plannedStyleOutputs(files, style)).catch((error) => {
    unlocked.forget();
    throw error;
  });
  const { result, ok } = await runPrintedSignJob(files, unlocked, flags, {
    format: unlocked.format,
    style,
    ...(early ? { read: early.read } : {}),
  });
  if (flags.kit !== undefined && ok) {
    const listText = result.list ? await readFile(result.list.listFile, 'utf8') : undefined;
    await writeStyledKit(flags.kit, unlocked, style, files, listText, flags.force === true);
  }
  return ok ? 0 : 2;
}

/** The format's part of the release kit, for the files just signed. */
async function writeStyledKit(
  path: string,
  unlocked: UnlockedKey,
  style: ReleaseStyle,
  files: string[],
  listText: string | undefined,
  overwrite: boolean,
): Promise<void> {
  const side = await signingFormat(unlocked.format);
  const keyName = unlocked.name ?? `key ${unlocked.keyId}`;
  const text = side.releaseKit?.({
    keyName,
    publicKey: unlocked.publicKey,
    ...(unlocked.fingerprint ? { fingerprint: unlocked.fingerprint } : {}),
    publicKeyFile: `${unlocked.name ? fileNameFor({ name: unlocked.name, keyId: unlocked.keyId }) : unlocked.keyId}.asc`,
    style,
    files: files.map((file) => basename(file)),
    ...(listText !== undefined ? { listText } : {}),
  })?.text;
  if (text === undefined) return;
  await writeKitFile(path, text, overwrite);
}
