import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { authenticodePairs } from './authenticode-rows';
import { authenticodeSignPairs } from './authenticode-sign-rows';
import type { BenchConfig } from './config';
import { type BenchData, TRUSTED_COMMENT } from './data';
import { type FloorLane, lanePerDigest, oneLane } from './floor';
import type { Command } from './measure';
import { openpgpPairs } from './openpgp-rows';
import type { RowId } from './rows';
import { sigstorePairs } from './sigstore-rows';
import { formatSize } from './sizes';

/**
 * A target other than the ratio to the other tool (issue 21): at most `overFloorMs` above the row's
 * floor, or at most `ratio` times another row's Signet time.
 */
type Goal = { overFloorMs: number } | { vsRow: RowId; ratio: number };

export interface Pair {
  id: RowId;
  what: string;
  /** Most Signet ÷ other tool; the row's target unless `goal` says otherwise. */
  target: number;
  goal?: Goal;
  signet: Command;
  other: Command;
  /** The digests a minimal Node process computes over the same number of bytes in memory. */
  floor?: FloorLane[];
  /** Checks a captured run of the Signet command really did the work the row claims. */
  check?: (stdout: string) => void;
}

/** The trust list the runs use: the bench key trusted as "Bench", in the bench's own config folder. */
const SIGNER_NAME = 'Bench';

function signetEnv(data: BenchData): Record<string, string | undefined> {
  // The bench's own config folder and no managed trust list: the runs never read the user's state.
  return {
    ...process.env,
    NODE_OPTIONS: undefined,
    SIGNET_CONFIG_DIR: join(data.dir, 'config'),
    SIGNET_MANAGED_TRUST_FILE: join(data.dir, 'no-managed-trust.json'),
  };
}

/**
 * A fresh config folder whose trust list holds the bench key, made with the CLI itself: a person
 * verifies with `signet verify FILE` against the signers they trust, and that path (which reads and
 * checks the trust list) is the one the verify rows time.
 */
export function trustBenchKey(config: BenchConfig, data: BenchData): void {
  const env = signetEnv(data);
  rmSync(env.SIGNET_CONFIG_DIR!, { recursive: true, force: true });
  execFileSync(process.execPath, [config.cli, 'trust', 'add', data.publicKey, '--name', SIGNER_NAME], {
    env,
    stdio: 'ignore',
  });
}

