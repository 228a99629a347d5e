import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { minisignKeyPair } from '../helpers/minisign-keys';
import { CLI, run, signet } from '../helpers/run';
import { tempDir } from '../helpers/temp-dir';

// `signet hash` against the real GNU sha256sum, both ways: byte-identical output (escaping
// included) that `sha256sum -c` accepts, and sha256sum's own escaped output read back by `signet check`.

const NAMES = [
  'plain.txt',
  'with space.txt',
  'new\nline.bin',
  'back\\slash.bin',
  'carriage\rreturn.bin',
  'both\\n\nmixed.bin',
  'invoice\u202Efdp.exe',
  'café 📦.tar',
];

let dir: string;
let config: string;

beforeAll(async () => {
  dir = await tempDir('signet-hash-');
  config = join(dir, 'config');
  for (const [i, name] of NAMES.entries()) await writeFile(join(dir, name), `content ${i}\n`.repeat(i + 1));
});

describe('signet hash prints exactly what sha256sum prints', () => {
  it('byte for byte, for names that need escaping and names that do not', async () => {
    const ours = await run(process.execPath, [CLI, 'hash', ...NAMES], {
      cwd: dir,
      env: { SIGNET_CONFIG_DIR: config, SIGNET_MANAGED_TRUST_FILE: join(config, 'none.json') },
    });
    const theirs = await run('sha256sum', NAMES, { cwd: dir });
    expect(theirs.status).toBe(0);
    expect(ours.status, ours.stderr).toBe(0);
    expect(ours.stdout).toBe(theirs.stdout);
    // The escaped form is really in play: one line per name, with the leading backslash where needed.
    expect(ours.stdout.split('\n').filter(Boolean)).toHaveLength(NAMES.length);
    expect(ours.stdout).toContain('  new\\nline.bin\n');
    expect(ours.stdout).toMatch(/^\\[0-9a-f]{64} {2}back\\\\slash\.bin$/m);
  });

  it('its output passes sha256sum -c, and a changed file fails it', async () => {
    const ours = await signet(['hash', ...NAMES.map((n) => join(dir, n))], config);
    await writeFile(join(dir, 'SUMS-from-signet'), ours.stdout);
    const check = await run('sha256sum', ['-c', 'SUMS-from-signet'], { cwd: dir });
    expect(check.status, check.stdout + check.stderr).toBe(0);
    expect(check.stdout.match(/: OK$/gm)).toHaveLength(NAMES.length);
    await writeFile(join(dir, 'back\\slash.bin'), 'changed');
    const again = await run('sha256sum', ['-c', '--quiet', 'SUMS-from-signet'], { cwd: dir });
    expect(again.status).toBe(1);
    expect(again.stdout).toContain('FAILED');
    await writeFile(join(dir, 'back\\slash.bin'), 'content 3\n'.repeat(4));
  });

  it("sha256sum's escaped list, signed with minisign, checks OK with signet check", async () => {
    const theirs = await run('sha256sum', NAMES, { cwd: dir });
    await writeFile(join(dir, 'SHA256SUMS'), theirs.stdout);
    const { pub, sec } = await minisignKeyPair(dir, 'lists');
    const signed = await run('minisign', ['-S', '-W', '-s', sec, '-m', join(dir, 'SHA256SUMS')]);
    expect(signed.status, signed.stderr).toBe(0);
    const r = await signet(['check', join(dir, 'SHA256SUMS'), '--pubkey', pub, '--strict', '--json'], config);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.verdict).toBe('verified');
    expect(result.entries.map((e: { name: string }) => e.name).sort()).toEqual([...NAMES].sort());
    expect(result.entries.every((e: { status: string }) => e.status === 'ok')).toBe(true);
    expect(await readFile(join(dir, 'SHA256SUMS'), 'utf8')).toBe(theirs.stdout);
  });
});
