import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Keystore } from '../../electron/core/keystore/keystore';
import { keystoreDir } from '../../electron/core/keystore/location';
import { formatDate } from '../../shared/dates';
import { makeGpgHome } from '../helpers/gpg';
import { CLI, run, signet } from '../helpers/run';
import { tempDir } from '../helpers/temp-dir';

// The CLI forms scripts and the release kit rely on, end to end on the built signet: keygen
// --openpgp, key import/export/list, sign --style, a wrong passphrase, a write that fails.

let dir: string;
let config: string;
const pass = { SIGNET_PASSPHRASE: 'correct horse battery staple' };
const files = () => ['app-1.0.tar.gz', 'app-1.0.zip'].map((name) => join(dir, name));

beforeAll(async () => {
  dir = await tempDir('signet-cli-openpgp-');
  config = join(dir, 'config');
  await mkdir(config);
  await writeFile(join(dir, 'app-1.0.tar.gz'), 'tarball\n'.repeat(1000));
  await writeFile(join(dir, 'app-1.0.zip'), 'zip\n'.repeat(1000));
});

describe('signet with an OpenPGP key', () => {
  let fingerprint = '';

  it('keygen --openpgp, key list and key export --public', async () => {
    const made = await signet(
      ['keygen', '--openpgp', '--name', 'Release Bot', '--email', 'rb@example.org', '--expires', '1y'],
      config,
      pass,
    );
    expect(made.status, made.stderr).toBe(0);
    fingerprint = /Fingerprint: ([0-9A-F ]{49})/.exec(made.stdout)?.[1]?.replace(/ /g, '') ?? '';
    expect(fingerprint).toMatch(/^[0-9A-F]{40}$/);
    const list = await signet(['key', 'list'], config);
    // The expiry in the app's words ("expires 7 Dec 2027"), not ISO: a person reads this list.
    const [stored] = await new Keystore(keystoreDir(config)).list();
    expect(list.stdout).toMatch(
      /^openpgp\t[0-9A-F ]+\tRelease Bot \(Release Bot <rb@example\.org>\)\texpires \d{1,2} [A-Z][a-z]{2} \d{4}\n$/,
    );
    expect(list.stdout).toContain(`\texpires ${formatDate(stored!.expiresAt!)}\n`);
    // By its fingerprint as gpg prints it (spaced), or its last 16 hex digits.
    const cert = await signet(['key', 'export', '--public', fingerprint.slice(-16)], config);
    expect(cert.stdout).toMatch(/^-----BEGIN PGP PUBLIC KEY BLOCK-----/);
    await writeFile(join(dir, 'KEY.asc'), cert.stdout);
  });

  it('sign --style apache writes FILE.asc and FILE.sha512, checked by gpgv and sha512sum; --kit', async () => {
    const signed = await signet(
      ['sign', '--key', fingerprint, '--style', 'apache', '--kit', join(dir, 'kit.txt'), ...files()],
      config,
      pass,
    );
    expect(signed.status, signed.stderr).toBe(0);
    expect(signed.stdout).toContain('All 2 signatures were checked');
    await run('sh', ['-c', 'gpg --batch --dearmor < KEY.asc > KEY.gpg'], { cwd: dir });
    const gpgv = await run('gpgv', ['--keyring', join(dir, 'KEY.gpg'), 'app-1.0.zip.asc', 'app-1.0.zip'], {
      cwd: dir,
    });
    expect(gpgv.status, gpgv.stderr).toBe(0);
    expect((await run('sha512sum', ['-c', 'app-1.0.tar.gz.sha512'], { cwd: dir })).status).toBe(0);
    const kit = await readFile(join(dir, 'kit.txt'), 'utf8');
    expect(kit).toContain(fingerprint.match(/.{4}/g)?.join(' '));
    expect(kit).toContain('gpg --verify app-1.0.tar.gz.asc app-1.0.tar.gz');
    expect(kit).toContain('sha512sum -c app-1.0.tar.gz.sha512');
    expect(kit).toContain('Gpg4win');
    // The activity log names the format and the fingerprint.
    const log = await readFile(join(config, 'activity', 'activity.jsonl'), 'utf8');
    expect(log).toContain(`"format":"openpgp","fingerprint":"${fingerprint}"`);
  });

  it('several keys in one go: a minisign key file and the OpenPGP key, each in its own style', async () => {
    const folder = join(dir, 'both');
    await mkdir(folder);
    for (const file of files())
      await writeFile(join(folder, file.split('/').pop() as string), await readFile(file));
    const minisignDir = join(dir, 'minisign-key');
    const made = await signet(['keygen', '--out', minisignDir, '--no-passphrase'], config);
    expect(made.status, made.stderr).toBe(0);
    const [keyFile] = (await readdir(minisignDir)).filter((name) => name.endsWith('.key'));
    const names = ['app-1.0.tar.gz', 'app-1.0.zip'].map((name) => join(folder, name));
    const signed = await signet(
      [
        'sign',
        '--key',
        join(minisignDir, keyFile as string),
        '--style',
        'minisign',
        '--key',
        fingerprint,
        '--style',
        'node',
        ...names,
      ],
      config,
      pass,
    );
    expect(signed.status, signed.stderr).toBe(0);
    expect((await readdir(folder)).sort()).toEqual([
      'SHA256SUMS',
      'SHA256SUMS.minisig',
      'SHASUMS256.txt',
      'SHASUMS256.txt.asc',
      'SHASUMS256.txt.sig',
      'app-1.0.tar.gz',
      'app-1.0.tar.gz.minisig',
      'app-1.0.zip',
      'app-1.0.zip.minisig',
    ]);
    const pub = join(minisignDir, (keyFile as string).replace(/\.key$/, '.pub'));
    expect((await run('minisign', ['-Vm', join(folder, 'SHA256SUMS'), '-p', pub])).status).toBe(0);
    const gpgv = await run('gpgv', ['--keyring', join(dir, 'KEY.gpg'), join(folder, 'SHASUMS256.txt.asc')]);
    expect(gpgv.status, gpgv.stderr).toBe(0);
  });

  it('a wrong passphrase: exit 2, a sentence, nothing written', async () => {
    const before = (await readdir(dir)).sort();
    const wrong = await signet(['sign', '--key', 'Release Bot', '--style', 'node', ...files()], config, {
      SIGNET_PASSPHRASE: 'not the passphrase',
    });
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toBe('signet: The passphrase is wrong. Nothing was signed.\n');
    expect((await readdir(dir)).sort()).toEqual(before);
  });

  it('a write that fails (file size limit 0) leaves no partial signature behind', async () => {
    const before = (await readdir(dir)).sort();
    const failed = await run(
      'sh',
      [
        '-c',
        `ulimit -f 0; exec "${process.execPath}" "${CLI}" sign --key "Release Bot" --style debian ${files().join(' ')}`,
      ],
      { env: { SIGNET_CONFIG_DIR: config, ...pass } },
    );
    expect(failed.status).toBe(2);
    expect(failed.stderr).toBe('signet: The file is too large. Nothing was signed.\n');
    expect((await readdir(dir)).sort()).toEqual(before);
  });

  it('key import of a gpg export, then sign --style node; a public key is refused and nothing stored', async () => {
    const home = await makeGpgHome();
    try {
      const fpr = await home.genKey('Gpg Made <gpg@example.org>', 'ed25519', 'sign', '2y');
      const secret = join(dir, 'gpg-secret.asc');
      await home.gpg(['--armor', '--output', secret, '--export-secret-keys', fpr]);
      const publicOnly = join(dir, 'gpg-public.asc');
      await writeFile(publicOnly, (await home.exportCert(fpr)) as string);
      const refused = await signet(['key', 'import', publicOnly], config, pass);
      expect(refused.status).toBe(2);
      expect(refused.stderr).toMatch(/This is a public key, not a secret key.*Nothing was imported\.\n$/);
      expect((await signet(['key', 'list'], config)).stdout.split('\n').filter(Boolean)).toHaveLength(1);
      const imported = await signet(['key', 'import', secret], config, pass);
      expect(imported.status, imported.stderr).toBe(0);
      const folder = join(dir, 'node');
      await mkdir(folder);
      for (const file of files())
        await writeFile(join(folder, file.split('/').pop() as string), await readFile(file));
      const signed = await signet(
        ['sign', '--key', fpr, '--style', 'node', join(folder, 'app-1.0.zip')],
        config,
        pass,
      );
      expect(signed.status, signed.stderr).toBe(0);
      const verified = await home.gpg(['--verify', join(folder, 'SHASUMS256.txt.asc')]);
      expect(verified.status, verified.stderr).toBe(0);
      const mixed = await signet(
        ['sign', '--key', fpr, '--style', 'minisign', join(folder, 'app-1.0.zip')],
        config,
        pass,
      );
      expect(mixed.stderr).toMatch(/signs in the apache, node, debian, debian-sign styles, not "minisign"/);
    } finally {
      await home.close();
    }
  });
});