/** `tsaUrl`: the local time-stamping server run.ts started for the signing row. */
export function pairs(config: BenchConfig, data: BenchData, tsaUrl?: string): Pair[] {
  const env = signetEnv(data);
  const signet = (args: string[], cwd?: string): Command => ({
    file: process.execPath,
    args: [config.cli, ...args],
    env,
    cwd,
  });
  const tool = (file: string, args: string[], cwd?: string): Command => ({ file, args, cwd });
  const large = formatSize(config.size);
  const mid = formatSize(config.midSize);
  // Both tools find FILE.minisig beside the file; minisign is given the key, Signet trusts it.
  const minisignVerify = (file: string) => tool('minisign', ['-V', '-q', '-p', data.publicKey, '-m', file]);
  const sha256Of = (file: string) =>
    execFileSync('openssl', ['dgst', '-sha256', '-r', file]).toString().slice(0, 64);
  const largeSha = sha256Of(data.big);
  const printsSha = (file: string, sha: string) => (stdout: string) => {
    if (!stdout.startsWith(sha))
      throw new Error(`signet hash ${file} printed "${stdout.slice(0, 64)}", not ${sha}.`);
  };
  return [
    {
      id: 'verify',
      goal: { overFloorMs: 40 },
      floor: oneLane(['blake2b512'], config.midSize),
      what: `${mid}, \`signet verify FILE\` (signer in the trust list) vs \`minisign -V\``,
      target: 1.05,
      signet: signet(['verify', data.mid]),
      other: minisignVerify(data.mid),
    },
    {
      id: 'verify (large)',
      goal: { overFloorMs: 40 },
      floor: oneLane(['blake2b512'], config.size),
      what: `${large}, \`signet verify FILE\` (signer in the trust list) vs \`minisign -V\``,
      target: 1.0,
      signet: signet(['verify', data.big]),
      other: minisignVerify(data.big),
    },
    {
      id: 'verify --pubkey (large)',
      goal: { overFloorMs: 40 },
      floor: oneLane(['blake2b512'], config.size),
      what: `${large}, \`signet verify --sig --pubkey\` (no trust list read) vs \`minisign -V\``,
      target: 1.0,
      signet: signet(['verify', data.big, '--sig', data.bigSig, '--pubkey', data.publicKey]),
      other: minisignVerify(data.big),
    },
    {
      id: 'verify + SHA-256 (large)',
      goal: { vsRow: 'verify (large)', ratio: 1.05 },
      floor: lanePerDigest(['blake2b512', 'sha256'], config.size),
      what: `${large}, \`signet verify --json\` (also gives the SHA-256, as the app shows it) vs \`minisign -V\``,
      target: 1.15,
      signet: signet(['verify', data.big, '--json']),
      other: minisignVerify(data.big),
      check: (stdout) => {
        if (!stdout.includes(largeSha))
          throw new Error(`signet verify --json did not print the SHA-256 ${largeSha}.`);
      },
    },
    {
      id: 'sign (large)',
      // minisign's BLAKE2b-512 and the activity log's SHA-256, each on its own core, as Signet hashes them.
      floor: lanePerDigest(['blake2b512', 'sha256'], config.size),
      what: `${large}, \`signet sign\` vs \`minisign -S\` (unencrypted key)`,
      target: 1.1,
      signet: signet([
        'sign',
        data.signTarget,
        '--key',
        data.secretKey,
        '--trusted-comment',
        TRUSTED_COMMENT,
        '--force',
      ]),
      other: tool('minisign', [
        '-S',
        '-s',
        data.secretKey,
        '-m',
        data.signTarget,
        '-x',
        `${data.signTarget}.minisig`,
        '-t',
        TRUSTED_COMMENT,
      ]),
    },
    {
      id: 'SHA-256',
      floor: oneLane(['sha256'], config.midSize),
      what: `${mid}, \`signet hash\` vs \`openssl dgst -sha256\``,
      target: 1.05,
      signet: signet(['hash', data.mid]),
      other: tool('openssl', ['dgst', '-sha256', data.mid]),
      check: printsSha(data.mid, sha256Of(data.mid)),
    },
    {
      id: 'SHA-256 (large)',
      floor: oneLane(['sha256'], config.size),
      what: `${large}, \`signet hash\` vs \`openssl dgst -sha256\``,
      target: 1.05,
      signet: signet(['hash', data.big]),
      other: tool('openssl', ['dgst', '-sha256', data.big]),
      check: printsSha(data.big, largeSha),
    },
    {
      id: 'check',
      // Signet hashes the list's files on a worker per core.
      floor: lanePerDigest(['sha256', 'sha256'], (config.files * config.fileSize) / 2),
      what: `${config.files} files of ${formatSize(config.fileSize)}, \`signet check SHA256SUMS\` (signed list) vs \`sha256sum -c\``,
      target: 0.6,
      signet: signet(
        ['check', 'SHA256SUMS', '--sig', data.listSig, '--pubkey', data.publicKey],
        data.filesDir,
      ),
      other: tool('sha256sum', ['-c', 'SHA256SUMS'], data.filesDir),
    },
    {
      id: 'cold verify',
      floor: oneLane(['blake2b512'], 1024 * 1024),
      what: '1 MiB, `signet verify FILE` (signer in the trust list) vs `node -e 0` (start-up)',
      target: 1.6,
      signet: signet(['verify', data.small]),
      other: tool(process.execPath, ['-e', '0']),
    },
    ...openpgpPairs(config, data, signet, large),
    ...sigstorePairs(data, signet, large, config.size),
    ...authenticodePairs(data, signet, config.size),
    ...(tsaUrl ? authenticodeSignPairs(data, signet, config.size, tsaUrl) : []),
  ];
}
