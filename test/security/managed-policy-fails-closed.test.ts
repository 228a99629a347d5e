import { execFileSync, spawnSync } from 'node:child_process';
import { chmod, cp, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { TrustStore } from '../../electron/core/trust/trust-store';
import { POLICY_UNREADABLE_REASON } from '../../electron/core/verify/policy-unreadable';
import { createHandlers } from '../../electron/main/handlers/create-handlers';
import { recordingDeps } from '../helpers/ipc-deps';
import { CLI, run, signet } from '../helpers/run';
import { tempDir } from '../helpers/temp-dir';

// Anything at the organisation's managed-list path other than plain absence means its policy
// cannot be read: nothing is verified, in the CLI and in the app, until it is fixed, and the
// Trusted signers screen says so. Each hostile path is built here with the real file system.

let dir: string;
let config: string;
let pub: string;
let pubText: string;
let file: string;
let managedEntry: object;

beforeAll(async () => {
  dir = await tempDir('signet-policy-closed-');
  // The EACCES case runs the CLI as an unprivileged user, who must reach these files.
  await chmod(dir, 0o755);
  config = join(dir, 'config');
  await mkdir(config);
  pub = join(dir, 'k.pub');
  expect((await run('minisign', ['-G', '-W', '-p', pub, '-s', join(dir, 'k.key')])).status).toBe(0);
  pubText = await readFile(pub, 'utf8');
  file = join(dir, 'release.tar.gz');
  await writeFile(file, 'release bytes\n');
  expect((await run('minisign', ['-S', '-W', '-s', join(dir, 'k.key'), '-m', file])).status).toBe(0);
  // The person trusts the key on their own list: with no managed list the file is verified.
  const added = await new TrustStore({ configDir: config, managedFile: join(dir, 'none.json') }).add({
    keyText: pubText,
    name: 'Acme Releases',
  });
  const { source: _source, ...stored } = added;
  managedEntry = stored;
});

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

/** Every way a managed-list path can be there and still not be a readable policy. */
const HOSTILE: Record<string, (path: string) => Promise<void>> = {
  'a dangling symlink': (path) => symlink(join(dir, 'deployed-nowhere.json'), path),
  'a symlink that loops': (path) => symlink(path, path),
  'a folder': (path) => mkdir(path),
  'a named pipe (FIFO)': async (path) => {
    execFileSync('mkfifo', [path]);
  },
  'damaged JSON': (path) => writeFile(path, '{"version": 2, "signers": ['),
  'an unknown key (a typo)': (path) =>
    writeFile(path, JSON.stringify({ version: 2, signers: [], onlyListedSigner: true })),
  'version 1 with caRoots': (path) =>
    writeFile(path, JSON.stringify({ version: 1, signers: [], caRoots: [PEM] })),
  'version 1 with onlyListedSigners': (path) =>
    writeFile(path, JSON.stringify({ version: 1, signers: [], onlyListedSigners: true })),
  'version 1 with a publisher (x509)': (path) =>
    writeFile(
      path,
      JSON.stringify({
        version: 1,
        signers: [{ kind: 'x509', keyId: 'p', name: 'Acme', thumbprintSha256: 'a'.repeat(64), addedAt: '' }],
      }),
    ),
  'an entry with a key its kind does not know': (path) =>
    writeFile(path, JSON.stringify({ version: 2, signers: [{ ...managedEntry, onlyFor: 'servers' }] })),
  'a version Signet does not read': (path) => writeFile(path, JSON.stringify({ version: 3, signers: [] })),
};

let count = 0;
async function plant(how: (path: string) => Promise<void>): Promise<string> {
  const path = join(dir, `managed-${count++}.json`);
  await how(path);
  return path;
}

async function cliVerify(managed: string, extra: string[] = []) {
  const r = await signet(['verify', file, '--json', ...extra], config, {
    SIGNET_MANAGED_TRUST_FILE: managed,
  });
  return { status: r.status, stderr: r.stderr, result: JSON.parse(r.stdout) as Record<string, unknown> };
}

describe('the CLI with an unreadable managed policy', () => {
  it('verifies the file when nothing is at the managed path, and under a valid managed list', async () => {
    expect((await cliVerify(join(dir, 'absent.json'))).result.verdict).toBe('verified');
    const valid = await plant((p) => writeFile(p, JSON.stringify({ version: 2, signers: [managedEntry] })));
    expect((await cliVerify(valid)).result).toMatchObject({
      verdict: 'verified',
      signerName: 'Acme Releases',
    });
  });

  for (const [name, how] of Object.entries(HOSTILE)) {
    it(`${name}: not verified, and says the policy cannot be read`, async () => {
      const managed = await plant(how);
      const trusted = await cliVerify(managed);
      expect(trusted.result.verdict).toBe('unknown-signer');
      expect(trusted.result.reason).toBe(POLICY_UNREADABLE_REASON);
      expect(trusted.status).not.toBe(0);
      // A key given for this check does not lift the policy either.
      const given = await cliVerify(managed, ['--pubkey', pub]);
      expect(given.result.verdict).toBe('unknown-signer');
      expect(given.result.reason).toBe(POLICY_UNREADABLE_REASON);
      expect(given.stderr).toBe('');
    });
  }

  it('a managed list the user cannot open (EACCES): not verified', async () => {
    const managed = await plant((p) => writeFile(p, JSON.stringify({ version: 2, signers: [managedEntry] })));
    await chmod(managed, 0o600);
    const asRoot = process.getuid?.() === 0;
    // Root reads any file: the CLI then runs as an unprivileged user, for whom the file is closed.
    // That user may not reach the checkout (a clone in a private temp folder), so it runs a copy
    // of the built CLI and its worker from this test's open folder.
    const cli = join(dir, 'dist', 'cli', basename(CLI));
    if (asRoot) {
      for (const part of ['cli', 'workers'])
        await cp(join(dirname(CLI), '..', part), join(dir, 'dist', part), { recursive: true });
    }
    const r = asRoot
      ? spawnSync(
          'setpriv',
          [
            '--reuid=65534',
            '--regid=65534',
            '--clear-groups',
            process.execPath,
            cli,
            'verify',
            file,
            '--json',
          ],
          {
            encoding: 'utf8',
            env: {
              ...process.env,
              SIGNET_CONFIG_DIR: config,
              SIGNET_MANAGED_TRUST_FILE: managed,
              NO_COLOR: '1',
            },
          },
        )
      : spawnSync(process.execPath, [CLI, 'verify', file, '--json'], {
          encoding: 'utf8',
          env: {
            ...process.env,
            SIGNET_CONFIG_DIR: config,
            SIGNET_MANAGED_TRUST_FILE: managed,
            NO_COLOR: '1',
          },
        });
    if (!asRoot) await chmod(managed, 0o000);
    expect(r.stdout, r.stderr).not.toBe('');
    const result = JSON.parse(r.stdout);
    expect(result.verdict).toBe('unknown-signer');
    expect(result.reason).toBe(POLICY_UNREADABLE_REASON);
    expect(JSON.stringify(result.details)).toContain('permission denied');
  });

  it('signet check of a signed list is not verified either', async () => {
    const listDir = join(dir, 'listed');
    await mkdir(listDir);
    await writeFile(join(listDir, 'a.txt'), 'a\n');
    const list = join(listDir, 'SHA256SUMS');
    execFileSync('sh', ['-c', 'sha256sum a.txt > SHA256SUMS'], { cwd: listDir });
    expect((await run('minisign', ['-S', '-W', '-s', join(dir, 'k.key'), '-m', list])).status).toBe(0);
    const managed = await plant(HOSTILE['a dangling symlink']!);
    const r = await signet(['check', list, '--json'], config, { SIGNET_MANAGED_TRUST_FILE: managed });
    expect(JSON.parse(r.stdout).verdict).not.toBe('verified');
    expect(r.status).not.toBe(0);
    const fine = await signet(['check', list, '--json'], config, {
      SIGNET_MANAGED_TRUST_FILE: join(dir, 'absent.json'),
    });
    expect(JSON.parse(fine.stdout).verdict).toBe('verified');
  });
});

describe('the app with an unreadable managed policy', () => {
  /** App state whose trust list holds the key, with `how` then put at the managed-list path. */
  async function appWith(state: string, how?: (path: string) => Promise<void>) {
    const root = join(dir, state);
    const deps = recordingDeps(root);
    const handlers = createHandlers(deps);
    await deps.trust.add({ keyText: pubText, name: 'Acme Releases' });
    if (how) await how(join(root, 'managed-trust.json'));
    deps.grants.grant([file], 'dropped');
    return handlers;
  }

  it('verifies the file with no managed list (the check can tell)', async () => {
    const handlers = await appWith('app-none');
    const { results } = await handlers.verifyFiles({ jobId: 'none', files: [file] });
    expect(results[0]).toMatchObject({ verdict: 'verified', signerName: 'Acme Releases' });
    expect((await handlers.listTrusted({})).policyUnreadable).toBeUndefined();
  });

  for (const [name, how] of Object.entries(HOSTILE)) {
    it(`${name}: every card is not verified, and the Trusted signers screen is told`, async () => {
      const handlers = await appWith(`app-${count++}`, how);
      const { results } = await handlers.verifyFiles({ jobId: name, files: [file] });
      expect(results[0]?.verdict).toBe('unknown-signer');
      expect(results[0]?.reason).toBe(POLICY_UNREADABLE_REASON);
      const listed = await handlers.listTrusted({});
      expect(listed.policyUnreadable).toMatch(/organisation’s trust list/);
      expect(listed.userMayAdd).toBe(false);
    });
  }

  it('a managed list the file system refuses (EACCES) fails closed in the app too', async () => {
    const deps = recordingDeps(join(dir, 'app-eacces'));
    await deps.trust.add({ keyText: pubText, name: 'Acme Releases' });
    const refused = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    const trust = deps.trust;
    deps.trust = Object.assign(Object.create(Object.getPrototypeOf(trust)), trust, {
      managedMaterial: () => Promise.reject(refused),
    });
    deps.grants.grant([file], 'dropped');
    const handlers = createHandlers(deps);
    const { results } = await handlers.verifyFiles({ jobId: 'eacces', files: [file] });
    expect(results[0]?.verdict).toBe('unknown-signer');
    expect(results[0]?.reason).toBe(POLICY_UNREADABLE_REASON);
  });
});
