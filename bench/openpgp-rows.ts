import { execFileSync } from 'node:child_process';
import { copyFileSync, linkSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchConfig } from './config';
import type { BenchData } from './data';
import { lanePerDigest, oneLane } from './floor';
import type { Command } from './measure';
import { openpgpSignPairs } from './openpgp-sign-rows';
import type { Pair } from './pairs';
import type { RowId } from './rows';

/**
 * The OpenPGP rows, made by gpg at bench time: an Ed25519/SHA-256 detached signature
 * over the large file (`signet verify` vs `openssl dgst -sha256`, and vs `gpg --verify`), and the
 * folder's list clearsigned (`signet check` vs `gpg --verify` of the list plus `sha256sum -c`).
 * Their ids are not in ROW_IDS (bench/rows.ts is not this file's to change), hence the cast.
 */
export function openpgpPairs(
  config: BenchConfig,
  data: BenchData,
  signet: (args: string[], cwd?: string) => Command,
  size: string,
): Pair[] {
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
  const both = bothSignatures(data, cert, gpg, signet);
  const tool = (file: string, args: string[], cwd?: string): Command => ({ file, args, cwd, env });
  const id = (name: string) => name as unknown as RowId;
  return [
    ...openpgpSignPairs(data, signet, size, home),
    {
      id: id('openpgp verify'),
      what: `${size}, \`signet verify\` of a gpg Ed25519/SHA-256 detached signature vs \`openssl dgst -sha256\``,
      target: 1.15,
      goal: { overFloorMs: 40 },
      floor: oneLane(['sha256'], config.size),
      signet: verify,
      other: tool('openssl', ['dgst', '-sha256', data.big]),
    },
    {
      id: id('openpgp vs gpg'),
      what: `${size}, the same \`signet verify\` vs \`gpg --verify\``,
      target: 0.5,
      floor: oneLane(['sha256'], config.size),
      signet: verify,
      other: tool('gpg', ['--batch', '--verify', sig, data.big]),
    },
    {
      id: id('openpgp list'),
      what: 'the folder’s list clearsigned, `signet check SHASUMS256.txt.asc` vs `gpg --verify` + `sha256sum -c`',
      target: 0.6,
      floor: lanePerDigest(['sha256', 'sha256'], (config.files * config.fileSize) / 2),
      signet: signet(['check', 'SHASUMS256.txt.asc', '--pubkey', cert], data.filesDir),
      other: tool(
        'sh',
        ['-c', 'gpg --batch --verify SHASUMS256.txt.asc 2>/dev/null && sha256sum -c --quiet SHA256SUMS'],
        data.filesDir,
      ),
    },
    {
      id: 'verify + OpenPGP (large)',
      what: `${size} with a \`.minisig\` and a gpg Ed25519/SHA-512 \`.asc\` beside it (both signers trusted), \`signet verify FILE\` vs \`minisign -V\``,
      target: 1.15,
      goal: { vsRow: 'verify (large)', ratio: 1.05 },
      floor: lanePerDigest(['blake2b512', 'sha512'], config.size),
      signet: signet(['verify', both]),
      other: tool('minisign', ['-V', '-q', '-p', data.publicKey, '-m', data.big]),
    },
  ];
}

/**
 * The large file (a hard link) in a folder of its own with minisign's signature and a gpg one
 * (SHA-512) beside it, the gpg key trusted too: `signet verify FILE` checks both in one read.
 */
function bothSignatures(
  data: BenchData,
  cert: string,
  gpg: (args: string[]) => Buffer,
  signet: (args: string[]) => Command,
): string {
  const dir = join(data.dir, 'both');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'big.bin');
  linkSync(data.big, file);
  copyFileSync(data.bigSig, `${file}.minisig`);
  gpg(['--digest-algo', 'SHA512', '--armor', '--detach-sign', '--output', `${file}.asc`, data.big]);
  const trust = signet(['trust', 'add', cert, '--name', 'Bench OpenPGP']);
  execFileSync(trust.file, trust.args, { env: trust.env, stdio: 'ignore' });
  return file;
}
