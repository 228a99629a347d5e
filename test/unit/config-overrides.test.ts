import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activeOverrides,
  applicableOverrides,
  declareRunContext,
  runContext,
} from '../../electron/core/config/overrides';
import { managedTrustFile, osManagedTrustFile, userConfigDir } from '../../electron/core/config/paths';
import { locateHashWorker } from '../../electron/core/hashing/worker-location';
import { TrustStore } from '../../electron/core/trust/trust-store';

const ENV = {
  SIGNET_CONFIG_DIR: '/tmp/evil-config',
  SIGNET_MANAGED_TRUST_FILE: '/nonexistent/managed.json',
  SIGNET_HASH_WORKER: '/tmp/evil-worker.cjs',
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'signet-overrides-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('applicableOverrides', () => {
  it('honours every test override when not packaged', () => {
    expect(applicableOverrides({ packaged: false }, ENV)).toEqual({
      configDir: ENV.SIGNET_CONFIG_DIR,
      managedTrustFile: ENV.SIGNET_MANAGED_TRUST_FILE,
      hashWorker: ENV.SIGNET_HASH_WORKER,
    });
  });

  it('honours none of them in a packaged app', () => {
    expect(applicableOverrides({ packaged: true }, ENV)).toEqual({});
  });

  it('treats empty values as unset', () => {
    expect(applicableOverrides({ packaged: false }, { SIGNET_CONFIG_DIR: '' })).toEqual({});
  });
});

describe('the declared run context', () => {
  it('is not packaged under plain Node, and once declared packaged every default ignores the overrides', () => {
    expect(runContext()).toEqual({ packaged: false });
    declareRunContext({ packaged: true });
    try {
      expect(activeOverrides(ENV)).toEqual({});
      expect(userConfigDir(ENV)).not.toBe(ENV.SIGNET_CONFIG_DIR);
      expect(managedTrustFile(ENV)).toBe(osManagedTrustFile());
    } finally {
      declareRunContext({ packaged: false });
    }
    expect(userConfigDir(ENV)).toBe(ENV.SIGNET_CONFIG_DIR);
  });
});

describe('userConfigDir', () => {
  it('moves with SIGNET_CONFIG_DIR only when not packaged', () => {
    expect(userConfigDir(ENV, applicableOverrides({ packaged: false }, ENV))).toBe('/tmp/evil-config');
    expect(userConfigDir(ENV, applicableOverrides({ packaged: true }, ENV))).not.toBe('/tmp/evil-config');
  });
});

describe('managedTrustFile', () => {
  const osFile = '/etc/signet/trusted-signers.json';
  const unpackaged = applicableOverrides({ packaged: false }, ENV);

  it('uses the override where the organisation deployed nothing (tests)', () => {
    expect(managedTrustFile(ENV, { overrides: unpackaged, osFile, isThere: () => false })).toBe(
      ENV.SIGNET_MANAGED_TRUST_FILE,
    );
  });

  it('keeps the OS-path list whenever one is there, override or not', () => {
    expect(managedTrustFile(ENV, { overrides: unpackaged, osFile, isThere: (p) => p === osFile })).toBe(
      osFile,
    );
  });

  it('ignores the override in a packaged app', () => {
    const packaged = applicableOverrides({ packaged: true }, ENV);
    expect(managedTrustFile(ENV, { overrides: packaged, osFile, isThere: () => false })).toBe(osFile);
  });

  it('counts a folder, a dangling link or an unreadable path at the OS path as there (fails closed)', async () => {
    const folder = join(dir, 'folder');
    await mkdir(folder);
    const dangling = join(dir, 'dangling');
    await symlink(join(dir, 'missing'), dangling);
    for (const path of [folder, dangling]) {
      expect(managedTrustFile(ENV, { overrides: unpackaged, osFile: path })).toBe(path);
    }
    expect(managedTrustFile(ENV, { overrides: unpackaged, osFile: join(dir, 'missing') })).toBe(
      ENV.SIGNET_MANAGED_TRUST_FILE,
    );
  });

  it('an OS-path policy with allowUserSigners false cannot be lifted by pointing the override at nothing', async () => {
    const org = join(dir, 'org.json');
    await writeFile(org, JSON.stringify({ version: 1, signers: [], allowUserSigners: false }));
    const managedFile = managedTrustFile(ENV, { overrides: unpackaged, osFile: org });
    const store = new TrustStore({ configDir: join(dir, 'user'), managedFile });
    expect(await store.userMayAdd()).toBe(false);
  });

  it('names the per-OS locations', () => {
    expect(osManagedTrustFile('linux')).toBe(osFile);
    expect(osManagedTrustFile('darwin')).toBe('/Library/Application Support/Signet/trusted-signers.json');
    const registry = (key: string, value: string) =>
      value === 'ProgramData'
        ? '%SystemDrive%\\ProgramData'
        : key.endsWith('CurrentVersion')
          ? 'D:\\WINDOWS'
          : undefined;
    expect(osManagedTrustFile('win32', registry)).toBe('D:\\ProgramData\\Signet\\trusted-signers.json');
  });
});

describe('locateHashWorker in a packaged app', () => {
  it('ignores SIGNET_HASH_WORKER and finds its own bundled worker', () => {
    const own = '/app/resources/app.asar.unpacked/dist/workers/hash-worker.cjs';
    const exists = (p: string) => p === own || p === ENV.SIGNET_HASH_WORKER;
    const here = '/app/resources/app.asar/dist/electron';
    expect(locateHashWorker({ here, env: ENV, exists, packaged: true })).toEqual({
      kind: 'bundle',
      file: own,
    });
    expect(locateHashWorker({ here, env: ENV, exists, packaged: false }).file).toBe(ENV.SIGNET_HASH_WORKER);
  });
});
