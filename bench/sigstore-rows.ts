import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { makeTestLog, writeOpensslBundle } from '../test/helpers/sigstore-managed-bundle';
import type { BenchData } from './data';
import { oneLane } from './floor';
import type { Command } from './measure';
import type { Pair } from './pairs';

/**
 * The Sigstore row: a bundle over the large file, made at bench time (openssl signs the
 * file; a test transparency log records it; the run's trusted root names that log), verified
 * offline with `signet verify --bundle --pubkey --trusted-root`, against `openssl dgst -sha256`.
 * The artifact's hash dominates either way; a keyless bundle costs the same read.
 */
export function sigstorePairs(
  data: BenchData,
  signet: (args: string[], cwd?: string) => Command,
  size: string,
  bytes: number,
): Pair[] {
  const dir = join(data.filesDir, '..', 'sigstore');
  mkdirSync(dir, { recursive: true });
  const { bundlePath, publicPath, rootPath } = writeOpensslBundle(
    dir,
    'big',
    'ec-p256',
    data.big,
    makeTestLog(),
  );
  return [
    {
      id: 'sigstore verify',
      what: `${size}, \`signet verify --bundle\` (offline, test trusted root) vs \`openssl dgst -sha256\``,
      target: 1.15,
      goal: { overFloorMs: 40 },
      floor: oneLane(['sha256'], bytes),
      signet: signet([
        'verify',
        data.big,
        '--bundle',
        bundlePath,
        '--pubkey',
        publicPath,
        '--trusted-root',
        rootPath,
      ]),
      other: { file: 'openssl', args: ['dgst', '-sha256', data.big] },
    },
  ];
}
