import { formatDate } from '../../../shared/dates';
import { printable } from '../../../shared/printable';
import { theHardwareToken } from '../../../shared/token-words';
import type { VerifyResult } from '../../../shared/verdict';
import { plainMessage } from '../../core/errors';
import type { EmbeddedSigned, SigningSide } from '../../core/formats/signing-side';
import { stopIdleHashWorkers } from '../../core/hashing/worker-location';
import type { KeyInfo, Keystore } from '../../core/keystore/keystore';
import { activityDir } from '../../core/keystore/location';
import { managedTimestampUrl } from '../../core/policy/timestamp-url';
import { runEmbeddedSignJob } from '../../core/sign/embedded-job';
import { verifyArtifact } from '../../core/verify/verify-artifact';
import { CliExit } from '../cli-error';
import { readPassphrase } from '../passphrase';
import { presentVerdict } from '../present-verdict';
import { type CliTrustMaterial, loadTrustMaterial } from './load-trust';
import { printedFailures } from './sign-console';

export interface EmbeddedSignFlags {
  timestamp?: string[];
  description?: string;
  url?: string;
  nest?: boolean;
  replace?: boolean;
  msiEx?: boolean;
  caRoots?: string;
  passphraseFile?: string;
}

/**
 * `signet sign --key CERT FILE.exe …` for a key whose format signs inside the file (Authenticode):
 * every file looked at first (one already signed needs --replace or --nest, else nothing is
 * written), the expiry warning when no time-stamping server is given, then the job, then each
 * written file verified by Signet's own check and shown as the card anyone checking it sees.
 */
export async function signEmbeddedCommand(
  files: string[],
  flags: EmbeddedSignFlags,
  found: { info: KeyInfo; side: SigningSide; keystore: Keystore },
): Promise<number> {
  if (flags.nest && flags.replace) throw new CliExit(2, 'Give only one of --nest and --replace.');
  const { info, side } = found;
  // Read while the files are looked at (both wait on the disk in turns); awaited after them, so
  // its refusals (an unreadable --ca-roots) come where they came before.
  const loadingMaterial = loadTrustMaterial(files[0]!, { caRootsFile: flags.caRoots, useTrustList: true });
  loadingMaterial.catch(() => {});
  const alreadySigned: string[] = [];
  for (const file of files) {
    try {
      if (await side.alreadySigned?.(file)) alreadySigned.push(file);
    } catch (error) {
      throw new CliExit(2, `${printable(file)}: ${plainMessage(error)} Nothing was signed.`);
    }
  }
  if (alreadySigned.length > 0 && !flags.nest && !flags.replace) {
    throw new CliExit(
      2,
      `${alreadySigned.map(printable).join(', ')} ${alreadySigned.length === 1 ? 'is' : 'are'} already signed: add --replace to replace the signature or --nest to add a second one. Nothing was signed.`,
    );
  }
  // The organisation's server, when its policy names one, in place of the person's.
  const managed = await managedTimestampUrl();
  if (managed && flags.timestamp?.length) {
    process.stderr.write(
      `signet: your organisation's policy sets the time-stamping server: ${printable(managed)}\n`,
    );
  }
  const timestampUrls = managed ? [managed] : (flags.timestamp ?? []);
  if (timestampUrls.length === 0 && info.expiresAt) {
    process.stderr.write(
      `signet: warning: no timestamp. This signature stops being valid when the certificate expires on ${formatDate(info.expiresAt)}.\n`,
    );
  }
  const material = await loadingMaterial;
  const existing = flags.nest ? 'nest' : flags.replace ? 'replace' : 'refuse';
  const failures = printedFailures(files);
  // Each written file's check starts as soon as it is written, so it runs while the signing is
  // logged (the log's fsync waits on the disk, which is still freeing a replaced file's blocks);
  // the cards are shown after the job, in order, as before.
  const checks: Promise<VerifyResult>[] = [];
  let badAfter = 0;
  try {
    await runEmbeddedSignJob({
      files,
      ...found,
      unlock: async (open) =>
        open(
          await readPassphrase(
            flags,
            info.location === 'token'
              ? `PIN of ${theHardwareToken(info)} holding "${printable(info.name)}" (${info.keyId}): `
              : `Password for "${printable(info.name)}" (${info.keyId}): `,
          ),
        ),
      existing: () => existing,
      timestampUrls,
      timestampRoots: material.options.caRoots ?? [],
      ...(flags.description ? { description: flags.description } : {}),
      ...(flags.url ? { url: flags.url } : {}),
      ...(flags.msiEx ? { signFileList: true } : {}),
      activityDir: activityDir(),
      now: () => new Date(),
      report: {
        signed: (index, signed) => {
          const how = [
            signed.previous === 'replaced' ? 'its signature replaced' : undefined,
            signed.previous === 'nested' ? 'as a second signature' : undefined,
            signed.timestampUrl ? `timestamped by ${signed.timestampUrl}` : 'no timestamp',
          ].filter(Boolean);
          process.stdout.write(`Signed ${printable(signed.file)} (${how.join(', ')})\n`);
          const check = checkWritten(signed, material);
          // Awaited below; a job that ends in an error before then leaves it unread, not unhandled.
          check.catch(() => {});
          checks.push(check);
          // Nothing hashes after the last file's copy when its check has the content read back: the
          // idle hash worker stops now, its teardown beside the log's fsync rather than at exit;
          // otherwise once the checks are done.
          if (index === files.length - 1 && signed.knownContent) stopIdleHashWorkers();
        },
        failed: failures.failed,
        logFailed: failures.logFailed,
      },
    });
  } catch (error) {
    if (error instanceof CliExit) throw error;
    throw new CliExit(2, `${plainMessage(error)} Nothing was signed.`);
  }
  void Promise.allSettled(checks).then(stopIdleHashWorkers);
  for (const check of checks) {
    const result = await check;
    process.stdout.write(presentVerdict(result));
    if (
      result.verdict === 'tampered' ||
      result.verdict === 'malformed' ||
      result.verdict === 'no-signature'
    ) {
      badAfter++;
    }
  }
  return failures.count() + badAfter === 0 ? 0 : 2;
}

/**
 * The card `signet verify FILE` shows (no separate SHA-256 of the file: that is `--json`'s). Its
 * structure, signature and chain are read from the written file; the content's digest is the one
 * read back from the copy as it was written, while the file is still exactly as it was left.
 */
async function checkWritten(signed: EmbeddedSigned, material: CliTrustMaterial): Promise<VerifyResult> {
  return material.tell(
    await verifyArtifact(signed.file, {
      ...material.options,
      sha256: false,
      ...(signed.knownContent ? { knownContent: signed.knownContent } : {}),
    }),
  );
}
