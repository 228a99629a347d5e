import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFile, readFile, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { GrantRegistry } from '../../electron/main/grants/grant-registry';
import { createHandlers } from '../../electron/main/handlers/create-handlers';
import { dispatch } from '../../electron/main/ipc/guard';
import { createWorkerHashing } from '../../electron/main/worker-hashing';
import type { JobProgressEvent } from '../../shared/ipc/events';
import { recordingDeps } from '../helpers/ipc-deps';
import { tempDir } from '../helpers/temp-dir';

const minisign = (args: string[]) => promisify(execFile)('/usr/bin/minisign', args);
const APP_PAGE = { url: 'app://signet/index.html', isMainFrame: true };
let dir: string;
let publicKeyFile: string;
let secretKeyFile: string;
/** The files "the person handed over" in these tests, and their yes to main's confirmations. */
const grants = new GrantRegistry();
const given = { grants, confirm: { confirm: async () => true } };

/** A file signed by the real minisign, next to its .minisig. */
async function signedByMinisign(name: string, content: string | Buffer): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, content);
  // execFile, not test/helpers/run: minisign never reads stdin, and writing to it can raise EPIPE.
  await minisign(['-S', '-s', secretKeyFile, '-m', file]);
  grants.grant([file], 'dropped');
  return file;
}

beforeAll(async () => {
  dir = await tempDir('signet-ipc-verify-');
  publicKeyFile = join(dir, 'publisher.pub');
  secretKeyFile = join(dir, 'publisher.key');
  await minisign(['-G', '-W', '-p', publicKeyFile, '-s', secretKeyFile]);
  grants.grant([publicKeyFile], { chosen: 'public-key' });
});

describe('verifyFiles (real minisign signatures, real trust list)', () => {
  it('says verified for a trusted signer, tampered for a changed file, no-signature for a bare one', async () => {
    const deps = recordingDeps(join(dir, 'state-1'), given);
    const handlers = createHandlers(deps);
    await handlers.addTrusted({ name: 'Example Publisher', keyFile: publicKeyFile });

    const good = await signedByMinisign('good.tar.gz', 'release 1.0\n');
    const changed = await signedByMinisign('changed.tar.gz', 'release 1.1\n');
    await appendFile(changed, 'one more byte');
    const bare = join(dir, 'bare.tar.gz');
    await writeFile(bare, 'no signature here');
    grants.grant([bare], 'dropped');

    const { results } = await handlers.verifyFiles({ jobId: 'v1', files: [good, changed, bare] });
    expect(results.map((r) => r.verdict)).toEqual(['verified', 'tampered', 'no-signature']);
    expect(results[0]?.signerName).toBe('Example Publisher');
    expect(results[0]?.sha256).toBe(createHash('sha256').update('release 1.0\n').digest('hex'));
  });

  it('says unknown-signer when the key is not trusted, and honours an explicit signature file', async () => {
    const handlers = createHandlers(recordingDeps(join(dir, 'state-2'), given));
    const file = await signedByMinisign('untrusted.bin', 'payload');
    grants.grant([`${file}.minisig`], { chosen: 'signature' });
    const { results } = await handlers.verifyFiles({
      jobId: 'v2',
      files: [file],
      signatureFile: `${file}.minisig`,
    });
    expect(results[0]?.verdict).toBe('unknown-signer');
  });

  it('reports throttled progress with a rate, ending at the last byte of the last file', async () => {
    const deps = recordingDeps(join(dir, 'state-3'), given);
    const handlers = createHandlers(deps);
    const big = await signedByMinisign('big.iso', Buffer.alloc(24 * 1024 * 1024, 7));
    const small = await signedByMinisign('small.txt', 'x');
    await handlers.verifyFiles({ jobId: 'progress-job', files: [big, small] });

    const progress = deps.events.map((e) => e.payload as JobProgressEvent);
    expect(progress.length).toBeGreaterThan(0);
    for (const p of progress) {
      expect(p.jobId).toBe('progress-job');
      expect(p.fileCount).toBe(2);
      expect(p.bytesDone).toBeLessThanOrEqual(p.bytesTotal);
      expect(p.bytesPerSecond).toBeGreaterThanOrEqual(0);
    }
    const last = progress.at(-1)!;
    expect(last).toMatchObject({ file: small, fileIndex: 1, bytesDone: 1, bytesTotal: 1 });
    expect(deps.events.every((e) => e.event === 'jobProgress')).toBe(true);
  });

  it('stops a job on cancelJob and gives no partial verdicts', async () => {
    // The artifact is read once, in a hash worker, from one open descriptor: a 4 GiB sparse file
    // keeps that worker busy for seconds, like a huge file on a slow disk.
    let idle = 0;
    const deps = recordingDeps(join(dir, 'state-4'), { ...given, onJobsIdle: () => idle++ });
    const handlers = createHandlers({ ...deps, hashing: createWorkerHashing() });
    const file = join(dir, 'stuck.iso');
    await writeFile(file, '');
    await truncate(file, 4 * 1024 * 1024 * 1024);
    grants.grant([file], 'dropped');
    const job = handlers.verifyFiles({ jobId: 'cancel-me', files: [file, file] });
    job.catch(() => {});
    await vi.waitFor(() => expect(deps.events.length).toBeGreaterThan(0), { timeout: 10_000 });
    await expect(handlers.verifyFiles({ jobId: 'cancel-me', files: [file] })).rejects.toThrow(
      /already running/,
    );
    await expect(handlers.cancelJob({ jobId: 'cancel-me' })).resolves.toEqual({ cancelled: true });
    await expect(job).rejects.toThrow('Checking was cancelled. No result was given.');
    expect(idle).toBe(1);
    // The job is over: its id is free and cancelling it again finds nothing.
    await expect(handlers.cancelJob({ jobId: 'cancel-me' })).resolves.toEqual({ cancelled: false });
  });

  it('hashes on a worker thread with the same answers as in-process', async () => {
    const hashing = createWorkerHashing();
    const deps = recordingDeps(join(dir, 'state-5'), { ...given, hashing });
    const handlers = createHandlers(deps);
    await handlers.addTrusted({ name: 'Example Publisher', keyText: await readFile(publicKeyFile, 'utf8') });
    const file = await signedByMinisign('worker.tar.gz', Buffer.alloc(3 * 1024 * 1024, 1));
    const { results } = await handlers.verifyFiles({ jobId: 'w1', files: [file] });
    expect(results[0]?.verdict).toBe('verified');
    const digests = await hashing.digestFile(file, ['sha256', 'sha512']);
    const bytes = await readFile(file);
    expect(digests.sha256?.toString('hex')).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(digests.sha512?.toString('hex')).toBe(createHash('sha512').update(bytes).digest('hex'));
  });

  it('cancels worker hashing by stopping the worker, and the next digest still works', async () => {
    const hashing = createWorkerHashing();
    const file = join(dir, 'cancel-worker.bin');
    await writeFile(file, Buffer.alloc(64 * 1024 * 1024, 3));
    const controller = new AbortController();
    const pending = hashing.digestFile(file, ['sha512', 'blake2b512'], { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ kind: 'cancelled' });
    const again = await hashing.digestFile(file, ['sha256']);
    expect(again.sha256?.length).toBe(32);
    await expect(hashing.digestFile(join(dir, 'missing.bin'), ['sha256'])).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });
});

