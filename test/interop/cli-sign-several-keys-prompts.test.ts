import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  formatMinisignSecretKey,
  generateMinisignKeyPair,
} from '../../electron/core/formats/minisign/secret-key';
import { pfxOf } from '../helpers/code-signing-pfx';
import { signet } from '../helpers/run';
import { tempDir } from '../helpers/temp-dir';
import { signetInTerminal } from '../helpers/terminal';
import { CODE_SIGNING_EXTENSIONS, issue, selfSigned } from '../helpers/x509-ca';

// `signet sign --key A --key B` at a terminal asks every key's passphrase first, in key order, so
// a release manager can walk away; a wrong one ends the command before anything is written.

const CHEAP_KDF = { opsLimit: 1 << 16, memLimit: 16 << 20 };
const ALPHA = 'alpha passphrase for the file key';
const BETA = 'correct horse battery staple';

let dir: string;
let config: string;
let keyFile: string;

beforeAll(async () => {
  dir = await tempDir('signet-several-prompts-');
  config = join(dir, 'config');
  await mkdir(config);
  keyFile = join(dir, 'file-key.key');
  await writeFile(keyFile, await formatMinisignSecretKey(generateMinisignKeyPair(), ALPHA, CHEAP_KDF));
  const made = await signet(
    ['keygen', '--openpgp', '--name', 'Release Bot', '--email', 'rb@example.org'],
    config,
    { SIGNET_PASSPHRASE: BETA },
  );
  expect(made.status, made.stderr).toBe(0);
}, 60_000);

async function release(name: string): Promise<string[]> {
  const folder = join(dir, name);
  await mkdir(folder);
  await writeFile(join(folder, 'app-1.0.tar.gz'), 'tarball\n'.repeat(1000));
  await writeFile(join(folder, 'app-1.0.zip'), 'zip\n'.repeat(1000));
  return ['app-1.0.tar.gz', 'app-1.0.zip'].map((file) => join(folder, file));
}

const bothKeys = (files: string[]) => [
  'sign',
  '--key',
  keyFile,
  '--style',
  'minisign',
  '--key',
  'Release Bot',
  '--style',
  'node',
  ...files,
];

describe('signet sign with several keys at a terminal', () => {
  it('asks every passphrase, in key order, each once, before the first file is signed', async () => {
    const files = await release('walk-away');
    const folder = join(dir, 'walk-away');
    const seenAtPrompt: string[][] = [];
    const r = await signetInTerminal(
      bothKeys(files),
      { SIGNET_CONFIG_DIR: config },
      /Passphrase for/,
      async (prompt) => {
        seenAtPrompt.push((await readdir(folder)).sort());
        return prompt.includes('file-key.key') ? ALPHA : BETA;
      },
    );
    expect(r.status, r.output).toBe(0);
    expect(r.prompts).toHaveLength(2);
    expect(r.prompts[0]).toContain('file-key.key');
    expect(r.prompts[1]).toContain('Release Bot');
    // At the second prompt the first key has signed nothing yet.
    expect(seenAtPrompt).toEqual([
      ['app-1.0.tar.gz', 'app-1.0.zip'],
      ['app-1.0.tar.gz', 'app-1.0.zip'],
    ]);
    expect((await readdir(folder)).sort()).toEqual([
      'SHA256SUMS',
      'SHA256SUMS.minisig',
      'SHASUMS256.txt',
      'SHASUMS256.txt.asc',
      'SHASUMS256.txt.sig',
      'app-1.0.tar.gz',
      'app-1.0.tar.gz.minisig',
      'app-1.0.zip',
      'app-1.0.zip.minisig',
    ]);
  }, 60_000);

  it("a wrong passphrase for the second key: exit 2, the key named, the first key's part not written", async () => {
    const files = await release('wrong-second');
    const r = await signetInTerminal(
      bothKeys(files),
      { SIGNET_CONFIG_DIR: config },
      /Passphrase for/,
      async (prompt) => (prompt.includes('file-key.key') ? ALPHA : 'not the passphrase'),
    );
    expect(r.status).toBe(2);
    expect(r.output).toContain('signet: Release Bot: The passphrase is wrong. Nothing was signed.');
    expect((await readdir(join(dir, 'wrong-second'))).sort()).toEqual(['app-1.0.tar.gz', 'app-1.0.zip']);
  }, 60_000);

  it('SIGNET_PASSPHRASE still answers for every key; wrong for one, nothing is written', async () => {
    const files = await release('one-for-all');
    const r = await signet(bothKeys(files), config, { SIGNET_PASSPHRASE: ALPHA });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('signet: Release Bot: The passphrase is wrong. Nothing was signed.\n');
    expect((await readdir(join(dir, 'one-for-all'))).sort()).toEqual(['app-1.0.tar.gz', 'app-1.0.zip']);
  }, 60_000);

  it('a key that signs inside files, or its options, are refused before any passphrase, as in the app', async () => {
    const ca = await selfSigned(dir, 'ca', '/CN=Several Keys Test CA', { ca: true });
    const leaf = await issue(dir, 'code', '/CN=Acme Code Signing', ca, CODE_SIGNING_EXTENSIONS);
    const pfx = await pfxOf(leaf, [ca.cert], 'pfx password', join(dir, 'code.pfx'));
    const imported = await signet(['key', 'import', pfx, '--name', 'Code cert'], config, {
      SIGNET_PASSPHRASE: 'pfx password',
    });
    expect(imported.status, imported.stderr).toBe(0);
    const files = await release('inside');
    // No SIGNET_PASSPHRASE and no terminal: asking for any passphrase would fail differently.
    const inside = await signet(['sign', '--key', keyFile, '--key', 'Code cert', ...files], config);
    expect(inside.status).toBe(2);
    expect(inside.stderr).toBe(
      'signet: “Code cert” signs inside files: sign with it on its own. Nothing was signed.\n',
    );
    const timestamp = await signet(
      ['sign', ...bothKeys(files).slice(1), '--timestamp', 'http://timestamp.example'],
      config,
    );
    expect(timestamp.status).toBe(2);
    expect(timestamp.stderr).toMatch(/^signet: --timestamp, .* go with a code-signing certificate/);
    expect((await readdir(join(dir, 'inside'))).sort()).toEqual(['app-1.0.tar.gz', 'app-1.0.zip']);
  }, 60_000);

  it('the same key file given twice is refused before any passphrase', async () => {
    const files = await release('twice');
    const r = await signet(['sign', '--key', keyFile, '--key', keyFile, ...files], config);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('signet: The same key is given twice. Nothing was signed.\n');
  });
});
