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
});
