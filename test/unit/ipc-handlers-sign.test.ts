import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MinisignSecretKey } from '../../electron/core/formats/minisign/secret-key';
import { createHandlers } from '../../electron/main/handlers/create-handlers';
import { dispatch } from '../../electron/main/ipc/guard';
import type { KeyInfo } from '../../shared/ipc/contract';
import { type RecordingDeps, recordingDeps } from '../helpers/ipc-deps';
import { tempDir } from '../helpers/temp-dir';

const exec = promisify(execFile);
const APP_PAGE = { url: 'app://signet/index.html', isMainFrame: true };
const PASSPHRASE = 'correct horse battery staple';

let dir: string;
let deps: RecordingDeps;
let handlers: ReturnType<typeof createHandlers>;
let key: KeyInfo;
let publicKeyFile: string;
let unlocked: MinisignSecretKey[];

async function artifact(name: string, content: string, folder = join(dir, 'artifacts')): Promise<string> {
  await mkdir(folder, { recursive: true });
  const file = join(folder, name);
  await writeFile(file, content);
  // As if the person had chosen it in main's open dialog.
  deps.grants.grant([file], { chosen: 'sign' });
  return file;
}

/** Asks the real minisign whether a signature is good (exit status 0). */
async function minisignAccepts(file: string, signatureFile = `${file}.minisig`): Promise<boolean> {
  try {
    await exec('/usr/bin/minisign', ['-V', '-p', publicKeyFile, '-m', file, '-x', signatureFile]);
    return true;
  } catch {
    return false;
  }
}

const signRequest = (files: string[], overrides: Record<string, unknown> = {}) => ({
  jobId: `sign-${Math.random().toString(36).slice(2)}`,
  keyId: key.id,
  files,
  writeChecksumList: false,
  ...overrides,
});

beforeAll(async () => {
  dir = await tempDir('signet-ipc-sign-');
  deps = recordingDeps(join(dir, 'state'));
  // main's passphrase window: the key's passphrase unless a test queues other answers.
  deps.passphrases = {
    ask: async (prompt) => {
      deps.prompts.push(prompt);
      return deps.passphraseAnswers.length > 0 ? (deps.passphraseAnswers.shift() ?? null) : PASSPHRASE;
    },
  };
  unlocked = [];
  const realUnlock = deps.keystore.unlock;
  // Keep what unlock handed out, to check the handler wiped it afterwards.
  deps.keystore.unlock = async (id, passphrase) => {
    const secret = await realUnlock(id, passphrase);
    unlocked.push(secret);
    return secret;
  };
  handlers = createHandlers({ ...deps, now: () => Date.parse('2025-03-01T12:00:00Z') });
  key = (await handlers.createKey({ name: 'Release key' })).key;
  expect(deps.prompts.at(-1)).toMatchObject({
    isNew: true,
    title: 'Passphrase for the new key “Release key”',
  });
  publicKeyFile = join(dir, 'release.pub');
  await writeFile(publicKeyFile, (await handlers.publicKeyText({ keyId: key.id })).fileText);
});

