import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { KEYRING_FILE_MAX_BYTES } from '../../electron/core/limits';
import { createHandlers } from '../../electron/main/handlers/create-handlers';
import { EXTERNAL_URL_ALLOW_LIST } from '../../electron/main/handlers/external-links';
import { recordingDeps } from '../helpers/ipc-deps';
import { tempDir } from '../helpers/temp-dir';

let dir: string;
let minisignPub: string;

beforeAll(async () => {
  dir = await tempDir('signet-ipc-system-');
  minisignPub = join(dir, 'publisher.pub');
  await promisify(execFile)('/usr/bin/minisign', [
    '-G',
    '-W',
    '-p',
    minisignPub,
    '-s',
    join(dir, 'publisher.key'),
  ]);
});

describe('trust handlers', () => {
  it('adds a signer from a key file or pasted text, lists only the contract fields, removes it', async () => {
    const deps = recordingDeps(join(dir, 'trust-1'));
    const handlers = createHandlers(deps);
    deps.grants.grant([minisignPub], { chosen: 'public-key' });
    deps.confirmAnswers.push(true, true, true);
    const { signer } = await handlers.addTrusted({
      name: 'Publisher',
      note: 'from their site',
      keyFile: minisignPub,
    });
    expect(signer).toEqual({
      keyId: expect.stringMatching(/^[0-9A-F]{16}$/),
      name: 'Publisher',
      note: 'from their site',
      kind: 'minisign',
      kindWords: 'minisign or signify key',
      noun: 'key',
      meta: ['key-id'],
      facts: [],
      source: 'user',
      addedAt: expect.any(String),
      addedFrom: 'publisher.pub',
    });
    // What main's own dialog said: the name, the full key id and the file it came from.
    expect(deps.confirmations[0]).toMatchObject({
      message: 'Trust “Publisher” as the maker of files signed with this key?',
      confirmLabel: 'Trust',
    });
    expect(deps.confirmations[0]?.detail).toContain(`Key id: ${signer.keyId}`);
    expect(deps.confirmations[0]?.detail).toContain('From the file: publisher.pub');
    const ssh = await handlers.addTrusted({
      name: 'SSH signer',
      keyText: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl a@b',
    });
    expect(ssh.signer.kind).toBe('ssh');
    const { signers } = await handlers.listTrusted({});
    expect(signers.map((s) => s.name)).toEqual(['Publisher', 'SSH signer']);
    for (const listed of signers) expect(listed).not.toHaveProperty('keyNum');
    await expect(handlers.removeTrusted({ keyId: signer.keyId })).resolves.toEqual({ removed: true });
    expect(deps.confirmations[2]?.message).toBe('Stop trusting “Publisher”?');
    expect(deps.confirmations[2]?.detail).toContain('from publisher.pub');
    expect((await handlers.listTrusted({})).signers.map((s) => s.name)).toEqual(['SSH signer']);
  });

  it('wants exactly one of key text and key file', async () => {
    const handlers = createHandlers(recordingDeps(join(dir, 'trust-2')));
    const text = await readFile(minisignPub, 'utf8');
    await expect(handlers.addTrusted({ name: 'Both', keyText: text, keyFile: minisignPub })).rejects.toThrow(
      'Give the public key either as text or as a file (one of the two).',
    );
    await expect(handlers.addTrusted({ name: 'Neither' })).rejects.toThrow(/either as text or as a file/);
  });

  it('refuses a key file that is far too big to be a key, without reading it all', async () => {
    const deps = recordingDeps(join(dir, 'trust-3'));
    const handlers = createHandlers(deps);
    const big = join(dir, 'video.mp4');
    await writeFile(big, Buffer.alloc(KEYRING_FILE_MAX_BYTES + 1));
    deps.grants.grant([big, dir], { chosen: 'public-key' });
    await expect(handlers.addTrusted({ name: 'Video', keyFile: big })).rejects.toThrow(
      /too large to be a public key/,
    );
    await expect(handlers.addTrusted({ name: 'Folder', keyFile: dir })).rejects.toThrow(
      'That is a folder, not an ordinary file, so Signet did not open it.',
    );
  });
});

describe('system handlers', () => {
  it('opens only allow-listed https pages', async () => {
    const deps = recordingDeps(join(dir, 'system-1'));
    const handlers = createHandlers(deps);
    const allowed = 'https://jedisct1.github.io/minisign/#verifying-a-file';
    await expect(handlers.openExternal({ url: allowed })).resolves.toEqual({ opened: true });
    for (const url of [
      'http://jedisct1.github.io/minisign/',
      'https://jedisct1.github.io/minisign.evil.example/',
      'https://jedisct1.github.io.evil.example/minisign/',
      'https://user:pw@jedisct1.github.io/minisign/',
      'https://jedisct1.github.io:8443/minisign/',
      'https://man.openbsd.org/signify.evil',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'https://example.com/',
    ]) {
      await expect(handlers.openExternal({ url })).resolves.toEqual({ opened: false });
    }
    expect(deps.openedUrls).toEqual([allowed]);
    expect(EXTERNAL_URL_ALLOW_LIST.every((u) => u.startsWith('https://'))).toBe(true);
  });

  it('follows a custom allow-list when one is given', async () => {
    const deps = recordingDeps(join(dir, 'system-2'), {
      externalUrlAllowList: ['https://help.example.org/signet/'],
    });
    const handlers = createHandlers(deps);
    await expect(handlers.openExternal({ url: 'https://help.example.org/signet/verify' })).resolves.toEqual({
      opened: true,
    });
    await expect(handlers.openExternal({ url: 'https://jedisct1.github.io/minisign/' })).resolves.toEqual({
      opened: false,
    });
  });

  it('reveals an existing file and says so in words when it has gone', async () => {
    const deps = recordingDeps(join(dir, 'system-3'));
    const handlers = createHandlers(deps);
    deps.grants.grant([minisignPub, join(dir, 'gone.txt')], 'dropped');
    await expect(handlers.revealInFolder({ path: minisignPub })).resolves.toEqual({ shown: true });
    expect(deps.revealed).toEqual([minisignPub]);
    await expect(handlers.revealInFolder({ path: join(dir, 'gone.txt') })).rejects.toThrow(
      'That file is not there any more. Nothing was done.',
    );
  });

  it('asks the dialog for the purpose given and never returns more than one file when one was asked for', async () => {
    const deps = recordingDeps(join(dir, 'system-4'));
    const handlers = createHandlers(deps);
    deps.nextOpen = ['/a', '/b'];
    await expect(handlers.chooseFiles({ purpose: 'signature', multiple: false })).resolves.toEqual({
      files: ['/a'],
    });
    await expect(handlers.chooseFiles({ purpose: 'verify', multiple: true })).resolves.toEqual({
      files: ['/a', '/b'],
    });
    // What the person chose is granted: the page may now name those files, and only those.
    expect(deps.grants.has('/a') && deps.grants.has('/b')).toBe(true);
    expect(deps.opened).toEqual([
      { purpose: 'signature', multiple: false },
      { purpose: 'verify', multiple: true },
    ]);
  });

  it('lists no activity before anything was signed', async () => {
    const handlers = createHandlers(recordingDeps(join(dir, 'system-5')));
    await expect(handlers.listActivity({})).resolves.toEqual({ entries: [] });
  });
});
