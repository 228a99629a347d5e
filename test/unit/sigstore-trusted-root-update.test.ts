import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SigstoreRootUpdate } from '../../electron/core/formats/format-module';
import type { LoadedTrustedRoot } from '../../electron/core/formats/sigstore/trusted-root';
import { currentPublicGoodRoot } from '../../electron/core/formats/sigstore/trusted-root-current';
import { sigstoreRootMaterial } from '../../electron/core/formats/sigstore-root';
import { factRows } from '../../shared/verdict-words/fact-rows';
import { makeTestLog, type TestLog, writeOpensslBundle } from '../helpers/sigstore-managed-bundle';
import { verifySigstoreFiles } from '../helpers/sigstore-verify-files';
import { tempDir } from '../helpers/temp-dir';
import { TufRepository } from '../helpers/tuf-repository';

const DAY = 24 * 3600_000;
const start = Date.now();
const day = (n: number) => new Date(start + n * DAY);

let repo: TufRepository;
let dir: string;
let seed: string;

beforeAll(async () => {
  repo = new TufRepository();
  await repo.start();
  dir = await tempDir('signet-tuf-');
  seed = repo.writeSeed(dir);
});
afterAll(() => repo.stop());

const update = (cacheDir: string, more: Partial<SigstoreRootUpdate> = {}): SigstoreRootUpdate => ({
  cacheDir: path.join(dir, cacheDir),
  refresh: true,
  mirrorUrl: repo.url,
  seedRootPath: seed,
  timeoutMs: 2000,
  ...more,
});

const logIdOf = (root: LoadedTrustedRoot) => Buffer.from(root.root.tlogs[0]!.logId!.keyId).toString('hex');
const logs: TestLog[] = Array.from({ length: 5 }, () => makeTestLog());
const idOf = (log: TestLog) => log.logId.toString('hex');

