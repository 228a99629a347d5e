import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenPgpKey } from '../../electron/core/formats/openpgp-keys';
import { Keystore } from '../../electron/core/keystore/keystore';
import { type GpgHome, makeGpgHome, statusTokens } from '../helpers/gpg';
import { run, signet } from '../helpers/run';
import { tempDir } from '../helpers/temp-dir';

// An OpenPGP key's life in the keystore through the CLI, judged by the real gpg: the backup with
// its revocation certificate beside it, an import under a new passphrase, and a rotation whose
// clearsigned statement gpg reports as two good signatures.

const OLD_PASS = 'harbour lantern quartz meadow';
const NEW_PASS = 'orchard violet pebble compass';

let dir: string;
let config: string;
let keystore: Keystore;
let gpg: GpgHome;
/** The armored, encrypted secret key of a key made outside the keystore, as gpg would export it. */
let exported: string;
let exportedFingerprint: string;

beforeAll(async () => {
  dir = await tempDir();
  config = join(dir, 'config');
  keystore = new Keystore(join(config, 'keys'));
  gpg = await makeGpgHome();
  const old = await createOpenPgpKey({
    name: 'Release 2025',
    email: 'r25@example.org',
    passphrase: OLD_PASS,
  });
  await keystore.add({ name: 'Release 2025', record: old.record, keyFile: old.keyFile });
  const next = await createOpenPgpKey({
    name: 'Release 2026',
    email: 'r26@example.org',
    passphrase: NEW_PASS,
  });
  await keystore.add({ name: 'Release 2026', record: next.record, keyFile: next.keyFile });
  const outside = await createOpenPgpKey({ name: 'Outside', email: 'out@example.org', passphrase: OLD_PASS });
  exported = outside.keyFile.slice(0, outside.keyFile.indexOf('-----END PGP PRIVATE KEY BLOCK-----') + 35);
  exportedFingerprint = outside.record.fingerprint ?? '';
}, 60_000);

afterAll(() => gpg?.close());

