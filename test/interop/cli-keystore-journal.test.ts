import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readActivity } from '../../electron/core/activity/activity-log';
import { Keystore } from '../../electron/core/keystore/keystore';
import { activityDir, keystoreDir } from '../../electron/core/keystore/location';
import { configureAppPaths } from '../../electron/main/app-paths';
import { run, signet } from '../helpers/run';
import { tempDir } from '../helpers/temp-dir';

// The CLI and the app share one keystore and one journal: keys made by either sign with the other,
// and CLI signings appear in the log the app's Activity screen reads.

/** libsodium's interactive scrypt limits, so keys made here unlock in milliseconds. */
const FAST = { opsLimit: 524_288, memLimit: 16_777_216 };
const PASSPHRASE = 'juniper lantern copper meadow';

let dir: string;
let config: string;
let release: string;
const env = { SIGNET_PASSPHRASE: PASSPHRASE };

beforeAll(async () => {
  dir = await tempDir();
  config = join(dir, 'config');
  release = join(dir, 'release');
  await run('mkdir', ['-p', release, config]);
  for (const [name, body] of [
    ['acme-setup 4.2.exe', 'setup\n'.repeat(5000)],
    ['README.txt', 'read me\n'],
    ['notes.md', '# notes\n'],
  ] as const) {
    await writeFile(join(release, name), body);
  }
});

