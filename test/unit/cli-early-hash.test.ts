import { createHash, randomBytes } from 'node:crypto';
import {
  appendFileSync,
  copyFileSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { earlyPassesOf } from '../../electron/core/formats/registry';
import { type ContentPlan, emptyPlan, passesPlan } from '../../electron/core/hashing/content-plan';
import type { DigestAlgorithm } from '../../electron/core/hashing/digest-algorithms';
import { earlyContentFor, startEarlyContent } from '../../electron/core/hashing/early-content';
import { startHashWorker } from '../../electron/core/hashing/worker-location';
import { closeArtifact, openArtifact } from '../../electron/core/verify/content-facts';
import { type GpgHome, makeGpgHome } from '../helpers/gpg';
import { minisignKeyPair } from '../helpers/minisign-keys';
import { CLI, run } from '../helpers/run';
import { tempDir } from '../helpers/temp-dir';

// Past the 8 MiB at which the CLI hashes on a worker, so `signet verify` starts its hash early.
const content = randomBytes(9 * 1024 * 1024 + 77);
let dir: string;
let file: string;
let gpg: GpgHome;
let fpr: string;
beforeAll(async () => {
  dir = await tempDir('signet-early-hash-');
  file = join(dir, 'large.bin');
  writeFileSync(file, content);
  gpg = await makeGpgHome();
  fpr = await gpg.genKey('Early <early@example.org>', 'ed25519', 'sign', '1y');
});
afterAll(() => gpg?.close());

/** What a descriptor of this process is open on (Linux), or undefined once closed. */
function fdTarget(fd: string): string | undefined {
  try {
    return readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    return undefined;
  }
}

const hex = (bytes: Uint8Array | undefined) => Buffer.from(bytes ?? []).toString('hex');

/** The early hash of `path` started as the CLI starts it, then asked for `plan`. */
async function early(
  path: string,
  passes: DigestAlgorithm[],
  plan: ContentPlan = { ...emptyPlan(), digests: passes },
) {
  startEarlyContent([startHashWorker()], path, statSync(path), [passesPlan(passes)]);
  const artifact = openArtifact(path);
  try {
    return await earlyContentFor(artifact, plan);
  } finally {
    closeArtifact(artifact);
  }
}

describe("the CLI's early hash", () => {
  it('guesses the hash from the signature: minisign prehashed, gpg binary (armored or not), a Sigstore bundle', async () => {
    const keys = await minisignKeyPair(dir, 'early');
    const signed = await run('minisign', ['-S', '-s', keys.sec, '-m', file, '-x', join(dir, 'ed.minisig')]);
    expect(signed.status, signed.stderr).toBe(0);
    const legacy = await run('minisign', [
      '-S',
      '-l',
      '-s',
      keys.sec,
      '-m',
      file,
      '-x',
      join(dir, 'l.minisig'),
    ]);
    expect(legacy.status, legacy.stderr).toBe(0);
    expect(earlyPassesOf(readFileSync(join(dir, 'ed.minisig')))).toEqual(['blake2b512']);
    expect(earlyPassesOf(readFileSync(join(dir, 'l.minisig')))).toBeUndefined();
    const sign = async (out: string, args: string[]) => {
      const made = await gpg.gpg(['--local-user', fpr, '--detach-sign', '--output', out, ...args, file]);
      expect(made.status, made.stderr).toBe(0);
      return readFileSync(out);
    };
    expect(earlyPassesOf(await sign(join(dir, 'b.sig'), ['--digest-algo', 'SHA512']))).toEqual(['sha512']);
    expect(earlyPassesOf(await sign(join(dir, 'a.asc'), ['--armor', '--digest-algo', 'SHA256']))).toEqual([
      'sha256',
    ]);
    // A text signature hashes line ends made CRLF: nothing to start early.
    expect(earlyPassesOf(await sign(join(dir, 't.asc'), ['--armor', '--textmode']))).toBeUndefined();
    const bundle = { messageSignature: { messageDigest: { algorithm: 'SHA2_256', digest: '' } } };
    expect(
      earlyPassesOf(
        Buffer.from(
          JSON.stringify({ mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json', ...bundle }),
        ),
      ),
    ).toEqual(['sha256']);
  });

  it('answers plain and suffixed digests of the same, unchanged file', async () => {
    const digest = await early(file, ['blake2b512']);
    expect(hex(digest?.digests.blake2b512)).toBe(createHash('blake2b512').update(content).digest('hex'));
    expect(digest?.size).toBe(content.length);
    const suffix = new Uint8Array([4, 0xff, 0, 0, 0, 9]);
    const suffixed = await early(file, ['sha512'], {
      ...emptyPlan(),
      suffixed: [{ algorithm: 'sha512', suffix }],
    });
    expect(hex(suffixed?.suffixed[0])).toBe(
      createHash('sha512').update(content).update(suffix).digest('hex'),
    );
  });

  it('answers without waiting for its worker to stop, which then closes the file it read', async () => {
    // Descriptors open on the file, counted where /proc lists them (Linux).
    const openOnFile = () =>
      process.platform === 'linux'
        ? readdirSync('/proc/self/fd').filter((fd) => fdTarget(fd) === file).length
        : 0;
    expect(openOnFile()).toBe(0);
    const worker = startHashWorker();
    const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
    let stopped = false;
    void exited.then(() => {
      stopped = true;
    });
    startEarlyContent([worker], file, statSync(file), [passesPlan(['sha256'])]);
    const artifact = openArtifact(file);
    try {
      const answer = await earlyContentFor(artifact, { ...emptyPlan(), digests: ['sha256'] });
      expect(hex(answer?.digests.sha256)).toBe(createHash('sha256').update(content).digest('hex'));
      // The verdict goes on while the thread is torn down (5 to 20 ms), instead of after it.
      expect(stopped).toBe(false);
    } finally {
      closeArtifact(artifact);
    }
    await exited;
    expect(openOnFile()).toBe(0);
  });

  it('answers from two workers sharing one read, and gives up when the reader cannot open the file', async () => {
    const suffix = new Uint8Array([4, 0xff, 0, 0, 0, 9]);
    startEarlyContent(
      [startHashWorker(), startHashWorker()],
      file,
      statSync(file),
      [['blake2b512'], ['sha256', 'sha512']].map(passesPlan),
    );
    const artifact = openArtifact(file);
    try {
      const answer = await earlyContentFor(artifact, {
        ...emptyPlan(),
        digests: ['sha256', 'blake2b512'],
        suffixed: [{ algorithm: 'sha512', suffix }],
      });
      expect(hex(answer?.digests.blake2b512)).toBe(createHash('blake2b512').update(content).digest('hex'));
      expect(hex(answer?.digests.sha256)).toBe(createHash('sha256').update(content).digest('hex'));
      expect(hex(answer?.suffixed[0])).toBe(
        createHash('sha512').update(content).update(suffix).digest('hex'),
      );
      startEarlyContent(
        [startHashWorker(), startHashWorker()],
        join(dir, 'missing.bin'),
        statSync(file),
        [['blake2b512'], ['sha256']].map(passesPlan),
      );
      expect(await earlyContentFor(artifact, { ...emptyPlan(), digests: ['sha256'] })).toBeUndefined();
    } finally {
      closeArtifact(artifact);
    }
  });

  it('answers nothing for a plan its hashes do not cover, or a file changed since it started', async () => {
    expect(
      await early(file, ['blake2b512'], { ...emptyPlan(), digests: ['blake2b512', 'sha256'] }),
    ).toBeUndefined();
    // Changed after the worker opened it (it has had time to): the answer, if any, is never the old content's.
    const changing = join(dir, 'changing.bin');
    copyFileSync(file, changing);
    startEarlyContent([startHashWorker()], changing, statSync(changing), [passesPlan(['sha256'])]);
    await new Promise((resolve) => setTimeout(resolve, 400));
    appendFileSync(changing, 'more');
    const artifact = openArtifact(changing);
    try {
      const answer = await earlyContentFor(artifact, { ...emptyPlan(), digests: ['sha256'] });
      const now = createHash('sha256').update(readFileSync(changing)).digest('hex');
      expect(answer === undefined || hex(answer.digests.sha256) === now).toBe(true);
    } finally {
      closeArtifact(artifact);
    }
  });

  it('lets `signet verify` refuse a file its signature does not match', async () => {
    const keys = await minisignKeyPair(dir, 'cli');
    const other = join(dir, 'other.bin');
    writeFileSync(other, content.subarray(1));
    const signed = await run('minisign', [
      '-S',
      '-s',
      keys.sec,
      '-m',
      other,
      '-x',
      `${file}.minisig`,
      '-t',
      'early hash test',
    ]);
    expect(signed.status, signed.stderr).toBe(0);
    const env = { ...process.env, SIGNET_CONFIG_DIR: join(dir, 'config') };
    // Plain verify takes the early hash; --json (two digests) reads as before: both refuse it.
    const changed = await run(process.execPath, [CLI, 'verify', file, '--pubkey', keys.pub], { env });
    expect(changed.status).toBe(1);
    const json = await run(process.execPath, [CLI, 'verify', file, '--pubkey', keys.pub, '--json'], { env });
    expect(JSON.parse(json.stdout).verdict).toBe('tampered');
    const ok = await run(
      process.execPath,
      [CLI, 'verify', other, '--sig', `${file}.minisig`, '--pubkey', keys.pub],
      {
        env,
      },
    );
    expect(ok.status, ok.stderr).toBe(0);
  });
});
