import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readActivity } from '../../electron/core/activity/activity-log';
import { publicKeyBase64 } from '../../electron/core/formats/minisign/public-key';
import {
  generateMinisignKeyPair,
  type MinisignSecretKey,
} from '../../electron/core/formats/minisign/secret-key';
import { signingFormat } from '../../electron/core/formats/signing-formats';
import {
  CHECKSUM_LIST_NAME,
  checkSignedComment,
  checksumListPath,
  type JobKey,
  runSignJob,
  type SignJob,
} from '../../electron/core/sign/sign-job';
import { tempDir } from '../helpers/temp-dir';

let dir: string;
beforeAll(async () => {
  dir = await tempDir('signet-sign-job-');
});

function jobKey(secret: MinisignSecretKey = generateMinisignKeyPair()): JobKey<MinisignSecretKey> & {
  forgotten: () => boolean;
} {
  let forgotten = false;
  return {
    secret,
    publicKey: publicKeyBase64(secret),
    keyId: 'ID',
    name: 'Release key',
    forget: () => {
      secret.seed.fill(0);
      forgotten = true;
    },
    forgotten: () => forgotten,
  };
}

async function folderWith(name: string, files: Record<string, string>): Promise<string[]> {
  const folder = join(dir, name);
  await mkdir(folder, { recursive: true });
  const paths: string[] = [];
  for (const [file, text] of Object.entries(files)) {
    paths.push(join(folder, file));
    await writeFile(join(folder, file), text);
  }
  return paths;
}

function job(
  files: string[],
  key: JobKey<MinisignSecretKey>,
  over: Partial<SignJob<MinisignSecretKey>> = {},
): SignJob<MinisignSecretKey> & { steps: string[] } {
  const steps: string[] = [];
  return {
    steps,
    files,
    key,
    overwrite: () => false,
    skip: () => false,
    activityDir: join(dir, 'activity', String(Math.random())),
    now: () => new Date('2026-01-02T03:04:05Z'),
    report: {
      listSigned: (list) => steps.push(`list ${list.listFile}`),
      signed: (index) => steps.push(`signed ${index}`),
      skipped: (index) => steps.push(`skipped ${index}`),
      failed: (index) => steps.push(`failed ${index}`),
    },
    ...over,
  };
}

describe('runSignJob: one signing flow for the CLI and the app', () => {
  it('signs the list first, then each file, logs every output and re-checks every signature', async () => {
    const files = await folderWith('all', { 'a.txt': 'alpha\n', 'b.txt': 'bravo\n' });
    const key = jobKey();
    const listPath = checksumListPath(files);
    const run = job(files, key, { list: { path: listPath, overwrite: false } });
    const result = await runSignJob(run);
    expect(run.steps).toEqual([`list ${listPath}`, 'signed 0', 'signed 1']);
    expect(result.recheck).toEqual({ checked: 3, failed: [] });
    expect(key.forgotten()).toBe(true);
    const log = await readActivity(run.activityDir);
    expect(log.map((entry) => entry.output)).toEqual([
      `${listPath}.minisig`,
      `${files[0]}.minisig`,
      `${files[1]}.minisig`,
    ]);
    expect(log[0]).toMatchObject({ keyName: 'Release key', time: '2026-01-02T03:04:05.000Z' });
    // What it wrote is what the real minisign accepts.
    const pub = join(dir, 'all.pub');
    await writeFile(pub, `untrusted comment: test\n${key.publicKey}\n`);
    for (const file of [listPath, ...files])
      execFileSync('minisign', ['-Vm', file, '-p', pub], { stdio: 'ignore' });
  });

  it('signs nothing when the list cannot be written, and forgets the key even so', async () => {
    const files = await folderWith('list-exists', { 'a.txt': 'alpha\n' });
    const listPath = checksumListPath(files);
    await writeFile(listPath, 'an older list\n');
    const key = jobKey();
    const run = job(files, key, { list: { path: listPath, overwrite: false } });
    await expect(runSignJob(run)).rejects.toMatchObject({ kind: 'exists' });
    expect(existsSync(`${files[0]}.minisig`)).toBe(false);
    expect(run.steps).toEqual([]);
    expect(key.forgotten()).toBe(true);
  });

  it('skips what the person kept, reports a file it cannot sign and goes on with the rest', async () => {
    const files = await folderWith('mixed', { 'a.txt': 'a', 'b.txt': 'b', 'c.txt': 'c' });
    await writeFile(`${files[1]}.minisig`, 'kept');
    await writeFile(`${files[2]}.minisig`, 'not to be replaced');
    const run = job(files, jobKey(), { skip: (file) => file === files[1] });
    const result = await runSignJob(run);
    expect(run.steps).toEqual(['signed 0', 'skipped 1', 'failed 2']);
    expect(result.outcomes[2]).toMatchObject({ error: { kind: 'exists' } });
    expect(result.recheck.checked).toBe(1);
  });

  it('names the list once, refuses files from two folders, and has one rule for the signed comment', async () => {
    expect(checksumListPath([join(dir, 'x', 'a'), join(dir, 'x', 'b')])).toBe(
      join(dir, 'x', CHECKSUM_LIST_NAME),
    );
    expect(() => checksumListPath([join(dir, 'x', 'a'), join(dir, 'y', 'b')])).toThrow(/same folder/);
    expect(await checkSignedComment('  ')).toBeUndefined();
    expect(await checkSignedComment('release\t1.0')).toBe('release\t1.0');
    await expect(checkSignedComment('two\nlines')).rejects.toThrow(/one line/);
    await expect(checkSignedComment('invisible\u202Eflip')).rejects.toThrow(/control characters/);
    await expect(checkSignedComment('x'.repeat(9000))).rejects.toThrow(/too long/);
  });
});

describe('the signing side of a format, through the registry', () => {
  it('minisign says what it signs with, what it writes and which outside tool checks it', async () => {
    const minisign = await signingFormat('minisign');
    expect(minisign.keyKinds).toEqual(['minisign']);
    expect(minisign.writes[0]).toMatchObject({ style: 'detached', suffix: '.minisig' });
    expect(minisign.interop.tool).toBe('minisign');
  });

  it('a format Signet reads but cannot sign in yet says so', async () => {
    await expect(signingFormat('ssh')).rejects.toThrow(/cannot sign in the ssh format yet/);
  });
});