describe('one keystore, one journal', () => {
  it('the app keeps keys and the log in the very folders the CLI uses', () => {
    const set = new Map<string, string>();
    const fakeApp = {
      setPath: (name: string, value: string) => set.set(name, value),
      getPath: (name: string) => set.get(name)!,
    };
    const previous = process.env.SIGNET_CONFIG_DIR;
    process.env.SIGNET_CONFIG_DIR = config;
    try {
      const paths = configureAppPaths(fakeApp as never, join(dir, 'bundle'));
      expect(paths.keysDir).toBe(keystoreDir());
      expect(paths.activityDir).toBe(activityDir());
      expect(keystoreDir()).toBe(join(config, 'keys'));
    } finally {
      if (previous === undefined) delete process.env.SIGNET_CONFIG_DIR;
      else process.env.SIGNET_CONFIG_DIR = previous;
    }
  });

  it('signs with a key the app made, found by its name, logs every signing and SHA256SUMS, and checks each signature', async () => {
    const keystore = new Keystore(join(config, 'keys'));
    const key = await keystore.create({ name: 'Release key 2025', passphrase: PASSPHRASE, kdf: FAST });
    const files = ['acme-setup 4.2.exe', 'README.txt', 'notes.md'].map((n) => join(release, n));
    const r = await signet(['sign', '--key', 'release KEY 2025', '--checksums', ...files], config, env);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`All 4 signatures were checked against "Release key 2025" (${key.keyId}).`);

    // The real tools accept what was written.
    const pub = join(dir, 'release.pub');
    await writeFile(pub, await keystore.publicKeyText(key.id));
    for (const name of ['SHA256SUMS', 'acme-setup 4.2.exe', 'README.txt']) {
      const ok = await run('minisign', ['-Vm', join(release, name), '-p', pub]);
      expect(ok.status, ok.stderr).toBe(0);
    }
    const sums = await run('sha256sum', ['-c', 'SHA256SUMS'], { cwd: release });
    expect(sums.stdout).toBe('acme-setup 4.2.exe: OK\nREADME.txt: OK\nnotes.md: OK\n');

    // The journal the app reads: four entries, with the key's name and the whole hash.
    const entries = await readActivity(join(config, 'activity'));
    expect(entries.map((e) => e.file)).toEqual([join(release, 'SHA256SUMS'), ...files]);
    expect(new Set(entries.map((e) => e.keyName))).toEqual(new Set(['Release key 2025']));
    const sha = (await run('sha256sum', [files[0]!])).stdout.split(' ')[0];
    expect(entries[1]!.sha256).toBe(sha);
    expect((await stat(join(config, 'activity', 'activity.jsonl'))).mode & 0o777).toBe(0o600);
  });

  it('replaces nothing without --force, skips existing signatures with --skip-existing', async () => {
    const before = await readFile(join(release, 'README.txt.minisig'), 'utf8');
    const refused = await signet(['sign', join(release, 'README.txt')], config, env);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('--skip-existing');
    await writeFile(join(release, 'new.bin'), 'new');
    const skipped = await signet(
      ['sign', '--skip-existing', join(release, 'README.txt'), join(release, 'new.bin')],
      config,
      env,
    );
    expect(skipped.status, skipped.stderr).toBe(0);
    expect(skipped.stdout).toContain('Skipped');
    expect(skipped.stdout).toContain('The signature was checked against');
    expect(await readFile(join(release, 'README.txt.minisig'), 'utf8')).toBe(before);
    const list = await signet(['sign', '--checksums', join(release, 'new.bin')], config, env);
    expect(list.status).toBe(2);
    expect(list.stderr).toMatch(/SHA256SUMS already exists.*--force.*Nothing was signed/);
  });

  it('with two keys, says which exist instead of guessing; an unknown name lists them', async () => {
    const keystore = new Keystore(join(config, 'keys'));
    await keystore.create({ name: 'Nightly key', passphrase: PASSPHRASE, kdf: FAST });
    await writeFile(join(release, 'other.bin'), 'x');
    const which = await signet(['sign', join(release, 'other.bin')], config, env);
    expect(which.status).toBe(2);
    expect(which.stderr).toContain('You have 2 keys; say which with --key');
    expect(which.stderr).toContain('"Nightly key"');
    const unknown = await signet(['sign', '--key', 'Beta key', join(release, 'other.bin')], config, env);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('No key in your keystore is called "Beta key"');
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('keygen', () => {
  it('stores a key under any name in the shared keystore, refuses a very weak passphrase and warns on a weak one, prints the public key and how to verify', async () => {
    const fresh = join(dir, 'fresh-config');
    const refused = await signet(['keygen', '--name', 'Team key: “Q3”'], fresh, {
      SIGNET_PASSPHRASE: 'password1',
    });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(
      'That passphrase is very weak, so Signet does not protect a key with it.',
    );
    expect(refused.stderr).toContain('No key was created.');
    await expect(new Keystore(join(fresh, 'keys')).list()).resolves.toEqual([]);
    const r = await signet(['keygen', '--name', 'Team key: “Q3”'], fresh, {
      SIGNET_PASSPHRASE: 'release words',
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('warning: this passphrase is weak');
    const [info] = await new Keystore(join(fresh, 'keys')).list();
    expect(info?.name).toBe('Team key: “Q3”');
    expect(r.stdout).toContain(`untrusted comment: minisign public key ${info!.keyId}\n${info!.publicKey}\n`);
    expect(r.stdout).toContain(`minisign -Vm FILE -P ${info!.publicKey}`);
    expect(r.stdout).toContain(`signet verify FILE --pubkey-string ${info!.publicKey}`);
    // File names come from the key id, never from the name.
    expect((await stat(join(fresh, 'keys', `${info!.keyId}.key`))).mode & 0o777).toBe(0o600);

    const strong = await signet(['keygen', '--name', 'Second'], fresh, env);
    expect(strong.status, strong.stderr).toBe(0);
    expect(strong.stderr).toBe('');
    const again = await signet(['keygen', '--name', 'team KEY: “Q3”'], fresh, env);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('You already have a key named');
    const hidden = await signet(['keygen', '--name', 'evil\u202Eexe.txt'], fresh, env);
    expect(hidden.status).toBe(2);
    expect(hidden.stderr).toContain('control characters');
  }, 60_000);
});

describe('check names what failed', () => {
  it('lists failing files first and names them in the summary', async () => {
    const keystore = new Keystore(join(config, 'keys'));
    const [key] = await keystore.list();
    await writeFile(join(release, 'README.txt'), 'changed\n');
    const r = await signet(['check', join(release, 'SHA256SUMS'), '--pubkey-string', key!.publicKey], config);
    expect(r.status).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('README.txt: FAILED');
    expect(r.stdout).toContain('1 of 3 files are not OK: README.txt (FAILED).');
  });
});

describe('help', () => {
  it('every subcommand has a description and help; SIGNET_PASSPHRASE is documented', async () => {
    const top = await signet(['--help'], config);
    expect(top.stdout).toContain('SIGNET_PASSPHRASE');
    const commands = ['keygen', 'sign', 'verify', 'check', 'hash', 'trust'];
    for (const command of commands) {
      const line = top.stdout.split('\n').find((l) => l.trimStart().startsWith(`${command} `));
      expect(line, command).toMatch(/\s{2,}\S/);
    }
    for (const args of [
      ['keygen'],
      ['sign'],
      ['check'],
      ['trust', 'add'],
      ['trust', 'list'],
      ['trust', 'remove'],
    ]) {
      const help = await signet([...args, '--help'], config);
      expect(help.status, args.join(' ')).toBe(0);
      expect(help.stdout, args.join(' ')).toMatch(/^Usage: signet /);
    }
    const trust = await signet(['trust', '--help'], config);
    for (const sub of ['add', 'list', 'remove']) {
      expect(trust.stdout.split('\n').find((l) => l.trimStart().startsWith(`${sub} `))).toMatch(/\s{2,}\S/);
    }
    for (const args of [['keygen'], ['sign']]) {
      expect((await signet([...args, '--help'], config)).stdout).toContain('SIGNET_PASSPHRASE');
    }
  });
});
