import { createHash, randomBytes } from 'node:crypto';
import {
  appendFileSync,
  copyFileSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { signatureSuffixes } from '../../electron/core/formats/registry';
import { type ContentPlan, emptyPlan } from '../../electron/core/hashing/content-plan';
import {
  abandonEarlyPassHere,
  earlyContentFor,
  startEarlyPassHere,
} from '../../electron/core/hashing/early-content';
import { closeArtifact, openArtifact } from '../../electron/core/verify/content-facts';
import { minisignKeyPair } from '../helpers/minisign-keys';
import { CLI, run } from '../helpers/run';
import { tempDir } from '../helpers/temp-dir';

// Past the 8 MiB from which the CLI starts a large file's hash before the signature is parsed.
const content = randomBytes(9 * 1024 * 1024 + 77);
let dir: string;
let file: string;
beforeAll(async () => {
  dir = await tempDir('signet-early-here-');
  file = join(dir, 'large.bin');
  writeFileSync(file, content);
});

/** Descriptors of this process open on `path` (Linux; none elsewhere). */
function openOn(path: string): number {
  if (process.platform !== 'linux') return 0;
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === path;
    } catch {
      return false;
    }
  }).length;
}

const blake = (plan: Partial<ContentPlan> = {}): ContentPlan => ({
  ...emptyPlan(),
  digests: ['blake2b512'],
  ...plan,
});

async function answerFor(path: string, plan: ContentPlan) {
  const artifact = openArtifact(path);
  try {
    return await earlyContentFor(artifact, plan);
  } finally {
    closeArtifact(artifact);
  }
}

async function closedOn(path: string): Promise<number> {
  for (let tries = 0; tries < 100 && openOn(path) > 0; tries++) await new Promise((r) => setTimeout(r, 20));
  return openOn(path);
}

describe("the early hash on the CLI's own thread", () => {
  it('answers the digest of the same, unchanged file, and closes the file it read', async () => {
    startEarlyPassHere(file, statSync(file), 'blake2b512');
    const answer = await answerFor(file, blake());
    expect(Buffer.from(answer!.digests.blake2b512!).toString('hex')).toBe(
      createHash('blake2b512').update(content).digest('hex'),
    );
    expect(answer!.size).toBe(content.length);
    expect(openOn(file)).toBe(0);
    // Taken once: a second check reads for itself.
    expect(await answerFor(file, blake())).toBeUndefined();
  });

  it('answers nothing for hashes it did not run, or for a file changed since it started', async () => {
    // 8 GiB (sparse) takes seconds to hash: a plan it cannot answer is told so at once.
    const huge = join(dir, 'huge-plan.bin');
    writeFileSync(huge, '');
    truncateSync(huge, 8 * 1024 ** 3);
    startEarlyPassHere(huge, statSync(huge), 'blake2b512');
    const started = Date.now();
    expect(await answerFor(huge, blake({ digests: ['blake2b512', 'sha256'] }))).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(3000);
    expect(await closedOn(huge)).toBe(0);
    const changing = join(dir, 'changing.bin');
    copyFileSync(file, changing);
    startEarlyPassHere(changing, statSync(changing), 'blake2b512');
    // Opened before the write: whenever the pass opened it, the file changed in between.
    const artifact = openArtifact(changing);
    try {
      appendFileSync(changing, 'more');
      expect(await earlyContentFor(artifact, blake())).toBeUndefined();
    } finally {
      closeArtifact(artifact);
    }
    expect(await closedOn(changing)).toBe(0);
  });

  it('stops when abandoned, closing its file, so a run that fails first ends at once', async () => {
    startEarlyPassHere(file, statSync(file), 'blake2b512');
    expect(openOn(file)).toBe(1);
    abandonEarlyPassHere();
    expect(await closedOn(file)).toBe(0);
    expect(await answerFor(file, blake())).toBeUndefined();
  });

  it('is chosen by the launcher only for a lone .minisig, whose list of other suffixes is the registry’s', () => {
    const launcher = readFileSync(resolve(__dirname, '../../scripts/cli-launcher.cjs'), 'utf8');
    const listed = /const others = \[([^\]]*)\]/.exec(launcher)?.[1] ?? '';
    const others = [...listed.matchAll(/'([^']+)'/g)].map((match) => match[1]);
    expect(others.sort()).toEqual(
      signatureSuffixes()
        .filter((suffix) => suffix !== '.minisig')
        .sort(),
    );
  });

  it('lets `signet verify` accept the signed file and refuse another, and never outlive a failed check', async () => {
    const keys = await minisignKeyPair(dir, 'here');
    const signedFile = join(dir, 'signed.bin');
    writeFileSync(signedFile, content);
    const signed = await run('minisign', ['-S', '-s', keys.sec, '-m', signedFile, '-t', 'here']);
    expect(signed.status, signed.stderr).toBe(0);
    const env = { ...process.env, SIGNET_CONFIG_DIR: join(dir, 'config') };
    const ok = await run(process.execPath, [CLI, 'verify', signedFile, '--pubkey', keys.pub], { env });
    expect(ok.status, ok.stderr).toBe(0);
    const tampered = join(dir, 'tampered.bin');
    writeFileSync(tampered, Buffer.concat([content.subarray(1), Buffer.from('x')]));
    copyFileSync(`${signedFile}.minisig`, `${tampered}.minisig`);
    const refused = await run(process.execPath, [CLI, 'verify', tampered, '--pubkey', keys.pub], { env });
    expect(refused.status).toBe(1);
    // 8 GiB (sparse) would take seconds to hash: a check that fails before asking for the hash
    // (a damaged public key) must not wait for it.
    const huge = join(dir, 'huge.bin');
    writeFileSync(huge, '');
    truncateSync(huge, 8 * 1024 ** 3);
    copyFileSync(`${signedFile}.minisig`, `${huge}.minisig`);
    writeFileSync(join(dir, 'bad.pub'), 'untrusted comment: x\nnot a key\n');
    const started = Date.now();
    const failed = await run(process.execPath, [CLI, 'verify', huge, '--pubkey', join(dir, 'bad.pub')], {
      env,
    });
    expect(failed.status).not.toBe(0);
    expect(failed.stderr).not.toMatch(/\n\s+at /);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
