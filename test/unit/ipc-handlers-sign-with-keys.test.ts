import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../electron/main/handlers/create-handlers';
import type { KeyInfo } from '../../shared/ipc/contract';
import { type GpgHome, makeGpgHome, statusTokens } from '../helpers/gpg';
import { type RecordingDeps, recordingDeps } from '../helpers/ipc-deps';
import { run } from '../helpers/run';
import { tempDir } from '../helpers/temp-dir';

// One release signed with several keys from the Sign screen: main's one dialog lists every file
// each key writes, one passphrase window per key, every output checked by the real minisign and gpg.

const MINISIGN_PASS = 'willow granite sparrow tide';
const OPENPGP_PASS = 'copper meadow lantern fjord';

let dir: string;
let deps: RecordingDeps;
let handlers: ReturnType<typeof createHandlers>;
let minisignKey: KeyInfo;
let openpgpKey: KeyInfo;
let otherMinisign: KeyInfo;
let gpg: GpgHome;

async function release(folder: string, names: string[]): Promise<string[]> {
  const at = join(dir, folder);
  await mkdir(at, { recursive: true });
  const files = names.map((name) => join(at, name));
  for (const file of files) await writeFile(file, `${file}\n`.repeat(100));
  deps.grants.grant(files, { chosen: 'sign' });
  return files;
}

const jobId = () => `sign-${Math.random().toString(36).slice(2)}`;

beforeAll(async () => {
  dir = await tempDir('signet-ipc-keys-');
  deps = recordingDeps(join(dir, 'state'));
  handlers = createHandlers(deps);
  deps.passphraseAnswers.push(MINISIGN_PASS);
  minisignKey = (await handlers.createKey({ name: 'Minisign release' })).key;
  deps.passphraseAnswers.push(OPENPGP_PASS);
  openpgpKey = (await handlers.createKey({ name: 'OpenPGP release', email: 'rel@example.org' })).key;
  deps.passphraseAnswers.push(MINISIGN_PASS);
  otherMinisign = (await handlers.createKey({ name: 'Second minisign' })).key;
  gpg = await makeGpgHome();
  await writeFile(join(dir, 'rel.asc'), openpgpKey.publicKey);
  await gpg.gpg(['--import', join(dir, 'rel.asc')]);
}, 30_000);

afterAll(() => gpg?.close());

