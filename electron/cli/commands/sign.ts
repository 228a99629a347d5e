import { printable } from '../../../shared/printable';
import { KEYLESS_FORMAT } from '../../core/formats/keyless-format';
import { startEarlySigningRead } from '../../core/sign/early-read';
import { CliExit } from '../cli-error';
import { requireRegularFile } from '../input-file';
import type { EmbeddedSignFlags } from './sign-embedded';
import type { KeyOpenedFirst } from './sign-keys-first';

/** As signing-key.ts tells a key file from a keystore key's name or id. */
const LOOKS_LIKE_KEY_FILE = /[\\/]|\.key$/i;

/** With the flags for keys that sign inside the file (Authenticode): sign-embedded.ts. */
export interface SignFlags extends EmbeddedSignFlags {
  /** Several (a repeated --key) sign the same files one key after the other. */
  key?: string | string[];
  trustedComment?: string;
  force?: boolean;
  skipExisting?: boolean;
  checksums?: boolean;
  /** With --checksums: also write the release kit (public key, SHA256SUMS, commands) to this file. */
  kit?: string;
  /** The release style (OpenPGP: apache, node, debian; minisign's own otherwise); one per --key. */
  style?: string | string[];
  /** Keyless signing with the person's identity (commands/sign-keyless.ts). */
  sigstore?: boolean;
  signingConfig?: string;
  trustedRoot?: string;
  yes?: boolean;
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
 * One release signed with several keys in one go (minisign and OpenPGP side by side): every key's
 * passphrase asked first, in key order (sign-keys-first.ts), then each key in turn with the style
 * given in the same place (its default otherwise), each signing logged and read back. A key that
 * fails to sign does not stop the next; the worst status wins.
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
  if (flags.sigstore || flags.sigstoreKey !== undefined) {
    throw new CliExit(
      2,
      '--sigstore and --sigstore-key sign with no key of yours: give them without --key. Nothing was signed.',
    );
  }
  refuseFlagsThatDoNotGo(flags);
  // Checked before the first passphrase, as for one key (a key that signs inside files is refused
  // with several, so the certificate's options go with none of them).
  await (await import('./sign-beside')).refuseWhatDoesNotGo(flags);
  await requireRegularFiles(files);
  await refuseSharedOutputsOf(files, keys, styles, flags);
  const { openEveryKey } = await import('./sign-keys-first');
  const opened = await openEveryKey(keys, flags);
  let status = 0;
  for (const [index, key] of keys.entries()) {
    try {
      status = Math.max(
        status,
        await signWithOne(files, { ...flags, key, style: styles[index] }, opened[index]),
      );
    } catch (error) {
      if (!(error instanceof CliExit)) {
        for (const rest of opened.slice(index + 1)) rest.unlocked.forget();
        throw error;
      }
      process.stderr.write(`signet: ${printable(key)}: ${printable(error.message)}\n`);
      status = Math.max(status, error.status);
    }
  }
  return status;
}

/**
 * Before any passphrase: the keys in the keystore that sign beside the files are planned as the app
 * plans them (core/sign/signing-plan.ts), and two that would write the same file end the command.
 * Loaded here, on the several-keys path only, so one key's `signet sign` starts reading sooner.
 */
async function refuseSharedOutputsOf(
  files: string[],
  keys: string[],
  styles: string[],
  flags: SignFlags,
): Promise<void> {
  const [{ Keystore }, { keystoreDir }, { embeddedSigningFor }, plans, { usage }] = await Promise.all([
    import('../../core/keystore/keystore'),
    import('../../core/keystore/location'),
    import('../../core/formats/key-files'),
    import('../../core/sign/signing-plan'),
    import('./sign-console'),
  ]);
  const keystore = new Keystore(keystoreDir());
  const parts: { name: string; outputs: string[] }[] = [];
  for (const [index, reference] of keys.entries()) {
    const info = await keystore.find(reference).catch(() => undefined);
    // A key file, or a key that signs inside files, is left to its own checks.
    if (!info || (await embeddedSigningFor(info.kind))) continue;
    const style = styles[index];
    const plan = await plans
      .planKeySigning(files, info.kind, {
        ...(style !== undefined ? { style } : {}),
        checksums: flags.checksums === true || style !== undefined,
      })
      .catch(() => undefined);
    if (plan) parts.push({ name: info.name, outputs: plan.outputs });
  }
  await usage(async () => plans.refuseSharedOutputs(files, parts));
}