describe('signet key backup of an OpenPGP key', () => {
  it('writes FILE and FILE.rev (0600), and gpg takes the .rev as the key’s revocation', async () => {
    const out = join(dir, 'release-2025.key');
    const r = await signet(['key', 'backup', 'Release 2025', out], config);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Its revocation certificate is in ${out}.rev.`);
    expect(r.stdout).toContain('publishing this certificate tells everyone to stop trusting it');
    expect((await stat(out)).mode & 0o777).toBe(0o600);
    expect((await stat(`${out}.rev`)).mode & 0o777).toBe(0o600);
    expect(await readFile(out, 'utf8')).toContain('-----BEGIN PGP PRIVATE KEY BLOCK-----');

    const info = (await keystore.list()).find((k) => k.name === 'Release 2025')!;
    expect(info.backedUpAt).toBeDefined();
    const cert = await gpg.file('r25.asc', info.publicKey);
    expect((await gpg.gpg(['--import', cert])).status).toBe(0);
    const before = await gpg.gpg(['--with-colons', '--list-keys', info.fingerprint!]);
    expect(before.stdout).toMatch(/^pub:[^r]/m);
    const imported = await gpg.gpg(['--status-fd', '1', '--import', `${out}.rev`]);
    expect(imported.status, imported.stderr).toBe(0);
    const after = await gpg.gpg(['--with-colons', '--list-keys', info.fingerprint!]);
    expect(after.stdout).toMatch(/^pub:r:/m);
  });

  it('replaces nothing without --force, and with --force replaces both', async () => {
    const out = join(dir, 'release-2026.key');
    await writeFile(`${out}.rev`, 'mine\n');
    const refused = await signet(['key', 'backup', 'Release 2026', out], config);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(`${out}.rev already exists; nothing was overwritten. Use --force`);
    await expect(stat(out)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readFile(`${out}.rev`, 'utf8')).toBe('mine\n');
    const forced = await signet(['key', 'backup', 'Release 2026', out, '--force'], config);
    expect(forced.status, forced.stderr).toBe(0);
    expect(await readFile(`${out}.rev`, 'utf8')).toContain('This is a revocation certificate');
  });
});

describe('signet key import --new-passphrase', () => {
  it('refuses a very weak new passphrase and stores nothing', async () => {
    const file = join(dir, 'outside.asc');
    await writeFile(file, exported);
    const weak = join(dir, 'weak.pass');
    await writeFile(weak, 'password1\n', { mode: 0o600 });
    const r = await signet(['key', 'import', file, '--new-passphrase-file', weak], config, {
      SIGNET_PASSPHRASE: OLD_PASS,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/very weak.*Nothing was imported\./);
    expect((await keystore.list()).some((k) => k.fingerprint === exportedFingerprint)).toBe(false);
  });

  it('keeps the key under the new passphrase: signing takes the new one, not the old', async () => {
    const file = join(dir, 'outside.asc');
    const r = await signet(['key', 'import', file, '--name', 'Outside', '--new-passphrase'], config, {
      SIGNET_PASSPHRASE: OLD_PASS,
      SIGNET_NEW_PASSPHRASE: NEW_PASS,
    });
    expect(r.status, r.stderr).toBe(0);
    const artifact = join(dir, 'app-1.0.tar.gz');
    await writeFile(artifact, 'release\n');
    const withOld = await signet(['sign', '--key', 'Outside', artifact], config, {
      SIGNET_PASSPHRASE: OLD_PASS,
    });
    expect(withOld.status).toBe(2);
    await expect(stat(`${artifact}.asc`)).rejects.toMatchObject({ code: 'ENOENT' });
    const withNew = await signet(['sign', '--key', 'Outside', artifact], config, {
      SIGNET_PASSPHRASE: NEW_PASS,
    });
    expect(withNew.status, withNew.stderr).toBe(0);
    const info = (await keystore.list()).find((k) => k.name === 'Outside')!;
    await gpg.gpg(['--import', await gpg.file('outside-cert.asc', info.publicKey)]);
    const checked = await gpg.gpg(['--status-fd', '1', '--verify', `${artifact}.asc`, artifact]);
    expect(statusTokens(checked.stdout)).toContain('GOODSIG');
  });
});

describe('signet key rotate with OpenPGP keys', () => {
  // A GnuPG home of its own: the backup test above revoked the old key in the first one.
  let fresh: GpgHome;
  beforeAll(async () => {
    fresh = await makeGpgHome();
  });
  afterAll(() => fresh?.close());

  it('refuses a minisign key and an OpenPGP key together, writing nothing', async () => {
    await keystore.create({
      name: 'Minisign key',
      passphrase: OLD_PASS,
      kdf: { opsLimit: 32_768, memLimit: 16 * 1024 * 1024 },
    });
    const out = join(dir, 'mixed.txt');
    const r = await signet(
      ['key', 'rotate', '--from', 'Minisign key', '--to', 'Release 2026', '--out', out],
      config,
      {
        SIGNET_PASSPHRASE: OLD_PASS,
      },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('two keys of the same kind');
    await expect(stat(out)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('writes one clearsigned statement that gpg reports as two good signatures, and retires the old key', async () => {
    const keys = await keystore.list();
    const old = keys.find((k) => k.name === 'Release 2025')!;
    const next = keys.find((k) => k.name === 'Release 2026')!;
    const out = join(dir, 'transition.txt');
    const r = await signet(
      [
        'key',
        'rotate',
        '--from',
        'Release 2025',
        '--to',
        next.fingerprint!,
        '--reason',
        'Yearly rotation',
        '--out',
        out,
      ],
      config,
      { SIGNET_FROM_PASSPHRASE: OLD_PASS, SIGNET_TO_PASSPHRASE: NEW_PASS },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('carrying a signature by each key');
    const text = await readFile(out, 'utf8');
    expect(text).toMatch(
      /^-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\nSigning key transition statement\n/,
    );
    expect(text).toContain(`  Fingerprint: ${old.fingerprint!.match(/.{4}/g)!.join(' ')}\n`);
    expect(text).toContain('Reason: Yearly rotation\n');

    for (const key of [old, next])
      await fresh.gpg(['--import', await fresh.file(`${key.keyId}.asc`, key.publicKey)]);
    const checked = await fresh.gpg(['--status-fd', '1', '--verify', out]);
    expect(checked.status, checked.stderr).toBe(0);
    const good = checked.stdout.split('\n').filter((l) => l.startsWith('[GNUPG:] VALIDSIG '));
    expect(good.map((l) => l.split(' ')[11] ?? l.split(' ')[2])).toEqual(
      expect.arrayContaining([old.fingerprint, next.fingerprint]),
    );
    expect(statusTokens(checked.stdout).filter((t) => t === 'GOODSIG')).toHaveLength(2);
    // gpgv, with a keyring of the two certificates alone, accepts it too.
    const keyring = join(dir, 'both.gpg');
    const exported = await fresh.gpg([
      '--yes',
      '--output',
      keyring,
      '--export',
      old.fingerprint!,
      next.fingerprint!,
    ]);
    expect(exported.status, exported.stderr).toBe(0);
    const gpgv = await run('gpgv', ['--status-fd', '1', '--keyring', keyring, out]);
    expect(gpgv.status, gpgv.stderr).toBe(0);
    expect(statusTokens(gpgv.stdout).filter((t) => t === 'GOODSIG')).toHaveLength(2);

    expect((await keystore.list()).find((k) => k.id === old.id)?.retired).toMatchObject({
      successorKeyId: next.keyId,
      reason: 'Yearly rotation',
    });

    // One changed byte in the text: gpg finds no good signature.
    await writeFile(out, text.replace('Yearly rotation', 'Yearly rotatiOn'));
    const tampered = await fresh.gpg(['--status-fd', '1', '--verify', out]);
    expect(tampered.status).not.toBe(0);
    expect(statusTokens(tampered.stdout)).toContain('BADSIG');
    expect(statusTokens(tampered.stdout)).not.toContain('GOODSIG');
  });
});

describe('signet sign with several keys', () => {
  it('refuses two keys that would write the same file before asking any passphrase', async () => {
    const file = join(dir, 'clash.bin');
    await writeFile(file, 'clash\n');
    // Release 2026 in the debian style and a minisign key with its SHA256SUMS both write SHA256SUMS.
    const r = await signet(
      [
        'sign',
        '--key',
        'Minisign key',
        '--style',
        'minisign',
        '--key',
        'Release 2026',
        '--style',
        'debian',
        file,
      ],
      config,
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      `Both “Minisign key” and “Release 2026” would write ${join(dir, 'SHA256SUMS')}. Sign with those keys one at a time`,
    );
    await expect(stat(join(dir, 'SHA256SUMS'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
