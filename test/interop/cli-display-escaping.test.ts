import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasHiddenCharacters } from '../../shared/hidden-characters';
import { minisignKeyPair } from '../helpers/minisign-keys';
import { run, signet } from '../helpers/run';
import { tempDir } from '../helpers/temp-dir';

// Everything the CLI prints for a person is free of hidden characters: terminal escape codes and
// bidi overrides in a trusted name, a file name, a comment or an error arrive as visible \u{…}.
// Trust names with such characters are refused when added.

const ESC_NAME = 'Acme \u001b[32mReleases\u001b[0m';
const BIDI_FILE = 'invoice\u202Efdp.exe';

let dir: string;
let config: string;
let pub: string;
let sec: string;

/** Printed text a person reads must not hold one hidden character (newlines end lines, tabs are none here). */
function expectNothingHidden(text: string): void {
  for (const line of text.split('\n')) expect(hasHiddenCharacters(line), JSON.stringify(line)).toBe(false);
}

beforeAll(async () => {
  dir = await tempDir('signet-escaping-');
  config = join(dir, 'config');
  await mkdir(config);
  ({ pub, sec } = await minisignKeyPair(dir, 'acme'));
  await writeFile(join(dir, BIDI_FILE), 'release');
  const comment = 'built by \u202Etrusted\u2066 CI\u200B';
  const signed = await run('minisign', ['-S', '-W', '-s', sec, '-m', join(dir, BIDI_FILE), '-t', comment]);
  expect(signed.status, signed.stderr).toBe(0);
});

describe('trust names refuse hidden characters', () => {
  it('trust add --name with an escape code, a bidi override or a zero-width space: exit 2, nothing written', async () => {
    for (const name of [ESC_NAME, 'Acme\u202E', 'Ac\u200Bme', 'Acme\nReleases', 'Acme\u2028']) {
      const r = await signet(['trust', 'add', pub, '--name', name], config);
      expect(r.status, JSON.stringify(name)).toBe(2);
      expect(r.stderr).toContain('cannot contain control, bidi or invisible characters');
      expectNothingHidden(r.stderr);
    }
    await expect(readFile(join(config, 'trusted-signers.json'))).rejects.toThrow();
  });
});

describe('trust names the list could not read back', () => {
  it('a name over 100 characters or a note over 1000 is refused, and the trust list stays readable', async () => {
    const other = join(dir, 'config-long');
    const long = await signet(['trust', 'add', pub, '--name', 'x'.repeat(300)], other);
    expect(long.status).toBe(2);
    expect(long.stderr).toContain('at most 100 characters');
    const note = await signet(['trust', 'add', pub, '--name', 'Acme', '--note', 'n'.repeat(1001)], other);
    expect(note.status).toBe(2);
    const list = await signet(['trust', 'list'], other);
    expect(list.status, list.stderr).toBe(0);
  });
});

describe('a trusted name already holding escape codes (hand-edited or managed list)', () => {
  beforeAll(async () => {
    const added = await signet(['trust', 'add', pub, '--name', 'Acme Releases'], config);
    expect(added.status, added.stderr).toBe(0);
    const file = join(config, 'trusted-signers.json');
    const list = JSON.parse(await readFile(file, 'utf8'));
    list.signers[0].name = ESC_NAME;
    await writeFile(file, JSON.stringify(list));
  });

  it('is escaped in the verify headline and details, and the file name and comment are too', async () => {
    const r = await signet(['verify', join(dir, BIDI_FILE)], config);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expectNothingHidden(r.stdout);
    expect(r.stdout.split('\n')[0]).toBe('✔ Verified: made by Acme \\u{1B}[32mReleases\\u{1B}[0m');
    expect(r.stdout).toContain('invoice\\u{202E}fdp.exe');
    expect(r.stdout).toContain('built by \\u{202E}trusted\\u{2066} CI\\u{200B}');
  });

  it('is escaped by check and trust list', async () => {
    const sums = await run('sha256sum', [BIDI_FILE], { cwd: dir });
    await writeFile(join(dir, 'SHA256SUMS'), sums.stdout);
    expect((await run('minisign', ['-S', '-W', '-s', sec, '-m', join(dir, 'SHA256SUMS')])).status).toBe(0);
    const check = await signet(['check', join(dir, 'SHA256SUMS')], config);
    expect(check.status, check.stdout + check.stderr).toBe(0);
    expectNothingHidden(check.stdout);
    expect(check.stdout).toContain('Acme \\u{1B}[32mReleases');
    const list = await signet(['trust', 'list'], config);
    expectNothingHidden(list.stdout);
    expect(list.stdout).toContain('Acme \\u{1B}[32mReleases\\u{1B}[0m');
  });

  it('JSON output keeps the exact text for programs', async () => {
    const r = await signet(['verify', join(dir, BIDI_FILE), '--json'], config);
    expect(JSON.parse(r.stdout).signerName).toBe(ESC_NAME);
  });
});

describe('errors and usage messages', () => {
  it('a hostile name in an error or in an unknown option is escaped', async () => {
    const missing = await signet(
      ['verify', join(dir, 'gone\u202E\u001b[2J.bin'), '--pubkey', join(dir, 'no\u200B.pub')],
      config,
    );
    expect(missing.status).toBe(2);
    expectNothingHidden(missing.stderr);
    expect(missing.stderr).toContain('no\\u{200B}.pub');
    const usage = await signet(['verify', 'x', '--bo\u202Egus'], config);
    expect(usage.status).toBe(2);
    expectNothingHidden(usage.stderr);
  });
});