export type OneKeyFlags = Omit<SignFlags, 'key' | 'style'> & {
  key: string | undefined;
  style: string | undefined;
};

/** `openedFirst`: the key, already opened by a several-keys job; else it is found and opened here. */
async function signWithOne(
  files: string[],
  flags: OneKeyFlags,
  openedFirst?: KeyOpenedFirst,
): Promise<number> {
  if (flags.sigstore && flags.sigstoreKey !== undefined) {
    throw new CliExit(
      2,
      'Give only one of --sigstore (your identity) and --sigstore-key (a key you keep). Nothing was signed.',
    );
  }
  if (flags.sigstoreKey !== undefined) return signWithSigstoreKeyFlags(files, flags, flags.sigstoreKey);
  refuseFlagsThatDoNotGo(flags);
  if (flags.sigstore) {
    if (flags.key !== undefined || flags.passphraseFile !== undefined || flags.trustedComment !== undefined) {
      throw new CliExit(2, 'Keyless signing uses no key, passphrase or comment. Nothing was signed.');
    }
    await requireRegularFiles(files);
    // A large file is read while the Sigstore libraries load and the login and Fulcio answer.
    const early =
      flags.checksums || files[0] === undefined
        ? undefined
        : await startEarlySigningRead(files[0], { format: KEYLESS_FORMAT }, undefined);
    try {
      return await (await import('./sign-keyless')).signKeylessCommand(files, flags, early);
    } finally {
      early?.abandon();
    }
  }
  // Every file is checked before the key and its passphrase: a folder or a pipe among them ends the
  // command at once, before anyone types a passphrase or waits for scrypt, and nothing is signed.
  await requireRegularFiles(files);
  // A checksum list reads every file first; a key not in the keystore is a key file (no kind given).
  const first = flags.checksums ? undefined : files[0];
  // A --key that looks like a path is most likely a key file: its read need not wait for the
  // keystore, and is started again for the key's own kind when the keystore has it after all.
  let early =
    first !== undefined && flags.key !== undefined && LOOKS_LIKE_KEY_FILE.test(flags.key)
      ? await startEarlySigningRead(first, {}, flags.style)
      : undefined;
  const lookup = await import('./sign-key-lookup');
  const stored = openedFirst ? undefined : await lookup.storedSigningKey(flags.key);
  const kind = openedFirst ? openedFirst.kind : stored?.info.kind;
  if (kind && early) {
    early.abandon();
    early = undefined;
  }
  if (first !== undefined && !early) {
    early = await startEarlySigningRead(first, kind ? { kind } : {}, flags.style);
  }
  try {
    if (openedFirst) {
      return await (await import('./sign-beside')).signBeside(files, flags, early, openedFirst.unlocked);
    }
    const inside = await lookup.embeddedSigningKey(stored);
    if (inside) {
      early?.abandon();
      return (await import('./sign-embedded')).signEmbeddedCommand(files, flags, inside);
    }
    // The job's code (the keystore, the format, the activity log) loads while the file is read.
    return await (await import('./sign-beside')).signBeside(files, flags, early);
  } finally {
    early?.abandon();
  }
}

/** What does not go together, whatever the key (after --sigstore-key, which has its own). */
function refuseFlagsThatDoNotGo(flags: SignFlags): void {
  if (flags.tlog === false || flags.rekorUrl !== undefined) {
    throw new CliExit(2, '--no-tlog and --rekor-url go with --sigstore-key. Nothing was signed.');
  }
  if (flags.force && flags.skipExisting)
    throw new CliExit(2, 'Give only one of --force and --skip-existing.');
  if (
    !flags.sigstore &&
    (flags.signingConfig !== undefined || flags.trustedRoot !== undefined || flags.yes !== undefined)
  ) {
    throw new CliExit(
      2,
      '--signing-config, --trusted-root and --yes go with --sigstore. Nothing was signed.',
    );
  }
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
