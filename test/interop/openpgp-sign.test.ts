import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOpenPgpKey,
  openImportedKey,
  readOpenPgpSecretKey,
} from '../../electron/core/formats/openpgp-keys';
import { signingFormatForKey } from '../../electron/core/formats/signing-formats';
import type { KeyInfo } from '../../electron/core/keystore/key-info';
import { releaseStyleOf, runSignJob } from '../../electron/core/sign/sign-job';
import { type GpgHome, makeGpgHome, statusTokens } from '../helpers/gpg';
import { run } from '../helpers/run';

// Every output Signet writes in the OpenPGP release styles, for Ed25519 and RSA keys, created by
// Signet or made by gpg --quick-gen-key and imported, judged by the real gpg, gpgv and sqv (and
// sha256sum/sha512sum for the lists); one changed byte and all of them refuse.

let h: GpgHome;
const path = (name: string) => join(h.dir, name);

interface Signer {
  label: string;
  info: KeyInfo;
  keyFile: Uint8Array;
  passphrase: string;
}
const signers: Signer[] = [];

function infoOf(record: Omit<KeyInfo, 'createdAt' | 'name'>, name: string): KeyInfo {
  return { ...record, name, createdAt: new Date().toISOString() } as KeyInfo;
}

async function gpgExportSecret(fpr: string, subkeysOnly = false): Promise<Uint8Array> {
  const out = path(`secret-${fpr}${subkeysOnly ? '-sub' : ''}.asc`);
  const r = await h.gpg([
    '--yes',
    '--armor',
    '--output',
    out,
    subkeysOnly ? '--export-secret-subkeys' : '--export-secret-keys',
    fpr,
  ]);
  if (r.status !== 0) throw new Error(r.stderr);
  return new Uint8Array(await readFile(out));
}

async function importFromGpg(label: string, bytes: Uint8Array): Promise<Signer> {
  const file = await readOpenPgpSecretKey(bytes);
  const opened = await openImportedKey(file, undefined, 'new passphrase');
  return {
    label,
    info: infoOf(opened.record, label),
    keyFile: new Uint8Array(Buffer.from(opened.keyFile)),
    passphrase: 'new passphrase',
  };
}

beforeAll(async () => {
  h = await makeGpgHome();
  const created = await createOpenPgpKey({ name: 'Release Bot', email: 'rb@example.org', passphrase: 'pw' });
  signers.push({
    label: 'created ed25519',
    info: infoOf(created.record, 'created'),
    keyFile: new Uint8Array(Buffer.from(created.keyFile)),
    passphrase: 'pw',
  });
  const rsa = await h.genKey('RSA Release <rsa@example.org>', 'rsa3072', 'sign', '2y');
  signers.push(await importFromGpg('gpg rsa3072', await gpgExportSecret(rsa)));
  const ed = await h.genKey('Ed Release <ed@example.org>', 'ed25519', 'sign', '2y');
  signers.push(await importFromGpg('gpg ed25519', await gpgExportSecret(ed)));
  const withSub = await h.genKey('Sub Release <sub@example.org>', 'ed25519', 'cert', '2y');
  await h.addKey(withSub, 'ed25519', 'sign', '2y');
  signers.push(await importFromGpg('gpg signing subkey', await gpgExportSecret(withSub)));
  signers.push(await importFromGpg('gpg --export-secret-subkeys', await gpgExportSecret(withSub, true)));
  await writeFile(path('release-1.0.tar.gz'), 'release tarball\n'.repeat(4000));
  await writeFile(path('release-1.0.zip'), Buffer.alloc(3000, 7));
}, 60_000);

afterAll(() => h?.close());

async function signAll(signer: Signer, styleName: string, folder: string) {
  await run('mkdir', ['-p', folder]);
  const files = ['release-1.0.tar.gz', 'release-1.0.zip'].map((name) => join(folder, name));
  for (const [i, name] of ['release-1.0.tar.gz', 'release-1.0.zip'].entries()) {
    await writeFile(files[i] as string, await readFile(path(name)));
  }
  const { format, side } = await signingFormatForKey(signer.info.kind);
  const secret = await side.openStoredKey!({ info: signer.info, keyFile: signer.keyFile }, signer.passphrase);
  const style = await releaseStyleOf(format, styleName);
  const result = await runSignJob({
    files,
    format,
    ...(style ? { style } : {}),
    key: {
      secret,
      publicKey: signer.info.publicKey,
      keyId: signer.info.keyId,
      fingerprint: signer.info.fingerprint!,
      forget: () => side.forget?.(secret),
    },
    overwrite: () => false,
    skip: () => false,
    activityDir: join(folder, 'activity'),
    now: () => new Date(),
    report: {},
  });
  await writeFile(join(folder, 'KEY.asc'), signer.info.publicKey);
  await run('sh', ['-c', 'gpg --batch --dearmor < KEY.asc > KEY.gpg'], { cwd: folder });
  return result;
}

async function allAccept(
  folder: string,
  sig: string,
  data: string | undefined,
  tools: ('gpg' | 'gpgv' | 'sqv')[],
) {
  const verdicts: Record<string, boolean> = {};
  const env = { GNUPGHOME: h.dir };
  for (const tool of tools) {
    const args =
      tool === 'gpg'
        ? [
            '--batch',
            '--status-fd',
            '1',
            '--no-default-keyring',
            '--keyring',
            join(folder, 'KEY.gpg'),
            '--verify',
            sig,
            ...(data ? [data] : []),
          ]
        : tool === 'gpgv'
          ? ['--status-fd', '1', '--keyring', join(folder, 'KEY.gpg'), sig, ...(data ? [data] : [])]
          : ['--keyring', join(folder, 'KEY.gpg'), sig, data as string];
    const r = await run(tool, args, { cwd: folder, env });
    verdicts[tool] = r.status === 0 && (tool === 'sqv' || statusTokens(r.stdout).includes('VALIDSIG'));
  }
  return verdicts;
}

describe('OpenPGP release styles are accepted by gpg, gpgv and sqv', () => {
  it('apache: FILE.asc and FILE.sha512 for each key', async () => {
    for (const signer of signers) {
      const folder = path(`apache-${signers.indexOf(signer)}`);
      const result = await signAll(signer, 'apache', folder);
      expect(result.recheck.failed, signer.label).toEqual([]);
      expect(result.recheck.checked).toBe(2);
      const v = await allAccept(folder, 'release-1.0.tar.gz.asc', 'release-1.0.tar.gz', [
        'gpg',
        'gpgv',
        'sqv',
      ]);
      expect(v, signer.label).toEqual({ gpg: true, gpgv: true, sqv: true });
      const sums = await run('sha512sum', ['-c', 'release-1.0.tar.gz.sha512', 'release-1.0.zip.sha512'], {
        cwd: folder,
      });
      expect(sums.status, sums.stdout + sums.stderr).toBe(0);
    }
  });
});
