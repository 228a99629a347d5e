import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir';

/**
 * The built main-process bundle, loaded in plain Node with a minimal stand-in for `electron` that
 * records where the app keeps its data and then declines the single-instance lock (so it quits
 * before any window). With `app.isPackaged` true, SIGNET_CONFIG_DIR must not move the data folder:
 * this proves the glue hands app.isPackaged to the core before any path is read.
 */
const MAIN_BUNDLE = resolve(__dirname, '../../dist/electron/main.cjs');

const PROBE = `
const Module = require('node:module');
const paths = {};
const app = {
  isPackaged: process.env.PROBE_PACKAGED === '1',
  enableSandbox() {}, on() { return app; },
  setPath(name, path) { paths[name] = path; }, getPath(name) { return paths[name]; },
  requestSingleInstanceLock() { return false; },
  quit() { process.stdout.write(JSON.stringify(paths)); },
};
const electron = { app, protocol: { registerSchemesAsPrivileged() {} } };
const load = Module._load;
Module._load = function (request, ...rest) { return request === 'electron' ? electron : load.call(this, request, ...rest); };
require(process.env.MAIN_BUNDLE);
`;

let dir: string;
beforeAll(async () => {
  dir = await tempDir('signet-packaged-');
  await writeFile(join(dir, 'probe.cjs'), PROBE);
});

async function userDataWhen(packaged: boolean): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [join(dir, 'probe.cjs')], {
    env: {
      ...process.env,
      MAIN_BUNDLE,
      PROBE_PACKAGED: packaged ? '1' : '0',
      SIGNET_CONFIG_DIR: join(dir, 'override-config'),
      SIGNET_MANAGED_TRUST_FILE: join(dir, 'nonexistent.json'),
      SIGNET_HASH_WORKER: join(dir, 'evil-worker.cjs'),
    },
  });
  return JSON.parse(stdout).userData;
}

describe('the main process and test-only environment overrides', () => {
  it('honours SIGNET_CONFIG_DIR when not packaged (development, tests)', async () => {
    expect(await userDataWhen(false)).toBe(join(dir, 'override-config'));
  });

  it('ignores it when app.isPackaged', async () => {
    const userData = await userDataWhen(true);
    expect(userData).not.toBe(join(dir, 'override-config'));
    expect(userData).toMatch(/signet$/i);
  });
});