describe('keeping the public-good trusted root current through TUF', () => {
  const cache = () => update('client');

  it('takes a good update, keeps it in the config folder, and asks at most once a day', async () => {
    repo.publish(logs[0]!.trustedRootJson);
    const first = await currentPublicGoodRoot(cache(), day(0));
    expect(first.problem).toBeUndefined();
    expect(first.root.origin).toBe('updated');
    expect(first.root.updatedAt).toEqual(day(0));
    expect(logIdOf(first.root)).toBe(idOf(logs[0]!));

    repo.publish(logs[1]!.trustedRootJson);
    const asked = repo.requests.length;
    const sameDay = await currentPublicGoodRoot(cache(), new Date(day(0).getTime() + 3600_000));
    expect(repo.requests.length).toBe(asked);
    expect(logIdOf(sameDay.root)).toBe(idOf(logs[0]!));

    const nextDay = await currentPublicGoodRoot(cache(), day(1));
    expect(repo.requests.length).toBeGreaterThan(asked);
    expect(logIdOf(nextDay.root)).toBe(idOf(logs[1]!));
    expect(nextDay.root.updatedAt).toEqual(day(1));
  });

  it('refuses expired metadata and keeps the cached root', async () => {
    repo.publish(logs[2]!.trustedRootJson, { expires: new Date(Date.now() - 60_000) });
    const answer = await currentPublicGoodRoot(cache(), day(2));
    expect(answer.problem).toMatch(/not accepted/);
    expect(logIdOf(answer.root)).toBe(idOf(logs[1]!));
    expect(answer.root.updatedAt).toEqual(day(1));
  });

  it('refuses a rollback to older metadata and keeps the cached root', async () => {
    repo.serve(repo.published[0]!);
    const answer = await currentPublicGoodRoot(cache(), day(3));
    expect(answer.problem).toMatch(/not accepted/);
    expect(logIdOf(answer.root)).toBe(idOf(logs[1]!));
  });

  it.each(['targets', 'snapshot', 'timestamp'] as const)(
    'refuses %s metadata signed by a key the TUF root does not name',
    async (role) => {
      repo.publish(logs[3]!.trustedRootJson, { badSignature: role });
      const answer = await currentPublicGoodRoot(
        cache(),
        day(4 + ['targets', 'snapshot', 'timestamp'].indexOf(role)),
      );
      expect(answer.problem).toMatch(/not accepted/);
      expect(logIdOf(answer.root)).toBe(idOf(logs[1]!));
    },
  );

  it('takes the next good update after the refused ones', async () => {
    repo.publish(logs[4]!.trustedRootJson);
    const answer = await currentPublicGoodRoot(cache(), day(8));
    expect(answer.problem).toBeUndefined();
    expect(logIdOf(answer.root)).toBe(idOf(logs[4]!));
  });

  it('refuses a new TUF root signed by a key the old root does not name, keeping the cached root', async () => {
    repo.rotateTimestampKey({ badSignature: true });
    repo.publish(logs[0]!.trustedRootJson);
    const answer = await currentPublicGoodRoot(cache(), day(9));
    expect(answer.problem).toMatch(/not accepted/);
    expect(logIdOf(answer.root)).toBe(idOf(logs[4]!));
  });

  it('follows a TUF root rotation the old root signed (a new timestamp key)', async () => {
    repo.withdrawNewestRoot();
    repo.rotateTimestampKey();
    repo.publish(logs[2]!.trustedRootJson);
    const answer = await currentPublicGoodRoot(cache(), day(10));
    expect(answer.problem).toBeUndefined();
    expect(logIdOf(answer.root)).toBe(idOf(logs[2]!));
  });

  it('goes on with the built-in root when the service does not answer, within the time limit', async () => {
    repo.silent = true;
    try {
      const began = Date.now();
      const answer = await currentPublicGoodRoot(update('silent', { timeoutMs: 300 }), day(0));
      expect(Date.now() - began).toBeLessThan(1500);
      expect(answer.problem).toMatch(/did not answer in time/);
      expect(answer.root.origin).toBe('built-in');
      // A failed attempt is not repeated at once: the next check in the hour asks nothing.
      const asked = repo.requests.length;
      await currentPublicGoodRoot(update('silent', { timeoutMs: 300 }), new Date(day(0).getTime() + 60_000));
      expect(repo.requests.length).toBe(asked);
    } finally {
      repo.silent = false;
    }
  });

  it('asks nothing when the organisation turned updates off', async () => {
    const asked = repo.requests.length;
    const answer = await currentPublicGoodRoot(update('off', { refresh: false }), day(0));
    expect(repo.requests.length).toBe(asked);
    expect(answer.root.origin).toBe('built-in');
    expect(answer.problem).toBeUndefined();
  });

  it('a cached root older than the one built in gives way to it (a Signet update shipped a newer one)', async () => {
    repo.publish(makeTestLog(new Date('2020-01-01T00:00:00Z')).trustedRootJson);
    const old = update('old');
    const fetched = await currentPublicGoodRoot(old, day(0));
    expect(fetched.problem).toBeUndefined();
    expect(fetched.root.origin).toBe('built-in');
    const later = await currentPublicGoodRoot({ ...old, refresh: false }, day(0));
    expect(later.root.origin).toBe('built-in');
    repo.publish(logs[2]!.trustedRootJson);
  });

  it('a damaged cache is no cache: the built-in root, then a fresh update', async () => {
    const damaged = update('damaged');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(damaged.cacheDir, { recursive: true });
    writeFileSync(path.join(damaged.cacheDir, 'trusted_root.json'), '{"mirrorUrl": 3');
    const answer = await currentPublicGoodRoot({ ...damaged, refresh: false }, day(0));
    expect(answer.root.origin).toBe('built-in');
    const updated = await currentPublicGoodRoot(damaged, day(0));
    expect(logIdOf(updated.root)).toBe(idOf(logs[2]!));
  });
});