describe('signFiles', () => {
  it('writes signatures the real minisign accepts, logs each one and wipes the key', async () => {
    const a = await artifact('app-1.0.tar.gz', 'first');
    const b = await artifact('app-1.0.zip', 'second');
    const before = unlocked.length;
    deps.confirmAnswers.push(true);
    const { outcomes, checksumList, recheck } = await handlers.signFiles(signRequest([a, b]));
    // main said what it would write, in its own dialog, before asking for the passphrase.
    const asked = deps.confirmations.at(-1);
    expect(asked?.message).toBe('Sign 2 files with “Release key”?');
    expect(asked?.confirmLabel).toBe('Sign');
    expect(asked?.detail).toContain(`Key: Release key (key id ${key.keyId})`);
    expect(asked?.detail).toContain(`Will write (2):\n  ${a}.minisig\n  ${b}.minisig`);
    expect(recheck).toEqual({ checked: 2, failed: [], keyName: 'Release key', keyId: key.keyId });
    expect(outcomes).toEqual([
      { file: a, signatureFile: `${a}.minisig`, sha256: createHash('sha256').update('first').digest('hex') },
      { file: b, signatureFile: `${b}.minisig`, sha256: createHash('sha256').update('second').digest('hex') },
    ]);
    expect(checksumList).toBeUndefined();
    expect(await minisignAccepts(a)).toBe(true);
    expect(await minisignAccepts(b)).toBe(true);

    const { entries } = await handlers.listActivity({});
    expect(entries.slice(-2)).toEqual([
      {
        time: '2025-03-01T12:00:00.000Z',
        file: a,
        sha256: outcomes[0]?.sha256,
        keyId: key.keyId,
        output: `${a}.minisig`,
        keyName: 'Release key',
        format: 'minisign',
      },
      {
        time: '2025-03-01T12:00:00.000Z',
        file: b,
        sha256: outcomes[1]?.sha256,
        keyId: key.keyId,
        output: `${b}.minisig`,
        keyName: 'Release key',
        format: 'minisign',
      },
    ]);
    expect(unlocked.length).toBe(before + 1);
    expect(unlocked.at(-1)?.seed.every((byte) => byte === 0)).toBe(true);
    expect(deps.events.some((e) => e.event === 'jobProgress')).toBe(true);
  });

  it('uses the trusted comment given, and refuses one that would break the signature file', async () => {
    const file = await artifact('commented.bin', 'x');
    deps.confirmAnswers.push(true);
    await handlers.signFiles(signRequest([file], { trustedComment: 'release 2.0 by the build farm' }));
    expect(await readFile(`${file}.minisig`, 'utf8')).toContain(
      'trusted comment: release 2.0 by the build farm\n',
    );
    const other = await artifact('commented-2.bin', 'y');
    for (const comment of ['two\nlines', 'bidi \u202E override']) {
      await expect(handlers.signFiles(signRequest([other], { trustedComment: comment }))).rejects.toThrow(
        /one line without control characters/,
      );
    }
    await expect(stat(`${other}.minisig`)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('asks three times in main’s window, then refuses with a plain sentence, writing and echoing nothing', async () => {
    const file = await artifact('wrong-pass.bin', 'z');
    deps.passphraseAnswers.push('not the passphrase at all', 'nor this', 'nor that');
    deps.confirmAnswers.push(true);
    const asked = deps.prompts.length;
    const result = await dispatch(handlers, 'signFiles', signRequest([file]), APP_PAGE);
    expect(deps.prompts.slice(asked).map((p) => p.attempt?.number ?? 1)).toEqual([1, 2, 3]);
    expect(deps.prompts.at(-1)?.description).toContain(`key id ${key.keyId}`);
    expect(deps.prompts.at(-1)?.description).toContain('to sign wrong-pass.bin');
    expect(result).toEqual({
      ok: false,
      error: 'That passphrase does not unlock this key. Nothing was signed.',
    });
    expect(JSON.stringify(result)).not.toContain('not the passphrase');
    await expect(stat(`${file}.minisig`)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('replaces an existing signature only when the person confirms in main’s dialog', async () => {
    const file = await artifact('resign.bin', 'v1');
    const foreign = 'untrusted comment: not ours\nRWQ=\n';
    await writeFile(`${file}.minisig`, foreign);
    expect(await handlers.existingSignatures({ files: [file, await artifact('fresh.bin', 'f')] })).toEqual({
      existing: [file],
    });

    await expect(handlers.signFiles(signRequest([file]))).rejects.toThrow(
      'You chose not to replace existing files. Nothing was signed or replaced.',
    );
    expect(deps.confirmations.at(-1)).toMatchObject({
      message: 'Sign resign.bin with “Release key”? resign.bin.minisig already exists.',
      confirmLabel: 'Replace and sign',
      alternativeLabel: 'Skip those that exist',
    });
    expect(deps.confirmations.at(-1)?.detail).toContain(
      `will be replaced unless you skip them (1):\n  ${file}.minisig`,
    );
    expect(await readFile(`${file}.minisig`, 'utf8')).toBe(foreign);

    // "Skip those that exist": that file is left as it was, the others are signed.
    const other = await artifact('resign-other.bin', 'o');
    deps.confirmAnswers.push('alternative');
    const skipped = await handlers.signFiles(signRequest([file, other]));
    expect(skipped.outcomes).toEqual([
      { file, skipped: true },
      expect.objectContaining({ file: other, signatureFile: `${other}.minisig` }),
    ]);
    expect(skipped.recheck?.checked).toBe(1);
    expect(await readFile(`${file}.minisig`, 'utf8')).toBe(foreign);

    deps.confirmAnswers.push(true);
    const replaced = await handlers.signFiles(signRequest([file]));
    expect(replaced.outcomes[0]?.error).toBeUndefined();
    expect(await minisignAccepts(file)).toBe(true);
  });

  it('refuses the request when a given file is gone, signing nothing', async () => {
    const good = await artifact('present.bin', 'here');
    const missing = join(dir, 'artifacts', 'gone.bin');
    deps.grants.grant([missing], { chosen: 'sign' });
    await expect(handlers.signFiles(signRequest([missing, good]))).rejects.toThrow(/not there any more/);
    await expect(stat(`${good}.minisig`)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('writes a signed SHA256SUMS that minisign and sha256sum both accept', async () => {
    const folder = join(dir, 'release-3.0');
    const files = [await artifact('a.tar.gz', 'aaa', folder), await artifact('b.tar.gz', 'bbb', folder)];
    deps.confirmAnswers.push(true);
    const result = await handlers.signFiles(signRequest(files, { writeChecksumList: true }));
    expect(result.checksumList).toBe(join(folder, 'SHA256SUMS'));
    expect(result.checksumListSignature).toBe(join(folder, 'SHA256SUMS.minisig'));
    expect(await minisignAccepts(join(folder, 'SHA256SUMS'))).toBe(true);
    const { stdout } = await exec('sha256sum', ['-c', 'SHA256SUMS'], { cwd: folder });
    expect(stdout).toBe('a.tar.gz: OK\nb.tar.gz: OK\n');
    const logged = (await handlers.listActivity({})).entries.map((e) => e.output);
    expect(logged).toContain(join(folder, 'SHA256SUMS.minisig'));

    // A second run must not replace the list without main's own question, and signs nothing.
    const again = signRequest(files, { writeChecksumList: true });
    await expect(handlers.signFiles(again)).rejects.toThrow(/Nothing was signed or replaced/);
    const asked = deps.confirmations.at(-1);
    expect(asked?.message).toBe('Sign 2 files with “Release key”? 4 of the files to write already exist.');
    for (const name of ['SHA256SUMS', 'SHA256SUMS.minisig', 'a.tar.gz.minisig', 'b.tar.gz.minisig']) {
      expect(asked?.detail).toContain(join(folder, name));
    }
  });

  it('refuses a checksum list over files from different folders before signing anything', async () => {
    const one = await artifact('x.bin', 'x', join(dir, 'folder-one'));
    const two = await artifact('y.bin', 'y', join(dir, 'folder-two'));
    const before = unlocked.length;
    await expect(handlers.signFiles(signRequest([one, two], { writeChecksumList: true }))).rejects.toThrow(
      'To write a checksum list, all the files must be in the same folder. Nothing was signed.',
    );
    expect(unlocked.length).toBe(before); // the key was never even unlocked
    await expect(stat(`${one}.minisig`)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('previews the trusted comment minisign would write', async () => {
    const file = await artifact('preview.tar.gz', 'p');
    const { trustedComment } = await handlers.previewTrustedComment({ file });
    expect(trustedComment).toBe(
      `timestamp:${Date.parse('2025-03-01T12:00:00Z') / 1000}\tfile:preview.tar.gz\thashed`,
    );
  });
});

describe('key handlers', () => {
  it('lists keys and gives the public key as minisign reads it', async () => {
    const { keys } = await handlers.listKeys({});
    expect(keys.map((k) => k.name)).toContain('Release key');
    const { fileText, base64 } = await handlers.publicKeyText({ keyId: key.id });
    expect(base64).toBe(key.publicKey);
    expect(fileText.trim().split('\n').at(-1)).toBe(base64);
  });

  it('saves the public key where the save dialog says, and nowhere when it is cancelled', async () => {
    deps.nextSave = null;
    await expect(handlers.savePublicKey({ keyId: key.id })).resolves.toEqual({ savedTo: null });
    const destination = join(dir, 'exported.pub');
    deps.nextSave = destination;
    await expect(handlers.savePublicKey({ keyId: key.id })).resolves.toEqual({ savedTo: destination });
    expect(await readFile(destination, 'utf8')).toBe(
      (await handlers.publicKeyText({ keyId: key.id })).fileText,
    );
  });

  it('backs up the encrypted key, replacing an existing file only when main’s dialog said so', async () => {
    const destination = join(dir, 'backup.key');
    deps.nextSave = destination;
    deps.confirmAnswers.push(true);
    await handlers.backupKey({ keyId: key.id });
    expect(deps.confirmations.at(-1)?.message).toBe('Save a copy of your secret key “Release key”?');
    expect(deps.confirmations.at(-1)?.confirmLabel).toBe('Save copy');
    expect((await stat(destination)).mode & 0o777).toBe(0o600);
    expect(await readFile(destination, 'utf8')).not.toContain(PASSPHRASE);
    await writeFile(destination, 'an older backup\n');
    deps.nextSave = destination;
    deps.confirmAnswers.push(false);
    await expect(handlers.backupKey({ keyId: key.id })).resolves.toEqual({ savedTo: null });
    expect(deps.confirmations.at(-1)?.detail).toContain('Already there, will be replaced: backup.key');
    expect(await readFile(destination, 'utf8')).toBe('an older backup\n');
  });

  it('imports a key made by the real minisign, which then signs what minisign verifies', async () => {
    const pub = join(dir, 'imported.pub');
    const sec = join(dir, 'imported.key');
    await exec('/usr/bin/minisign', ['-G', '-W', '-p', pub, '-s', sec]);
    deps.grants.grant([sec], { chosen: 'secret-key' });
    // Unencrypted (-W): main confirms, then asks for a new passphrase typed twice in its window.
    deps.confirmAnswers.push(true);
    deps.passphraseAnswers.push('new pass');
    const { key: imported } = await handlers.importKey({ name: 'From minisign', secretKeyFile: sec });
    expect(deps.confirmations.at(-1)?.message).toBe(
      'Import the secret key in imported.key as “From minisign”?',
    );
    expect(deps.prompts.at(-1)).toMatchObject({ isNew: true, title: 'New passphrase for “From minisign”' });
    // minisign prints the key id without leading zeros; Signet always shows all 16 digits.
    const minisignId = (await readFile(pub, 'utf8'))
      .match(/minisign public key ([0-9A-F]{1,16})/)?.[1]
      ?.padStart(16, '0');
    expect(imported.keyId).toBe(minisignId);
    const file = await artifact('imported-signs.bin', 'data');
    deps.passphraseAnswers.push('new pass');
    deps.confirmAnswers.push(true);
    await handlers.signFiles({ ...signRequest([file]), keyId: imported.id });
    await exec('/usr/bin/minisign', ['-V', '-p', pub, '-m', file]);
  });

  it('refuses to import something that is not a key file', async () => {
    const notKey = join(dir, 'big.iso');
    await writeFile(notKey, Buffer.alloc(200 * 1024));
    deps.grants.grant([notKey], { chosen: 'secret-key' });
    await expect(handlers.importKey({ name: 'Huge', secretKeyFile: notKey })).rejects.toThrow(
      /too large to be a secret key file/,
    );
  });

  it('moves a key to the trash only after main’s own confirmation', async () => {
    const { key: doomed } = await handlers.createKey({ name: 'Old key' });
    await expect(handlers.deleteKey({ keyId: doomed.id })).resolves.toEqual({ deleted: false });
    expect(deps.confirmations.at(-1)?.message).toBe('Move your key “Old key” to the trash?');
    expect(deps.confirmations.at(-1)?.detail).toContain(`Key id: ${doomed.keyId}`);
    expect((await handlers.listKeys({})).keys.map((k) => k.id)).toContain(doomed.id);
    deps.confirmAnswers.push(true);
    await expect(handlers.deleteKey({ keyId: doomed.id })).resolves.toEqual({ deleted: true });
    expect(deps.trashed.map((p) => p.split('/').at(-1))).toEqual([`${doomed.id}.key`, `${doomed.id}.json`]);
    await expect(stat(join(dir, 'state', 'trash', `${doomed.id}.key`))).resolves.toBeTruthy();
    expect((await handlers.listKeys({})).keys.map((k) => k.id)).not.toContain(doomed.id);
    await expect(handlers.publicKeyText({ keyId: doomed.id })).rejects.toThrow(
      'That key is not in your keystore any more.',
    );
  });
});
