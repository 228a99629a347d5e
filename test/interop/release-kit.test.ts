import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Keystore } from '../../electron/core/keystore/keystore';
import { powershellWord, releaseKitText, shellWord } from '../../electron/core/sign/release-kit';
import { CLI, run, signet } from '../helpers/run';
import { tempDir } from '../helpers/temp-dir';

// The release kit's commands are run exactly as written, in the release folder, by the real tools.

const FAST = { opsLimit: 524_288, memLimit: 16_777_216 };
const PASSPHRASE = 'orchard violet pebble harbour';

let dir: string;
let config: string;
let release: string;
let kit: string;

/** The command lines of the kit (those that start with a tool's name). */
const commandsOf = (text: string) => text.split('\n').filter((l) => /^(signet|minisign|sha256sum) /.test(l));

/** Runs one kit line in the release folder with sh, `signet` being the built CLI. */
function runLine(line: string) {
  return run('sh', ['-c', line.replace(/^signet /, `"${process.execPath}" "${CLI}" `)], {
    cwd: release,
    env: { SIGNET_CONFIG_DIR: join(dir, 'stranger-config'), NO_COLOR: '1' },
  });
}

beforeAll(async () => {
  dir = await tempDir();
  config = join(dir, 'config');
  release = join(dir, 'acme 4.2');
  await run('mkdir', ['-p', release]);
  await writeFile(join(release, "acme setup (it's 4.2).exe"), 'installer\n'.repeat(3000));
  await writeFile(join(release, 'acme-4.2.tar.gz'), 'tarball\n'.repeat(3000));
  const keystore = new Keystore(join(config, 'keys'));
  const key = await keystore.create({ name: 'Release key 2025', passphrase: PASSPHRASE, kdf: FAST });
  const signed = await signet(
    [
      'sign',
      '--checksums',
      '--kit',
      join(dir, 'kit.txt'),
      ...['acme-4.2.tar.gz', "acme setup (it's 4.2).exe"].map((n) => join(release, n)),
    ],
    config,
    { SIGNET_PASSPHRASE: PASSPHRASE },
  );
  expect(signed.status, signed.stderr).toBe(0);
  // The CLI's kit file is the app's kit, word for word.
  kit = await readFile(join(dir, 'kit.txt'), 'utf8');
  expect(kit).toBe(
    releaseKitText({
      keyName: key.name,
      publicKey: key.publicKey,
      listName: 'SHA256SUMS',
      listText: await readFile(join(release, 'SHA256SUMS'), 'utf8'),
      publicKeyFileName: 'Release-key-2025',
    }),
  );
});

describe('release kit', () => {
  it('holds the public key in minisign .pub form with its key id, and the SHA256SUMS as written', async () => {
    const [key] = await new Keystore(join(config, 'keys')).list();
    expect(kit).toContain(`Key id: ${key!.keyId}`);
    expect(kit).toContain(`untrusted comment: minisign public key ${key!.keyId}\n${key!.publicKey}\n`);
    expect(kit).toContain(await readFile(join(release, 'SHA256SUMS'), 'utf8'));
    expect(commandsOf(kit).length).toBeGreaterThanOrEqual(5);
  });

  it('every command in it succeeds as written, for someone with only the kit and the files', async () => {
    for (const line of commandsOf(kit)) {
      const r = await runLine(line);
      expect(r.status, `${line}\n${r.stdout}${r.stderr}`).toBe(0);
    }
  });

  it('and the same commands fail once a file is changed', async () => {
    await writeFile(join(release, 'acme-4.2.tar.gz'), 'tampered\n');
    const results = await Promise.all(
      commandsOf(kit).map(async (line) => ({ line, r: await runLine(line) })),
    );
    const failing = results.filter(({ r }) => r.status !== 0).map(({ line }) => line.split(' ')[0]);
    // sha256sum -c and signet check catch the change; minisign -Vm of the list alone still passes (the list did not change).
    expect(failing).toContain('sha256sum');
    expect(results.find(({ line }) => line.startsWith('signet check'))?.r.status).toBe(1);
  });

  it('keeps what goes beside the files apart from the key, which must come from elsewhere', () => {
    const [beside, elsewhere] = kit.split(/^={10,}\n== Publish the key where you control it ==\n={10,}\n/m);
    expect(beside).toMatch(/^={10,}\n== Publish beside the files ==\n/);
    expect(beside).toContain('  SHA256SUMS.minisig\n  acme-4.2.tar.gz.minisig\n');
    expect(beside).not.toMatch(/untrusted comment: minisign public key|--pubkey-string|-P /);
    expect(elsewhere).toContain('Release signed by Release key 2025\n');
    expect(commandsOf(elsewhere ?? '')).toEqual(commandsOf(kit));
  });

  it('gives Windows lines: minisign.exe and Get-FileHash in PowerShell, names quoted for it', async () => {
    const sums = await readFile(join(release, 'SHA256SUMS'), 'utf8');
    expect(kit).toContain("minisign.exe -Vm 'SHA256SUMS' -P ");
    expect(kit).toContain("Get-Content -LiteralPath 'SHA256SUMS' | ForEach-Object {");
    expect(kit).toContain('(Get-FileHash -Algorithm SHA256 -LiteralPath $name).Hash -eq $sum;');
    // The first listed file on its own, its checksum compared by PowerShell.
    const first = /^([0-9a-f]{64}) {2}(.+)$/m.exec(sums)!;
    expect(kit).toContain(
      `(Get-FileHash -Algorithm SHA256 -LiteralPath ${powershellWord(first[2]!)}).Hash -eq '${first[1]}'`,
    );
    expect(powershellWord("acme setup (it's 4.2).exe")).toBe("'acme setup (it''s 4.2).exe'");
    expect(powershellWord('it\u2019s.exe')).toBe("'it\u2019\u2019s.exe'");
  });

  it('quotes names for the shell', () => {
    expect(shellWord('plain-name_1.2.tar.gz')).toBe('plain-name_1.2.tar.gz');
    expect(shellWord("it's here.exe")).toBe(`'it'\\''s here.exe'`);
    expect(shellWord('-rf')).toBe("./'-rf'");
  });
});