describe('signWithKeys', () => {
  it('lists every file of each key in one dialog, asks each passphrase once, and every output checks out', async () => {
    const files = await release('both', ['app-1.0.tar.gz', 'app-1.0.zip']);
    deps.confirmations.length = 0;
    deps.prompts.length = 0;
    deps.confirmAnswers.push(true);
    deps.passphraseAnswers.push(MINISIGN_PASS, OPENPGP_PASS);
    const { parts } = await handlers.signWithKeys({
      jobId: jobId(),
      files,
      keys: [{ keyId: minisignKey.id }, { keyId: openpgpKey.id, style: 'apache' }],
      writeChecksumList: true,
    });
    expect(deps.confirmations).toHaveLength(1);
    const detail = deps.confirmations[0]?.detail ?? '';
    expect(deps.confirmations[0]?.message).toBe('Sign 2 files with 2 keys?');
    for (const output of [
      join(dir, 'both', 'SHA256SUMS'),
      join(dir, 'both', 'SHA256SUMS.minisig'),
      `${files[0]}.minisig`,
      `${files[1]}.asc`,
      `${files[1]}.sha512`,
    ]) {
      expect(detail).toContain(output);
    }
    expect(detail).toMatch(/Key: OpenPGP release \(key id [0-9A-F]{16}\)\nStyle: apache/);
    expect(deps.prompts.map((p) => p.title)).toEqual([
      'Passphrase for “Minisign release”',
      'Passphrase for “OpenPGP release”',
    ]);
    expect(parts.map((part) => [part.keyName, part.recheck.checked, part.recheck.failed.length])).toEqual([
      ['Minisign release', 3, 0],
      ['OpenPGP release', 2, 0],
    ]);
    expect(parts[1]?.releaseKit?.text).toContain('gpg --verify');
    for (const file of files) {
      const mini = await run('minisign', ['-V', '-P', minisignKey.publicKey, '-m', file]);
      expect(mini.status, mini.stderr).toBe(0);
      const checked = await gpg.gpg(['--status-fd', '1', '--verify', `${file}.asc`, file]);
      expect(statusTokens(checked.stdout)).toContain('GOODSIG');
      const sqv = await run('sqv', ['--keyring', join(dir, 'rel.asc'), `${file}.asc`, file]);
      expect(sqv.status, sqv.stderr).toBe(0);
      const sums = await run('sha512sum', ['-c', `${file}.sha512`], { cwd: join(dir, 'both') });
      expect(sums.status, sums.stderr).toBe(0);
    }
    // One progress for the whole release: files × keys.
    const counts = new Set(
      deps.events
        .filter((e) => e.event === 'jobProgress')
        .map((e) => (e.payload as { fileCount: number }).fileCount),
    );
    expect([...counts]).toEqual([4]);
  });

  it('refuses two keys that would write the same file, before any dialog or passphrase', async () => {
    const files = await release('clash', ['tool.bin']);
    deps.confirmations.length = 0;
    deps.prompts.length = 0;
    await expect(
      handlers.signWithKeys({
        jobId: jobId(),
        files,
        keys: [{ keyId: minisignKey.id }, { keyId: otherMinisign.id }],
        writeChecksumList: false,
      }),
    ).rejects.toThrow(
      `Both “Minisign release” and “Second minisign” would write ${files[0]}.minisig. Sign with those keys one at a time, or pick another style. Nothing was signed.`,
    );
    expect(deps.confirmations).toHaveLength(0);
    expect(deps.prompts).toHaveLength(0);
  });

  it('writes nothing when the second key’s passphrase window is cancelled', async () => {
    const files = await release('cancel', ['tool.bin']);
    deps.confirmAnswers.push(true);
    deps.passphraseAnswers.push(MINISIGN_PASS, null);
    await expect(
      handlers.signWithKeys({
        jobId: jobId(),
        files,
        keys: [{ keyId: minisignKey.id }, { keyId: openpgpKey.id, style: 'node' }],
        writeChecksumList: false,
      }),
    ).rejects.toMatchObject({ kind: 'cancelled' });
    expect(await readdir(join(dir, 'cancel'))).toEqual(['tool.bin']);
    await expect(stat(`${files[0]}.minisig`)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('a cancel during the first key stops before the second: its outputs are never written', async () => {
    const files = await release('stopped', ['a.bin', 'b.bin', 'c.bin']);
    deps.confirmAnswers.push(true);
    deps.passphraseAnswers.push(MINISIGN_PASS, OPENPGP_PASS);
    const id = jobId();
    const emit = deps.emit;
    // The person presses Cancel as soon as the first progress shows.
    deps.emit = (event, payload) => {
      emit(event, payload);
      if (event === 'jobProgress') void handlers.cancelJob({ jobId: id });
    };
    try {
      const { parts } = await handlers.signWithKeys({
        jobId: id,
        files,
        keys: [{ keyId: minisignKey.id }, { keyId: openpgpKey.id, style: 'apache' }],
        writeChecksumList: false,
      });
      // Only the first key's part is reported, its files not signed; the second key never started.
      expect(parts.map((part) => part.keyName)).toEqual(['Minisign release']);
      expect(parts[0]?.outcomes.filter((o) => o.signatureFile)).toEqual([]);
    } finally {
      deps.emit = emit;
    }
    const left = await readdir(join(dir, 'stopped'));
    expect(left.filter((name) => name.endsWith('.asc') || name.endsWith('.sha512'))).toEqual([]);
  });
});
