import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { minisignKeyPair } from '../helpers/minisign-keys';
import { CLI, run } from '../helpers/run';
import { tempDir } from '../helpers/temp-dir';

let dir: string;
beforeAll(async () => {
  dir = await tempDir('signet-startup-loads-');
});

describe('what `signet verify` loads at start-up (issue 21)', () => {
  it('checks a small signed file without loading node:child_process (and the net and stream code it pulls in)', async () => {
    const keys = await minisignKeyPair(dir, 'loads');
    const file = join(dir, 'small.bin');
    writeFileSync(file, 'a small file\n');
    const signed = await run('minisign', ['-S', '-s', keys.sec, '-m', file]);
    expect(signed.status, signed.stderr).toBe(0);
    const list = join(dir, 'modules.txt');
    const preload = join(dir, 'list-modules.cjs');
    writeFileSync(
      preload,
      `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(list)}, process.moduleLoadList.join('\\n')));`,
    );
    const env = { ...process.env, SIGNET_CONFIG_DIR: join(dir, 'config') };
    const verified = await run(process.execPath, ['-r', preload, CLI, 'verify', file, '--pubkey', keys.pub], {
      env,
    });
    expect(verified.status, verified.stderr).toBe(0);
    const loaded = readFileSync(list, 'utf8').split('\n');
    expect(loaded).toContain('NativeModule fs');
    expect(loaded).not.toContain('NativeModule child_process');
  });

  it('checks it against a trust list and the keystore without loading zod or the vendor bundle', async () => {
    const keys = await minisignKeyPair(dir, 'listed');
    const file = join(dir, 'listed.bin');
    writeFileSync(file, 'a file signed by a listed key\n');
    const signed = await run('minisign', ['-S', '-s', keys.sec, '-m', file]);
    expect(signed.status, signed.stderr).toBe(0);
    const env = {
      ...process.env,
      SIGNET_CONFIG_DIR: join(dir, 'listed-config'),
      SIGNET_PASSPHRASE: 'a long passphrase for the startup test 7',
    };
    for (const args of [
      ['keygen', '--name', 'Own key'],
      ['trust', 'add', keys.pub, '--name', 'Listed'],
    ]) {
      const made = await run(process.execPath, [CLI, ...args], { env });
      expect(made.status, made.stderr).toBe(0);
    }
    const report = join(dir, 'loaded.json');
    const preload = join(dir, 'watch-loads.cjs');
    // zod registers this global when it loads; the launcher and the vendor loader compile scripts with vm.Script.
    writeFileSync(
      preload,
      `const vm = require('node:vm'); const Script = vm.Script; const scripts = [];
vm.Script = function (source, options) { scripts.push(require('node:path').basename(options.filename)); return new Script(source, options); };
process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(report)}, JSON.stringify({ zod: globalThis.__zod_globalRegistry !== undefined, scripts })));`,
    );
    const verified = await run(process.execPath, ['-r', preload, CLI, 'verify', file], { env });
    expect(verified.status, verified.stderr).toBe(0);
    expect(verified.stdout).toContain('Verified: made by Listed');
    expect(JSON.parse(readFileSync(report, 'utf8'))).toEqual({ zod: false, scripts: ['signet-bundle.cjs'] });
  });
});
