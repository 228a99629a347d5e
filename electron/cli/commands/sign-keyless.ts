import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { printable } from '../../../shared/printable';
import { userConfigDir } from '../../core/config/paths';
import { plainMessage, SignetError } from '../../core/errors';
import { sigstoreRootMaterial } from '../../core/formats/sigstore-root';
import type { ConsentWords, GivenFile, KeylessSession } from '../../core/formats/sigstore-signing';
import { writeFileAtomic } from '../../core/fs/atomic-write';
import { pathExists } from '../../core/fs/path-exists';
import { activityDir } from '../../core/keystore/location';
import { TRUSTED_ROOT_MAX_BYTES } from '../../core/limits';
import type { EarlySigningRead } from '../../core/sign/early-read';
import { keylessReleaseKitText } from '../../core/sign/keyless-release-kit';
import { runSignJob } from '../../core/sign/sign-job';
import { CliExit } from '../cli-error';
import { readInputFile } from '../input-file';
import { printedFailures } from './sign-console';

export interface KeylessSignFlags {
  signingConfig?: string;
  trustedRoot?: string;
  /** Agree to publish the identity without a prompt (CI). */
  yes?: boolean;
  kit?: string;
  force?: boolean;
  skipExisting?: boolean;
  checksums?: boolean;
}

/**
 * `signet sign --sigstore FILE...`: one login (CI's ambient token, else the browser), the person's
 * agreement to what becomes public, one certificate, and a bundle beside each file, each checked
 * against the instance's trusted root for the exact identity before and after it is written.
 */
export async function signKeylessCommand(
  files: string[],
  flags: KeylessSignFlags,
  early?: EarlySigningRead,
): Promise<number> {
  if (flags.checksums) {
    throw new CliExit(
      2,
      'A keyless signature covers each file itself; --checksums is for keys. Nothing was signed.',
    );
  }
  if (flags.kit !== undefined && !flags.force && (await pathExists(flags.kit))) {
    throw new CliExit(
      2,
      `${printable(flags.kit)} already exists; nothing was signed (use --force to replace it).`,
    );
  }
  return signKeyless(files, flags, early);
}

