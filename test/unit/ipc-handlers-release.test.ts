import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  formatMinisignSecretKey,
  generateMinisignKeyPair,
} from '../../electron/core/formats/minisign/secret-key';
import { createHandlers } from '../../electron/main/handlers/create-handlers';
import type { KeyInfo } from '../../shared/ipc/contract';
import { FAST_KDF, type RecordingDeps, recordingDeps } from '../helpers/ipc-deps';
import { tempDir } from '../helpers/temp-dir';

const PASSPHRASE = 'willow granite sparrow tide';

let dir: string;
let deps: RecordingDeps;
let handlers: ReturnType<typeof createHandlers>;
let key: KeyInfo;

beforeAll(async () => {
  dir = await tempDir('signet-ipc-release-');
  deps = recordingDeps(join(dir, 'state'));
  deps.passphrases = {
    ask: async (prompt) => {
      deps.prompts.push(prompt);
      return deps.passphraseAnswers.length > 0 ? (deps.passphraseAnswers.shift() ?? null) : PASSPHRASE;
    },
  };
  handlers = createHandlers(deps);
  key = (await handlers.createKey({ name: 'Release key 2025' })).key;
});

describe('release kit', () => {
  it('is built by main from the list it wrote and the key, and saved where the save dialog says', async () => {
    const folder = join(dir, 'acme-4.2');
    const file = join(folder, 'acme-setup.exe');
    await import('node:fs/promises').then((fs) => fs.mkdir(folder, { recursive: true }));
    await writeFile(file, 'installer');
    deps.grants.grant([file], { chosen: 'sign' });
    deps.confirmAnswers.push(true);
    const signed = await handlers.signFiles({
      jobId: 'kit-1',
      keyId: key.id,
      files: [file],
      writeChecksumList: true,
    });
    const list = signed.checksumList!;
    const { text } = await handlers.releaseKit({ keyId: key.id, checksumList: list });
    expect(text).toContain(`Key id: ${key.keyId}`);
    expect(text).toContain(await readFile(list, 'utf8'));
    expect(text).toContain(`minisign -Vm SHA256SUMS -P ${key.publicKey}`);
    expect(text).toContain('sha256sum -c SHA256SUMS');

    deps.nextSave = join(dir, 'kit.txt');
    await expect(handlers.saveReleaseKit({ keyId: key.id, checksumList: list })).resolves.toEqual({
      savedTo: join(dir, 'kit.txt'),
    });
    expect(await readFile(join(dir, 'kit.txt'), 'utf8')).toBe(text);
    deps.nextSave = null;
    await expect(handlers.saveReleaseKit({ keyId: key.id, checksumList: list })).resolves.toEqual({
      savedTo: null,
    });
  });

  it('refuses a list the person never handed over', async () => {
    const elsewhere = join(dir, 'SHA256SUMS');
    await writeFile(elsewhere, `${'0'.repeat(64)}  x\n`);
    await expect(handlers.releaseKit({ keyId: key.id, checksumList: elsewhere })).rejects.toThrow();
  });
});

describe('replacing a list', () => {
  it('a SHA256SUMS left without its signature is replaced when the person says Replace', async () => {
    const folder = join(dir, 'half');
    await import('node:fs/promises').then((fs) => fs.mkdir(folder, { recursive: true }));
    const file = join(folder, 'tool.bin');
    await writeFile(file, 'tool');
    await writeFile(join(folder, 'SHA256SUMS'), 'an old list\n');
    deps.grants.grant([file], { chosen: 'sign' });
    deps.confirmAnswers.push(true);
    const signed = await handlers.signFiles({
      jobId: 'half',
      keyId: key.id,
      files: [file],
      writeChecksumList: true,
    });
    expect(deps.confirmations.at(-1)?.detail).toContain(`(1):\n  ${join(folder, 'SHA256SUMS')}`);
    expect(signed.recheck).toMatchObject({ checked: 2, failed: [] });
    expect(await readFile(join(folder, 'SHA256SUMS'), 'utf8')).toMatch(/^[0-9a-f]{64} {2}tool\.bin\n$/);
  });
});

describe('keys', () => {
  it('a backup is recorded on the key, with its time', async () => {
    expect((await handlers.listKeys({})).keys[0]?.backedUpAt).toBeUndefined();
    deps.nextSave = join(dir, 'backup.key');
    deps.confirmAnswers.push(true);
    await handlers.backupKey({ keyId: key.id });
    const backedUpAt = (await handlers.listKeys({})).keys[0]?.backedUpAt;
    expect(Date.parse(backedUpAt!)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('importing an encrypted key asks for the file’s passphrase, then a new one (typed twice in main’s window)', async () => {
    const pair = generateMinisignKeyPair();
    const file = join(dir, 'laptop.key');
    await writeFile(file, await formatMinisignSecretKey(pair, 'old words here', FAST_KDF));
    deps.grants.grant([file], { chosen: 'secret-key' });
    deps.confirmAnswers.push(true);
    deps.passphraseAnswers.push('wrong', 'old words here', 'brand new words for signet');
    const asked = deps.prompts.length;
    const { key: imported } = await handlers.importKey({ name: 'Laptop key', secretKeyFile: file });
    const prompts = deps.prompts.slice(asked);
    expect(prompts.map((p) => [p.title, p.isNew === true, p.attempt?.number ?? 1])).toEqual([
      ['Passphrase of laptop.key', false, 1],
      ['Passphrase of laptop.key', false, 2],
      ['New passphrase for “Laptop key”', true, 1],
    ]);
    await expect(deps.keystore.unlock(imported.id, 'brand new words for signet')).resolves.toBeDefined();
    await expect(deps.keystore.unlock(imported.id, 'old words here')).rejects.toThrow();
  });
});
