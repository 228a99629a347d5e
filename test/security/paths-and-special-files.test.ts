import { mkdir, readFile, rename, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { scryptSlots } from '../../electron/core/keystore/scrypt-slots';
import { dispatchPinentry } from '../../electron/main/ipc/guard';
import { PinentryService, pinentryHandlers } from '../../electron/main/pinentry/pinentry-service';
import { tempDir } from '../helpers/temp-dir';
import {
  APP_PAGE,
  compromisedPage,
  exec,
  minisignKeyPair,
  minisignSign,
  NOT_GRANTED,
} from './compromised-page';

/**
 * No hash or existence oracle for the disk, no hang on special files, no file
 * contents in error texts, and the passphrase window's channels closed to the main window.
 */
let dir: string;
let present: string;
const absent = () => join(dir, 'no-such-file.bin');

beforeAll(async () => {
  dir = await tempDir('signet-sec-paths-');
  present = join(dir, 'secret-plans.pdf');
  await writeFile(present, 'private');
});

describe('files by grant, not by path', () => {
  const requests = (file: string) =>
    [
      ['verifyFiles', { jobId: 'v', files: [file] }],
      ['verifyFiles', { jobId: 'v2', files: [join(dir, 'given.bin')], signatureFile: file }],
      ['compareChecksum', { jobId: 'c', file, expected: 'a'.repeat(64) }],
      ['existingSignatures', { files: [file] }],
      ['previewTrustedComment', { file }],
      ['revealInFolder', { path: file }],
      ['addTrusted', { name: 'X', keyFile: file }],
      ['importKey', { name: 'X', secretKeyFile: file }],
    ] as const;

  it('refuses every channel’s ungranted path with the same sentence whether or not it exists', async () => {
    const page = compromisedPage(join(dir, 'a'));
    await writeFile(join(dir, 'given.bin'), 'g');
    page.deps.grants.grant([join(dir, 'given.bin')], 'dropped');
    for (const file of [present, absent(), '/etc/passwd']) {
      for (const [channel, request] of requests(file)) {
        const result = await page.send(channel, request);
        expect(result, `${channel} ${file}`).toMatchObject({
          ok: false,
          error: expect.stringMatching(NOT_GRANTED),
        });
        // Nothing about the path: the answer is the same for a file that exists and one that does not.
        expect(JSON.stringify(result)).not.toContain(file);
      }
    }
    expect(page.deps.revealed).toEqual([]);
    expect(page.deps.confirmations).toEqual([]);
  });

  it('refuses a granted path that was swapped for a symlink to another file', async () => {
    const page = compromisedPage(join(dir, 'b'));
    const file = join(dir, 'download.iso');
    await writeFile(file, 'download');
    page.deps.grants.grant([file], 'dropped');
    await expect(
      page.send('compareChecksum', { jobId: 'c', file, expected: 'a'.repeat(64) }),
    ).resolves.toMatchObject({
      ok: true,
    });
    await rename(file, `${file}.old`);
    await symlink(present, file);
    expect(await page.send('compareChecksum', { jobId: 'c', file, expected: 'a'.repeat(64) })).toEqual({
      ok: false,
      error: expect.stringMatching(/replaced by a link to another place/),
    });
  });

  it('finds the signature beside a granted file itself, so verification needs no other grant', async () => {
    const page = compromisedPage(join(dir, 'c'));
    const { sec } = await minisignKeyPair(dir, 'c-key');
    const file = join(dir, 'c-release.tar.gz');
    await writeFile(file, 'release');
    await minisignSign(sec, file);
    page.deps.grants.grant([file], 'dropped');
    const result = (await page.send('verifyFiles', { jobId: 'v', files: [file] })) as {
      ok: true;
      value: { results: Array<{ verdict: string; signatureFile?: string }> };
    };
    expect(result.value.results[0]).toMatchObject({
      verdict: 'unknown-signer',
      signatureFile: `${file}.minisig`,
    });
  });
});

describe('special files', () => {
  it('refuses /dev/zero at once, in compareChecksum and verifyFiles, even when granted', async () => {
    const page = compromisedPage(join(dir, 'd'));
    page.deps.grants.grant(['/dev/zero'], 'dropped');
    const started = Date.now();
    expect(
      await page.send('compareChecksum', { jobId: 'z', file: '/dev/zero', expected: 'a'.repeat(64) }),
    ).toEqual({
      ok: false,
      error: 'That is a device, not an ordinary file, so Signet did not open it.',
    });
    expect(await page.send('verifyFiles', { jobId: 'z2', files: ['/dev/zero'] })).toEqual({
      ok: false,
      error: 'That is a device, not an ordinary file, so Signet did not open it.',
    });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('four addTrusted calls on a FIFO answer at once and do not stall later file operations', async () => {
    const page = compromisedPage(join(dir, 'e'));
    const fifo = join(dir, 'key.fifo');
    await exec('mkfifo', [fifo]);
    page.deps.grants.grant([fifo], { chosen: 'public-key' });
    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => page.send('addTrusted', { name: 'Pipe', keyFile: fifo })),
    );
    for (const answer of answers) {
      expect(answer).toEqual({
        ok: false,
        error: 'That is a pipe, not an ordinary file, so Signet did not open it.',
      });
    }
    // A later operation on an ordinary file finishes promptly: no thread of the pool is stuck on the FIFO.
    const file = join(dir, 'after-fifo.bin');
    await writeFile(file, 'after');
    page.deps.grants.grant([file], 'dropped');
    const later = await page.send('compareChecksum', { jobId: 'after', file, expected: 'a'.repeat(64) });
    expect(later).toMatchObject({ ok: true, value: { match: false } });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('a folder is refused as a key file, and a key file’s contents never come back in the error', async () => {
    const page = compromisedPage(join(dir, 'f'));
    const folder = join(dir, 'a-folder');
    await mkdir(folder);
    const text = join(dir, 'notes.txt');
    await writeFile(text, 'TOP-SECRET-LINE the launch codes are 0000\n');
    page.deps.grants.grant([folder, text], { chosen: 'public-key' });
    expect(await page.send('addTrusted', { name: 'F', keyFile: folder })).toEqual({
      ok: false,
      error: 'That is a folder, not an ordinary file, so Signet did not open it.',
    });
    for (const [channel, request] of [
      ['addTrusted', { name: 'T', keyFile: text }],
      ['importKey', { name: 'T', secretKeyFile: text }],
    ] as const) {
      const result = await page.send(channel, request);
      expect(result.ok).toBe(false);
      expect(JSON.stringify(result)).not.toMatch(/TOP-SECRET|launch codes/);
    }
  });

  it('compareChecksum is a job the person can cancel', async () => {
    const page = compromisedPage(join(dir, 'g'));
    const big = join(dir, 'big.bin');
    await writeFile(big, Buffer.alloc(64 * 1024 * 1024, 1));
    page.deps.grants.grant([big], 'dropped');
    const job = page.send('compareChecksum', { jobId: 'long', file: big, expected: 'a'.repeat(64) });
    await new Promise((resolve) => setImmediate(resolve));
    const cancelled = await page.send('cancelJob', { jobId: 'long' });
    const answer = await job;
    // Either the cancel landed while hashing (the usual case) or the job had already finished.
    if ((cancelled as { value: { cancelled: boolean } }).value.cancelled) {
      expect(answer).toEqual({
        ok: false,
        error: 'Comparing was cancelled. No result was given.',
        cancelled: true,
      });
    } else {
      expect(answer.ok).toBe(true);
    }
  });
});

describe('passphrases and scrypt', () => {
  it('the passphrase channels refuse the main window, and the main channels refuse the passphrase window', async () => {
    const shown: string[] = [];
    const service = new PinentryService({ show: (view) => shown.push(view.title), close: () => {} });
    const handlers = pinentryHandlers(service);
    const asked = service.ask({ title: 'Passphrase for “Release”', description: 'to sign x' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(shown).toEqual(['Passphrase for “Release”']);

    const fromMainWindow = await dispatchPinentry(
      handlers,
      'pinentrySubmit',
      { passphrase: 'guess' },
      APP_PAGE,
    );
    expect(fromMainWindow).toEqual({
      ok: false,
      error: 'This request did not come from the Signet window, so it was refused.',
    });
    expect(service.asking).toBe(true);

    const page = compromisedPage(join(dir, 'h'));
    const pinentryWindow = {
      url: 'app://signet/pinentry.html',
      isMainFrame: true,
      window: 'pinentry' as const,
    };
    const { dispatch } = await import('../../electron/main/ipc/guard');
    expect((await dispatch(page.handlers, 'listKeys', {}, pinentryWindow)).ok).toBe(false);
    // The passphrase window may not call a main channel by name on its own door either.
    expect((await dispatchPinentry(handlers, 'listKeys', {}, pinentryWindow)).ok).toBe(false);

    await expect(
      dispatchPinentry(handlers, 'pinentrySubmit', { passphrase: 'right' }, pinentryWindow),
    ).resolves.toEqual({
      ok: true,
      value: { accepted: true },
    });
    await expect(asked).resolves.toBe('right');
  });

  it('asks one prompt at a time, and a new passphrase must be typed the same twice', async () => {
    const shown: string[] = [];
    const service = new PinentryService({ show: (view) => shown.push(view.title), close: () => {} });
    const first = service.ask({ title: 'one', description: 'd', isNew: true });
    const second = service.ask({ title: 'two', description: 'd' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(shown).toEqual(['one']);
    expect(service.submit('orbit maple candle', 'orbit maple candel')).toEqual({
      accepted: false,
      error: expect.stringMatching(/different/),
    });
    // A very weak passphrase never protects a new key, even typed the same twice.
    expect(service.submit('password1', 'password1')).toEqual({
      accepted: false,
      error: expect.stringMatching(
        /^That passphrase is very weak, so Signet does not protect a key with it\./,
      ),
    });
    expect(service.asking).toBe(true);
    expect(service.submit('orbit maple candle', 'orbit maple candle')).toEqual({ accepted: true });
    await expect(first).resolves.toBe('orbit maple candle');
    await new Promise((resolve) => setImmediate(resolve));
    expect(shown).toEqual(['one', 'two']);
    service.cancel();
    await expect(second).resolves.toBeNull();
  });

  it('runs at most two scrypt derivations at once, however many are asked for', async () => {
    let running = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 6 }, () =>
        scryptSlots.run(async () => {
          running += 1;
          most = Math.max(most, running);
          await new Promise((resolve) => setTimeout(resolve, 20));
          running -= 1;
        }),
      ),
    );
    expect(most).toBe(2);
    expect(scryptSlots.active).toBe(0);
  });

  it('never sends a secret key back to the page', async () => {
    const page = compromisedPage(join(dir, 'i'));
    page.deps.passphraseAnswers.push('a good long passphrase');
    const { key } = await page.handlers.createKey({ name: 'K' });
    const everything = JSON.stringify([
      await page.send('listKeys', {}),
      await page.send('publicKeyText', { keyId: key.id }),
    ]);
    const secret = await readFile(join(dir, 'i', 'state', 'keys', `${key.id}.key`), 'utf8');
    expect(everything).not.toContain(secret.split('\n')[1]);
  });
});

describe('showing files in their folder', () => {
  it('shows a signature main found beside a granted file, but no other path', async () => {
    const page = compromisedPage(join(dir, 'j'));
    const { sec } = await minisignKeyPair(dir, 'j-key');
    const file = join(dir, 'j-release.tar.gz');
    await writeFile(file, 'release');
    await minisignSign(sec, file);
    expect(await page.send('revealInFolder', { path: `${file}.minisig` })).toMatchObject({
      ok: false,
      error: expect.stringMatching(NOT_GRANTED),
    });
    page.deps.grants.grant([file], 'dropped');
    await page.send('verifyFiles', { jobId: 'v', files: [file] });
    expect(await page.send('revealInFolder', { path: `${file}.minisig` })).toEqual({
      ok: true,
      value: { shown: true },
    });
    // Being shown is all: the found signature is not a grant to read or trust from.
    expect(await page.send('addTrusted', { name: 'X', keyFile: `${file}.minisig` })).toMatchObject({
      ok: false,
      error: expect.stringMatching(NOT_GRANTED),
    });
  });
});

describe('showing what main itself logged', () => {
  it('shows a signature named in the activity log, which the page could already read there', async () => {
    const page = compromisedPage(join(dir, 'k'));
    page.deps.passphraseAnswers.push('a good long passphrase', 'a good long passphrase');
    const { key } = await page.handlers.createKey({ name: 'Logged' });
    const file = join(dir, 'k-file.bin');
    await writeFile(file, 'k');
    page.deps.grants.grant([file], 'dropped');
    page.deps.confirmAnswers.push(true);
    await page.handlers.signFiles({ jobId: 's', keyId: key.id, files: [file], writeChecksumList: false });
    // A fresh session: nothing granted, but the log names the output.
    const later = compromisedPage(join(dir, 'k'));
    expect(await later.send('revealInFolder', { path: `${file}.minisig` })).toMatchObject({ ok: false });
    await later.send('listActivity', {});
    expect(await later.send('revealInFolder', { path: `${file}.minisig` })).toEqual({
      ok: true,
      value: { shown: true },
    });
  });
});