async function signKeyless(
  files: string[],
  flags: KeylessSignFlags,
  early: EarlySigningRead | undefined,
): Promise<number> {
  const door = await import('../../core/formats/sigstore-signing');
  const given = async (path: string | undefined, what: string): Promise<GivenFile | undefined> =>
    path === undefined
      ? undefined
      : { bytes: (await readInputFile(path, what, TRUSTED_ROOT_MAX_BYTES)).bytes, source: path };
  let session: KeylessSession;
  let kitRoot: string | undefined;
  try {
    // The organisation's instance or root, when its policy sets one, is not the person's to change.
    const { managedSigstoreSigning, policySetsSigstoreFlag } = await import(
      '../../core/policy/sigstore-signing-policy'
    );
    const managed = await managedSigstoreSigning().catch((error: unknown) => {
      throw new CliExit(2, `${plainMessage(error)} Nothing was signed.`);
    });
    if (managed.sets.signingConfig !== undefined && flags.signingConfig !== undefined)
      throw new CliExit(2, policySetsSigstoreFlag('--signing-config', managed.sets.signingConfig));
    if (managed.sets.trustedRoot !== undefined && flags.trustedRoot !== undefined)
      throw new CliExit(2, policySetsSigstoreFlag('--trusted-root', managed.sets.trustedRoot));
    const signingConfig =
      managed.instance.signingConfig ?? (await given(flags.signingConfig, 'signing configuration'));
    const trustedRoot = managed.instance.trustedRoot ?? (await given(flags.trustedRoot, 'trusted root'));
    kitRoot = trustedRoot?.source ?? managed.sets.trustedRoot;
    // The public-good root is the one `signet verify` uses: kept current through TUF in the config
    // folder, or the one the organisation pins.
    const instance = await door.keylessInstance(
      { ...(signingConfig ? { signingConfig } : {}), ...(trustedRoot ? { trustedRoot } : {}) },
      sigstoreRootMaterial(userConfigDir(), managed.root),
    );
    const toSign: string[] = [];
    for (const file of files) {
      const bundle = `${resolve(file)}${door.BUNDLE_SUFFIX}`;
      if (!flags.force && (await pathExists(bundle))) {
        if (flags.skipExisting) continue;
        throw new SignetError(
          'exists',
          `${bundle} already exists (use --force to replace it, or --skip-existing).`,
        );
      }
      toSign.push(file);
    }
    if (toSign.length === 0) {
      process.stdout.write('Every file already has a bundle; nothing to sign.\n');
      return 0;
    }
    session = await door.keylessSignIn({
      instance,
      fileCount: toSign.length,
      login: (issuer) =>
        door.browserLogin({
          issuer,
          open: (url) => {
            process.stderr.write(`Sign in in your browser to continue:\n  ${url}\n`);
            openBrowser(url);
          },
        }),
      consent: (words) => askConsent(words, flags.yes === true),
    });
    files = toSign;
  } catch (error) {
    if (error instanceof CliExit) throw error;
    throw new CliExit(2, plainMessage(error));
  }
  const failures = printedFailures(files);
  const written: { file: string; signatureFile: string }[] = [];
  let result: Awaited<ReturnType<typeof runSignJob<KeylessSession>>>;
  try {
    result = await runSignJob({
      files,
      key: door.keylessJobKey(session),
      format: door.KEYLESS_FORMAT,
      ...(early ? { digest: early.digest } : {}),
      overwrite: () => flags.force === true,
      skip: () => false,
      activityDir: activityDir(),
      now: () => new Date(),
      report: {
        signed: (_index, signed) => {
          written.push(signed);
          process.stdout.write(
            `Signed ${printable(signed.file)} -> ${printable(signed.signatureFile)} (log entry ${signed.signedAs?.logIndex ?? '?'})\n`,
          );
        },
        failed: failures.failed,
        logFailed: failures.logFailed,
      },
    });
  } catch (error) {
    throw new CliExit(2, `${plainMessage(error)} Nothing was signed.`);
  }
  const { checked, failed: bad } = result.recheck;
  for (const problem of bad) {
    process.stderr.write(
      `signet: ${printable(problem.signatureFile)} did not check out: ${problem.problem}\n`,
    );
  }
  if (checked > 0 && bad.length === 0) {
    process.stdout.write(
      `${checked === 1 ? 'The bundle was' : `All ${checked} bundles were`} checked for ${printable(session.identity)} (${printable(session.issuer)}) against ${printable(session.trustedRoot.source)}.\n`,
    );
  }
  if (flags.kit !== undefined && written.length > 0) {
    const text = keylessReleaseKitText({
      identity: session.identity,
      issuer: session.issuer,
      signed: written,
      ...(kitRoot ? { trustedRootFileName: kitRoot.split(/[\\/]/).pop()! } : {}),
    });
    try {
      await writeFileAtomic(resolve(flags.kit), text, { mode: 0o644, overwrite: flags.force === true });
      process.stdout.write(`Release kit written to ${printable(resolve(flags.kit))}\n`);
    } catch (error) {
      throw new CliExit(2, `The release kit was not written: ${plainMessage(error)}`);
    }
  }
  return failures.count() === 0 && bad.length === 0 ? 0 : 2;
}

/** The same words as the app's dialog; --yes agrees ahead (CI), else the terminal asks. */
async function askConsent(words: ConsentWords, yes: boolean): Promise<boolean> {
  process.stderr.write(`${printable(words.message)}\n${printable(words.detail)}\n`);
  if (yes) return true;
  if (!process.stdin.isTTY || !process.stderr.isTTY) {
    throw new CliExit(
      2,
      'Add --yes to agree to this without a prompt. Nothing was sent and nothing was signed.',
    );
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question('Sign and publish this? [y/N] ')).trim());
  } finally {
    rl.close();
  }
}

/** Opens the login page where this computer can; the URL is printed either way. */
function openBrowser(url: string): void {
  if (
    process.env.CI ||
    (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY)
  )
    return;
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['rundll32', ['url.dll,FileProtocolHandler', url]]
        : ['xdg-open', [url]];
  try {
    const child = spawn(command, args as string[], { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // The URL is printed above; the person opens it by hand.
  }
}
