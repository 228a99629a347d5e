import { mkdir, readdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../electron/main/handlers/create-handlers';
import type { KeyInfo } from '../../shared/ipc/contract';
import { type RecordingDeps, recordingDeps } from '../helpers/ipc-deps';
import { run } from '../helpers/run';
import { tempDir } from '../helpers/temp-dir';

// The app's handlers with an OpenPGP key: created with its passphrase typed in main's window, a
// release signed in a style after main's dialog lists every output, three wrong passphrases leave
// the key and the folder untouched.

const PASSPHRASE = 'correct horse battery staple';
let dir: string;
let deps: RecordingDeps;
let handlers: ReturnType<typeof createHandlers>;
let key: KeyInfo;

async function release(folder: string): Promise<string[]> {
  await mkdir(folder, { recursive: true });
  const files = [join(folder, 'app-1.0.tar.gz'), join(folder, 'app-1.0.zip')];
  for (const file of files) await writeFile(file, `${file}\n`.repeat(100));
  deps.grants.grant(files, { chosen: 'sign' });
  return files;
}

beforeAll(async () => {
  dir = await tempDir('signet-ipc-openpgp-');
  deps = recordingDeps(join(dir, 'state'));
  deps.passphrases = {
    ask: async (prompt) => {
      deps.prompts.push(prompt);
      return deps.passphraseAnswers.length > 0 ? (deps.passphraseAnswers.shift() ?? null) : PASSPHRASE;
    },
  };
  handlers = createHandlers(deps);
  key = (await handlers.createKey({ name: 'Release Bot', email: 'rb@example.org' })).key;
});

describe('an OpenPGP key in the app', () => {
  it('is created with its User ID, fingerprint and a two-year expiry, and offers its styles', async () => {
    expect(key).toMatchObject({ kind: 'openpgp', label: 'Release Bot <rb@example.org>' });
    expect(key.fingerprint?.endsWith(key.keyId)).toBe(true);
    const years = (Date.parse(key.expiresAt ?? '') - Date.now()) / (365 * 86_400_000);
    expect(years).toBeGreaterThan(1.99);
    expect(years).toBeLessThan(2.01);
    const { styles, signsComment } = await handlers.signingStyles({ keyId: key.id });
    expect(styles.map((s) => s.name)).toEqual(['apache', 'node', 'debian', 'debian-sign']);
    expect(signsComment).toBe(false);
    expect((await handlers.listKeys({})).extendable).toEqual([key.id]);
  });

  it('signs in the node style after main lists every output; the kit names the fingerprint', async () => {
    const files = await release(join(dir, 'node'));
    deps.confirmAnswers.push(true);
    const answer = await handlers.signFiles({
      jobId: 'sign-node',
      keyId: key.id,
      files,
      writeChecksumList: false,
      style: 'node',
    });
    const asked = deps.confirmations.at(-1);
    expect(asked?.detail).toContain('Style: node');
    for (const name of ['SHASUMS256.txt', 'SHASUMS256.txt.asc', 'SHASUMS256.txt.sig']) {
      expect(asked?.detail).toContain(join(dir, 'node', name));
    }
    expect(answer.recheck).toMatchObject({ checked: 2, failed: [] });
    expect(answer.checksumListSignatures).toEqual([
      join(dir, 'node', 'SHASUMS256.txt.asc'),
      join(dir, 'node', 'SHASUMS256.txt.sig'),
    ]);
    expect(answer.releaseKit?.text).toContain(key.fingerprint?.match(/.{4}/g)?.join(' '));
    await writeFile(join(dir, 'KEY.asc'), key.publicKey);
    await run('sh', ['-c', 'gpg --batch --dearmor < KEY.asc > KEY.gpg'], { cwd: dir });
    const gpgv = await run('gpgv', [
      '--keyring',
      join(dir, 'KEY.gpg'),
      join(dir, 'node', 'SHASUMS256.txt.asc'),
    ]);
    expect(gpgv.status, gpgv.stderr).toBe(0);
  });

  it('three wrong passphrases: nothing signed, nothing written, the key file as it was', async () => {
    const files = await release(join(dir, 'wrong'));
    const keyPath = join(dir, 'state', 'keys', `${key.id}.key`);
    const keyFile = await readFile(keyPath);
    deps.confirmAnswers.push(true);
    deps.passphraseAnswers.push('one', 'two', 'three');
    await expect(
      handlers.signFiles({
        jobId: 'sign-wrong',
        keyId: key.id,
        files,
        writeChecksumList: false,
        style: 'apache',
      }),
    ).rejects.toMatchObject({ kind: 'wrong-passphrase' });
    expect(deps.prompts.slice(-3).map((p) => p.attempt?.number ?? 1)).toEqual([1, 2, 3]);
    expect((await readdir(join(dir, 'wrong'))).sort()).toEqual(['app-1.0.tar.gz', 'app-1.0.zip']);
    expect(await readFile(keyPath)).toEqual(keyFile);
  });

  it('a backup over an older one: one dialog names the backup and its .rev, and replaces both, 0600', async () => {
    const backup = join(dir, 'again.key');
    const rev = `${backup}.rev`;
    await writeFile(backup, 'an older backup\n');
    await writeFile(rev, 'an older certificate\n');
    deps.nextSave = backup;
    deps.confirmAnswers.push(false);
    await expect(handlers.backupKey({ keyId: key.id })).resolves.toEqual({ savedTo: null });
    const asked = deps.confirmations.at(-1);
    expect(asked?.detail).toContain('Already there, will be replaced: again.key and again.key.rev');
    expect(asked?.confirmLabel).toBe('Replace and save');
    expect(await readFile(rev, 'utf8')).toBe('an older certificate\n');

    deps.nextSave = backup;
    deps.confirmAnswers.push(true);
    await expect(handlers.backupKey({ keyId: key.id })).resolves.toEqual({
      savedTo: backup,
      revocation: rev,
    });
    expect(await readFile(backup)).toEqual(await readFile(join(dir, 'state', 'keys', `${key.id}.key`)));
    expect(await readFile(rev, 'utf8')).toContain('-----BEGIN PGP PUBLIC KEY BLOCK-----');
    for (const file of [backup, rev]) expect((await stat(file)).mode & 0o777).toBe(0o600);

    // Only the .rev left from before: the dialog names it alone.
    await unlink(backup);
    deps.nextSave = backup;
    deps.confirmAnswers.push(true);
    await handlers.backupKey({ keyId: key.id });
    expect(deps.confirmations.at(-1)?.detail).toContain('Already there, will be replaced: again.key.rev');
    expect((await stat(backup)).mode & 0o777).toBe(0o600);
  });
});
