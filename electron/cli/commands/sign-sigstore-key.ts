import { createPrivateKey, type KeyObject } from 'node:crypto';
import { basename, resolve } from 'node:path';
import { printable } from '../../../shared/printable';
import { appendActivity } from '../../core/activity/activity-log';
import { userConfigDir } from '../../core/config/paths';
import { plainMessage } from '../../core/errors';
import { sigstoreRootMaterial } from '../../core/formats/sigstore-root';
import { writeFileAtomic } from '../../core/fs/atomic-write';
import { pathExists } from '../../core/fs/path-exists';
import { digestFile } from '../../core/hashing/digest-file';
import { activityDir } from '../../core/keystore/location';
import { SECRET_KEY_FILE_MAX_BYTES } from '../../core/limits';
import { CliExit } from '../cli-error';
import { requireRegularFile } from '../input-file';
import { type PassphraseSource, readPassphrase } from '../passphrase';
import { readText } from '../read-text';

/** The public-good Rekor, where cosign records a `--key` signature unless told not to. */
const PUBLIC_GOOD_REKOR = 'https://rekor.sigstore.dev';

export interface SigstoreKeyFlags extends PassphraseSource {
  /** An ECDSA P-256 private key, PKCS#8 PEM (encrypted, or plain for CI secrets). */
  sigstoreKey: string;
  /** Commander's `--no-tlog`: false means record in no transparency log. */
  tlog?: boolean;
  rekorUrl?: string;
  force?: boolean;
}

/**
 * `signet sign --sigstore-key KEY.pem FILE...`: a Sigstore bundle FILE.sigstore.json per file, as
 * cosign's `sign-blob --key` makes it. Recorded in the public-good Rekor (or `--rekor-url`), or,
 * with `--no-tlog`, in no log at all: said aloud either way, since one publishes the file's hash
 * and the key and the other leaves only the key to vouch for the signature. Each bundle is read
 * back and checked against the key before the command says it is done.
 */
export async function signWithSigstoreKey(files: string[], flags: SigstoreKeyFlags): Promise<number> {
  const log = logOf(flags);
  for (const file of files) await requireRegularFile(file, 'file to sign');
  const outputs = files.map((file) => `${resolve(file)}.sigstore.json`);
  if (!flags.force) {
    for (const out of outputs) {
      if (await pathExists(out)) {
        throw new CliExit(
          2,
          `${printable(out)} already exists; nothing was signed (use --force to replace it).`,
        );
      }
    }
  }
  const privateKey = await openKey(flags.sigstoreKey, flags);
  const { signWithManagedKey, recheckManagedKeyBundle } = await import(
    '../../core/formats/sigstore-managed-key'
  );
  process.stderr.write(
    log.kind === 'none'
      ? 'signet: not recording in any transparency log (--no-tlog): only your key will vouch for these signatures, and nothing for when they were made.\n'
      : `signet: recording in the transparency log ${printable(log.url)}: each file's SHA-256, the signature and your public key become public there for good.\n`,
  );
  let failed = 0;
  for (const [index, file] of files.entries()) {
    const out = outputs[index]!;
    try {
      const { sha256 } = await digestFile(file, ['sha256'], { regularOnly: true });
      if (!sha256) throw new Error('The file could not be read.');
      const signed = await signWithManagedKey({ privateKey, sha256, log });
      const check = await recheckManagedKeyBundle({
        bundle: signed.bundle,
        sha256,
        publicKeyPem: signed.publicKeyPem,
        ...(log.kind === 'rekor' && log.url === PUBLIC_GOOD_REKOR
          ? { publicGoodLog: sigstoreRootMaterial(userConfigDir()).sigstoreRootUpdate }
          : {}),
      });
      if (check.outcome !== 'valid') throw new Error(`The new signature did not check out: ${check.reason}`);
      await writeFileAtomic(out, `${JSON.stringify(signed.bundle)}\n`, {
        mode: 0o644,
        overwrite: flags.force === true,
      });
      const where = signed.logIndex !== undefined ? ` (log index ${signed.logIndex})` : ' (in no log)';
      process.stdout.write(`Signed ${printable(file)} -> ${printable(out)}${where}\n`);
      await logActivity({
        time: new Date().toISOString(),
        file: resolve(file),
        sha256: Buffer.from(sha256).toString('hex'),
        keyId: signed.keyFingerprint,
        output: out,
        keyName: `Sigstore key ${basename(flags.sigstoreKey)}`.slice(0, 100),
      });
    } catch (error) {
      failed++;
      process.stderr.write(
        `signet: ${printable(file)}: ${plainMessage(error)} Nothing was written for it.\n`,
      );
    }
  }
  return failed === 0 ? 0 : 2;
}

/** Every signing goes to the activity log the app shows; a log that cannot be written is a warning. */
async function logActivity(entry: Parameters<typeof appendActivity>[1]): Promise<void> {
  try {
    await appendActivity(activityDir(), entry);
  } catch (error) {
    process.stderr.write(`signet: warning: could not add to the activity log: ${plainMessage(error)}\n`);
  }
}

function logOf(flags: SigstoreKeyFlags): { kind: 'none' } | { kind: 'rekor'; url: string } {
  if (flags.tlog === false) {
    if (flags.rekorUrl !== undefined) throw new CliExit(2, 'Give only one of --no-tlog and --rekor-url.');
    return { kind: 'none' };
  }
  const url = flags.rekorUrl ?? PUBLIC_GOOD_REKOR;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CliExit(2, `--rekor-url ${printable(url)} is not a web address.`);
  }
  const loopback = ['127.0.0.1', '[::1]', 'localhost'].includes(parsed.hostname);
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && loopback)) {
    throw new CliExit(2, '--rekor-url must be an https:// address.');
  }
  return { kind: 'rekor', url: url.replace(/\/+$/, '') };
}

/** Opens the PEM key, asking for its passphrase only when it is encrypted. */
async function openKey(path: string, passphrases: PassphraseSource): Promise<KeyObject> {
  const text = await readText(path, 'secret key', SECRET_KEY_FILE_MAX_BYTES);
  if (/-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----/.test(text)) {
    throw new CliExit(
      2,
      `${printable(basename(path))} is in cosign's own key format, which Signet does not read yet; use a PKCS#8 PEM key (openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256).`,
    );
  }
  const encrypted = /-----BEGIN ENCRYPTED PRIVATE KEY-----/.test(text);
  if (!encrypted && !/-----BEGIN (EC )?PRIVATE KEY-----/.test(text)) {
    throw new CliExit(2, `${printable(basename(path))} is not a PEM private key. Nothing was signed.`);
  }
  const passphrase = encrypted
    ? await readPassphrase(passphrases, `Passphrase for ${printable(path)}: `)
    : undefined;
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: text, format: 'pem', ...(passphrase !== undefined ? { passphrase } : {}) });
  } catch {
    throw new CliExit(
      2,
      encrypted
        ? `The passphrase does not open ${printable(basename(path))}. Nothing was signed.`
        : `${printable(basename(path))} cannot be read as a private key. Nothing was signed.`,
    );
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new CliExit(
      2,
      `${printable(basename(path))} is not an ECDSA P-256 key; Sigstore managed keys are. Nothing was signed.`,
    );
  }
  return key;
}
