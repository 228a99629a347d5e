import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { signingFormat } from '../../electron/core/formats/signing-formats';
import { Keystore } from '../../electron/core/keystore/keystore';
import { keyTransitionStatement } from '../../electron/core/sign/key-transition';
import { run, signet } from '../helpers/run';
import { tempDir } from '../helpers/temp-dir';

// `signet key rotate` and `signet key backup`, checked by the real minisign.

const FAST = { opsLimit: 524_288, memLimit: 16_777_216 };
const OLD_PASS = 'harbour lantern quartz meadow';
const NEW_PASS = 'orchard violet pebble compass';

let dir: string;
let config: string;
let keystore: Keystore;

/** minisign -V of the statement with one key's detached signature: its exit status and output. */
async function minisignChecks(statement: string, signature: string, publicKey: string) {
  return run('minisign', ['-V', '-m', statement, '-x', signature, '-P', publicKey]);
}

beforeAll(async () => {
  dir = await tempDir();
  config = join(dir, 'config');
  keystore = new Keystore(join(config, 'keys'));
  await keystore.create({ name: 'Release key 2025', passphrase: OLD_PASS, kdf: FAST });
  await keystore.create({ name: 'Release key 2026', passphrase: NEW_PASS, kdf: FAST });
});

describe('signet key rotate', () => {
  it('refuses before writing anything: a wrong passphrase, the same key twice, an unknown key', async () => {
    const out = join(dir, 'refused.txt');
    const wrong = await signet(
      ['key', 'rotate', '--from', 'Release key 2025', '--to', 'Release key 2026', '--out', out],
      config,
      { SIGNET_FROM_PASSPHRASE: 'not it at all', SIGNET_TO_PASSPHRASE: NEW_PASS },
    );
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/^signet: Key "Release key 2025": .*Nothing was written\.\n$/);
    const same = await signet(
      ['key', 'rotate', '--from', 'Release key 2025', '--to', 'release KEY 2025', '--out', out],
      config,
    );
    expect(same.stderr).toBe('signet: The old and the new key are the same key. Nothing was written.\n');
    const unknown = await signet(['key', 'rotate', '--from', 'Nope', '--to', 'Release key 2026'], config);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('No key in your keystore is called "Nope"');
    await expect(stat(out)).rejects.toMatchObject({ code: 'ENOENT' });
    expect((await keystore.list()).every((key) => key.retired === undefined)).toBe(true);
  });

  it('writes a statement naming both keys, signed by each (minisign -V accepts both), and retires the old key', async () => {
    const [old, next] = await keystore.list();
    const out = join(dir, 'transition.txt');
    const r = await signet(
      [
        'key',
        'rotate',
        '--from',
        old!.keyId,
        '--to',
        'Release key 2026',
        '--reason',
        'Yearly rotation; the 2025 key stays offline.',
        '--out',
        out,
      ],
      config,
      { SIGNET_FROM_PASSPHRASE: OLD_PASS, SIGNET_TO_PASSPHRASE: NEW_PASS },
    );
    expect(r.status, r.stderr).toBe(0);
    const text = await readFile(out, 'utf8');
    expect(text).toContain(`Old key (retired): Release key 2025\n  Key id:      ${old!.keyId}\n`);
    expect(text).toContain(`  Public key:  ${old!.publicKey}\n`);
    expect(text).toContain(`New key: Release key 2026\n  Key id:      ${next!.keyId}\n`);
    expect(text).toContain(`  Public key:  ${next!.publicKey}\n`);
    expect(text).toMatch(/^Date: \d{4}-\d\d-\d\d$/m);
    expect(text).toContain('Reason: Yearly rotation; the 2025 key stays offline.\n');

    const oldSig = `${out}.${old!.keyId}.minisig`;
    const newSig = `${out}.${next!.keyId}.minisig`;
    const byOld = await minisignChecks(out, oldSig, old!.publicKey);
    expect(byOld.status, byOld.stderr).toBe(0);
    expect(byOld.stdout).toContain(`key transition from ${old!.keyId} to ${next!.keyId}`);
    expect((await minisignChecks(out, newSig, next!.publicKey)).status).toBe(0);
    // Each signature is that key's: swapped, minisign refuses.
    expect((await minisignChecks(out, oldSig, next!.publicKey)).status).not.toBe(0);
    // The commands in the statement itself work as written, in its folder.
    for (const line of text.split('\n').filter((l) => l.startsWith('  minisign '))) {
      const checked = await run('sh', ['-c', line], { cwd: dir });
      expect(checked.status, line).toBe(0);
    }

    const retired = (await keystore.list()).find((key) => key.keyId === old!.keyId);
    expect(retired?.retired).toMatchObject({
      successorKeyId: next!.keyId,
      reason: 'Yearly rotation; the 2025 key stays offline.',
    });
    expect(r.stdout).toContain(`"Release key 2025" (${old!.keyId}) is now marked retired`);

    // A changed byte in the statement: both signatures refuse it.
    await writeFile(out, text.replace('Yearly', 'yearly'));
    expect((await minisignChecks(out, oldSig, old!.publicKey)).status).not.toBe(0);
    expect((await minisignChecks(out, newSig, next!.publicKey)).status).not.toBe(0);
  });

  it('never replaces a statement, and a retired key is not retired twice', async () => {
    const again = await signet(
      [
        'key',
        'rotate',
        '--from',
        'Release key 2025',
        '--to',
        'Release key 2026',
        '--out',
        join(dir, 'x.txt'),
      ],
      config,
      { SIGNET_PASSPHRASE: OLD_PASS },
    );
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(
      /was already retired on \d{1,2} [A-Z][a-z]{2} \d{4} in favour of [0-9A-F]{16}\. Nothing/,
    );
    await keystore.create({ name: 'Spare', passphrase: NEW_PASS, kdf: FAST });
    const existing = join(dir, 'transition.txt');
    const before = await readFile(existing, 'utf8');
    const clash = await signet(
      ['key', 'rotate', '--from', 'Release key 2026', '--to', 'Spare', '--out', existing],
      config,
      { SIGNET_PASSPHRASE: NEW_PASS },
    );
    expect(clash.status).toBe(2);
    expect(clash.stderr).toContain('already exists; nothing was written.');
    await expect(readFile(existing, 'utf8')).resolves.toBe(before);
    expect((await keystore.list()).find((key) => key.name === 'Release key 2026')?.retired).toBeUndefined();
  });

  it('keeps the reason on one printable line', async () => {
    const info = {
      name: 'A',
      keyId: 'ABCDEF0123456789',
      publicKey: 'RWQ',
      createdAt: '2025-01-01T00:00:00Z',
    };
    const minisign = await signingFormat('minisign');
    const text = keyTransitionStatement({
      from: info,
      to: { ...info, name: 'B' },
      date: new Date('2026-03-04T05:06:07Z'),
      checkCommands:
        minisign.transition?.checkCommands({
          statementFile: "it's.txt",
          signers: [{ publicKey: 'RWQ', signatureFile: "it's.txt.ABCDEF0123456789.minisig" }],
        }) ?? [],
    });
    expect(text).toContain('Date: 2026-03-04\n');
    expect(text).toContain('Reason: Regular replacement of the signing key.\n');
    expect(text).toContain(
      `  minisign -Vm 'it'\\''s.txt' -x 'it'\\''s.txt.ABCDEF0123456789.minisig' -P RWQ\n`,
    );
  });
});