describe('the verdict says which root checked it, and how old it is', () => {
  let artifactPath: string;
  let made: ReturnType<typeof writeOpensslBundle>;
  let log: TestLog;

  beforeAll(() => {
    artifactPath = path.join(dir, 'release.tar.gz');
    writeFileSync(artifactPath, randomBytes(10_000));
    log = makeTestLog();
    made = writeOpensslBundle(dir, 'updated-root', 'ec-p256', artifactPath, log);
  });

  it('a bundle logged under a root the update brought verifies, naming the updated root', async () => {
    repo.publish(log.trustedRootJson);
    const result = await verifySigstoreFiles({
      artifactPath,
      bundlePath: made.bundlePath,
      publicKeyPath: made.publicPath,
      rootUpdate: update('verdict'),
      trust: [],
    });
    expect(result.outcome, result.reason).toBe('valid');
    if (result.outcome === 'malformed') return;
    expect(result.facts).toMatchObject({ kind: 'sigstore', trustRootOrigin: 'updated' });
    const facts = result.facts as { trustRootUpdatedAt?: string; trustRoot?: string };
    expect(Date.now() - Date.parse(facts.trustRootUpdatedAt ?? '')).toBeLessThan(60_000);
    expect(facts.trustRoot).toContain('updated through TUF');
  });

  it('the same bundle is not verified by the built-in root alone', async () => {
    const result = await verifySigstoreFiles({
      artifactPath,
      bundlePath: made.bundlePath,
      publicKeyPath: made.publicPath,
      rootUpdate: update('verdict-off', { refresh: false }),
      trust: [],
    });
    expect(result.outcome).not.toBe('valid');
  });

  it('a root the organisation pins is used as it is, named as theirs, with no update asked', async () => {
    const material = sigstoreRootMaterial(path.join(dir, 'config'), {
      pinnedRoot: { json: log.trustedRootJson, source: 'the organisation’s root' },
    });
    expect(material.sigstoreRootUpdate).toBeUndefined();
    expect(material.sigstoreTrustedRoot?.pinned).toBe(true);
    const rootPath = path.join(dir, 'pinned.json');
    writeFileSync(rootPath, JSON.stringify(log.trustedRootJson));
    const { sigstoreModule } = await import('../../electron/core/formats/sigstore/module');
    const { readFile } = await import('node:fs/promises');
    const { digestFile } = await import('../../electron/core/hashing/digest-file');
    const { standardPolicy } = await import('../../electron/core/policy/verify-policy');
    const parsed = sigstoreModule.parse(await readFile(made.bundlePath));
    const asked = repo.requests.length;
    const result = await sigstoreModule.check(
      parsed,
      { size: 0, digests: await digestFile(artifactPath, ['sha256']), suffixed: [] },
      {
        trust: [],
        material: {
          caRoots: [],
          ...material,
          sigstorePublicKey: { key: await readFile(made.publicPath), source: 'key.pem' },
        },
        policy: standardPolicy(),
        what: 'The file',
      },
    );
    expect(result.outcome, result.reason).toBe('valid');
    expect(result.facts).toMatchObject({ trustRootOrigin: 'managed', trustRoot: 'the organisation’s root' });
    expect(repo.requests.length).toBe(asked);
  });
});

describe('the card’s rows for the root and the log', () => {
  const base = { kind: 'sigstore' as const, logIndexes: ['7'], timestamps: [] };

  it('an updated root shows when it was updated; a built-in one says it never was', () => {
    const updated = factRows({
      facts: { ...base, trustRootOrigin: 'updated', trustRootUpdatedAt: '2026-12-01T00:00:00.000Z' },
    });
    expect(updated.expert).toContainEqual({
      term: 'Trust root updated',
      value: '2026-12-01T00:00:00.000Z',
      look: 'time',
    });
    const builtIn = factRows({ facts: { ...base, trustRootOrigin: 'built-in' } });
    expect(builtIn.expert.find((r) => r.term === 'Trust root updated')?.value).toMatch(/^Not yet/);
  });

  it('a bundle in no log says so to everyone, not only experts', () => {
    const rows = factRows({ facts: { ...base, logIndexes: [] } });
    expect(rows.staff.find((r) => r.term === 'Public log')?.value).toMatch(/^Not recorded/);
    expect(factRows({ facts: base }).staff.find((r) => r.term === 'Public log')).toBeUndefined();
  });
});