describe('compareChecksum', () => {
  it('matches a pasted SHA-256 in any of the usual forms, and refuses a different one', async () => {
    const handlers = createHandlers(recordingDeps(join(dir, 'state-6'), given));
    const file = join(dir, 'download.zip');
    await writeFile(file, 'the real download');
    grants.grant([file], 'dropped');
    const sha256 = createHash('sha256').update('the real download').digest('hex');
    for (const pasted of [
      sha256,
      sha256.toUpperCase(),
      `  ${sha256}\n`,
      `${sha256}  download.zip`,
      `SHA256 (download.zip) = ${sha256}`,
      `sha256:${sha256}`,
    ]) {
      await expect(handlers.compareChecksum({ jobId: 'c1', file, expected: pasted })).resolves.toMatchObject({
        match: true,
        algorithm: 'sha256',
      });
    }
    const other = `${sha256.slice(0, 63)}${sha256.endsWith('0') ? '1' : '0'}`;
    const mismatch = await handlers.compareChecksum({ jobId: 'c1', file, expected: other });
    expect(mismatch.match).toBe(false);
    expect(mismatch.message).toBe(
      'The SHA-256 checksum does not match: it describes another file, not this one.',
    );
  });

  it('understands SHA-512 and refuses text that is not exactly one checksum', async () => {
    const handlers = createHandlers(recordingDeps(join(dir, 'state-7'), given));
    const file = join(dir, 'download2.zip');
    await writeFile(file, 'bytes');
    grants.grant([file], 'dropped');
    const sha512 = createHash('sha512').update('bytes').digest('hex');
    await expect(handlers.compareChecksum({ jobId: 'c1', file, expected: sha512 })).resolves.toMatchObject({
      match: true,
      algorithm: 'sha512',
    });
    // A partial paste must never be compared as if it were the whole thing.
    await expect(
      handlers.compareChecksum({ jobId: 'c1', file, expected: sha512.slice(0, 50) }),
    ).rejects.toThrow(/does not look like a SHA-256 or SHA-512 checksum/);
    const sha256 = createHash('sha256').update('bytes').digest('hex');
    await expect(
      handlers.compareChecksum({ jobId: 'c1', file, expected: `${sha256}\n${'a'.repeat(64)}` }),
    ).rejects.toThrow(/more than one checksum/);
  });

  it('names a pasted MD5 or SHA-1 as such and says what a match does not prove', async () => {
    const handlers = createHandlers(recordingDeps(join(dir, 'state-7b'), given));
    const file = join(dir, 'old-site.zip');
    await writeFile(file, 'bytes from an old website');
    grants.grant([file], 'dropped');
    for (const [algorithm, name] of [
      ['md5', 'MD5'],
      ['sha1', 'SHA-1'],
    ] as const) {
      const hex = createHash(algorithm).update('bytes from an old website').digest('hex');
      const answer = await handlers.compareChecksum({ jobId: 'c1', file, expected: `${hex}  old-site.zip` });
      expect(answer).toMatchObject({ match: true, algorithm });
      expect(answer.message).toContain(`The ${name} checksum matches`);
      expect(answer.message).toContain('cannot prove who made the file');
      const wrong = await handlers.compareChecksum({ jobId: 'c1', file, expected: 'f'.repeat(hex.length) });
      expect(wrong).toMatchObject({ match: false, algorithm });
    }
  });

  it('comes back through dispatch as a plain sentence when the file is missing', async () => {
    const handlers = createHandlers(recordingDeps(join(dir, 'state-8'), given));
    grants.grant([join(dir, 'nope.zip')], 'dropped');
    const result = await dispatch(
      handlers,
      'compareChecksum',
      { jobId: 'c2', file: join(dir, 'nope.zip'), expected: 'a'.repeat(64) },
      APP_PAGE,
    );
    expect(result).toEqual({ ok: false, error: 'That file is not there any more. Nothing was done.' });
  });
});