describe('signet key backup', () => {
  it('copies the secret key as stored (encrypted, 0600) and never replaces a file', async () => {
    const [key] = await keystore.list();
    const file = join(dir, 'backup.key');
    const r = await signet(['key', 'backup', 'Release key 2025', file], config);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Backed up "Release key 2025" (${key!.keyId}) to ${file}.`);
    expect(await readFile(file, 'utf8')).toBe(
      await readFile(join(config, 'keys', `${key!.keyId}.key`), 'utf8'),
    );
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await keystore.list())[0]?.backedUpAt).toBeDefined();
    // minisign itself signs with the backup and its passphrase.
    const signed = join(dir, 'signed-by-backup.txt');
    await writeFile(signed, 'hello\n');
    const sign = await run('minisign', ['-S', '-s', file, '-m', signed], { input: `${OLD_PASS}\n` });
    expect(sign.status, sign.stderr).toBe(0);
    expect((await run('minisign', ['-V', '-m', signed, '-P', key!.publicKey])).status).toBe(0);

    await writeFile(file, 'kept\n');
    const again = await signet(['key', 'backup', key!.keyId, file], config);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('already exists; nothing was overwritten.');
    await expect(readFile(file, 'utf8')).resolves.toBe('kept\n');
    const unknown = await signet(['key', 'backup', 'Nope', join(dir, 'other.key')], config);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('Nothing was written.');
  });
});
