import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchData } from './data';
import type { Command } from './measure';
import { openpgpSignPairs } from './openpgp-sign-rows';
import type { RowId } from './rows';

/**
 * The OpenPGP rows, made by gpg at bench time: an Ed25519/SHA-256 detached signature
 * over the large file (`signet verify` vs `openssl dgst -sha256`, and vs `gpg --verify`), and the
 * folder's list clearsigned (`signet check` vs `gpg --verify` of the list plus `sha256sum -c`).
 * Their ids are not in ROW_IDS (bench/rows.ts is not this file's to change), hence the cast.
 */
export function openpgpPairs(
  data: BenchData,
  signet: (args: string[], cwd?: string) => Command,
  size: string,
): { id: RowId; what: string; target: number; signet: Command; other: Command }[] {
  // A short path: gpg-agent's socket lives in the home folder.
  const home = mkdtempSync(join(tmpdir(), 'sgb-'));
  const env = { ...process.env, GNUPGHOME: home, LC_ALL: 'C' };
  const gpg = (args: string[], cwd?: string) =>
    execFileSync('gpg', ['--batch', '--yes', '--pinentry-mode', 'loopback', '--passphrase', '', ...args], {
      env,
      cwd,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  gpg(['--quick-gen-key', 'Bench <bench@example.org>', 'ed25519', 'sign', 'never']);
  const cert = join(home, 'bench.asc');
  writeFileSync(cert, gpg(['--armor', '--export', 'bench@example.org']));
  const sig = join(home, 'big.bin.sig');
  gpg(['--digest-algo', 'SHA256', '--detach-sign', '--output', sig, data.big]);
  const clearsigned = join(data.filesDir, 'SHASUMS256.txt.asc');
  gpg(['--digest-algo', 'SHA256', '--clearsign', '--output', clearsigned, data.list]);
  const verify = signet(['verify', data.big, '--sig', sig, '--pubkey', cert]);
  const tool = (file: string, args: string[], cwd?: string): Command => ({ file, args, cwd, env });
  const id = (name: string) => name as unknown as RowId;
  return [
    ...openpgpSignPairs(data, signet, size, home),
    {
      id: id('openpgp verify'),
      what: `${size}, \`signet verify\` of a gpg Ed25519/SHA-256 detached signature vs \`openssl dgst -sha256\``,
      target: 1.15,
      signet: verify,
      other: tool('openssl', ['dgst', '-sha256', data.big]),
    },
    {
      id: id('openpgp vs gpg'),
      what: `${size}, the same \`signet verify\` vs \`gpg --verify\``,
      target: 0.5,
      signet: verify,
      other: tool('gpg', ['--batch', '--verify', sig, data.big]),
    },
    {
      id: id('openpgp list'),
      what: 'the folder’s list clearsigned, `signet check SHASUMS256.txt.asc` vs `gpg --verify` + `sha256sum -c`',
      target: 0.6,
      signet: signet(['check', 'SHASUMS256.txt.asc', '--pubkey', cert], data.filesDir),
      other: tool(
        'sh',
        ['-c', 'gpg --batch --verify SHASUMS256.txt.asc 2>/dev/null && sha256sum -c --quiet SHA256SUMS'],
        data.filesDir,
      ),
    },
  ];
}
