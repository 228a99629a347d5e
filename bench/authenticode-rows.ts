import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tinyPe } from '../test/helpers/pe-writer';
import { CA_EXTENSIONS, CODE_SIGNING_EXTENSIONS } from '../test/helpers/x509-ca';
import type { BenchData } from './data';
import { oneLane } from './floor';
import type { Command } from './measure';
import type { Pair } from './pairs';
import { formatSize, parseSize } from './sizes';

/**
 * The Authenticode rows: a signed Windows program (200 MB by default, SIGNET_BENCH_PE_SIZE, never larger
 * than the large file) made at bench time by openssl (a root and a code-signing leaf) and
 * osslsigncode; `signet verify` with the root given by --ca-roots against `osslsigncode verify`
 * with the same root, and against `openssl dgst -sha256` of the file.
 */
export function authenticodePairs(
  data: BenchData,
  signet: (args: string[], cwd?: string) => Command,
  largeSize: number,
): Pair[] {
  const size = Math.min(parseSize(process.env.SIGNET_BENCH_PE_SIZE || '200MB'), largeSize);
  const dir = join(data.filesDir, '..', 'authenticode');
  mkdirSync(dir, { recursive: true });
  const pe = join(dir, `setup-${size}.exe`);
  const root = join(dir, 'root.pem');
  if (!existsSync(pe)) signedProgram(dir, pe, size);
  const shown = size % 1e6 === 0 ? `${size / 1e6} MB` : formatSize(size);
  const verify = signet(['verify', pe, '--ca-roots', root]);
  const tool = (file: string, args: string[]): Command => ({ file, args });
  return [
    {
      id: 'authenticode verify',
      what: `${shown} signed PE, \`signet verify --ca-roots\` vs \`osslsigncode verify -CAfile\``,
      target: 1.0,
      floor: oneLane(['sha256'], size),
      signet: verify,
      other: tool('osslsigncode', ['verify', '-in', pe, '-CAfile', root, '-ignore-crl']),
    },
    {
      id: 'authenticode vs SHA-256',
      what: `${shown} signed PE, the same \`signet verify\` vs \`openssl dgst -sha256\``,
      target: 1.15,
      floor: oneLane(['sha256'], size),
      signet: verify,
      other: tool('openssl', ['dgst', '-sha256', pe]),
    },
  ];
}

/** A root, a code-signing leaf it issued, and a program of `size` bytes signed by the leaf. */
function signedProgram(dir: string, out: string, size: number): void {
  const openssl = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  openssl([
    'req',
    '-x509',
    ...ec,
    '-keyout',
    'root.key',
    '-out',
    'root.pem',
    '-days',
    '3650',
    '-subj',
    '/CN=Bench Root',
    ...CA_EXTENSIONS.flatMap((e) => ['-addext', e]),
  ]);
  writeFileSync(join(dir, 'leaf.ext'), `${CODE_SIGNING_EXTENSIONS.join('\n')}\n`);
  openssl([
    'req',
    '-new',
    ...ec,
    '-keyout',
    'leaf.key',
    '-out',
    'leaf.csr',
    '-subj',
    '/O=Bench Publisher/CN=Bench Publisher',
  ]);
  openssl([
    'x509',
    '-req',
    '-in',
    'leaf.csr',
    '-CA',
    'root.pem',
    '-CAkey',
    'root.key',
    '-set_serial',
    '7',
    '-out',
    'leaf.pem',
    '-days',
    '365',
    '-extfile',
    'leaf.ext',
    '-sha256',
  ]);
  const unsigned = join(dir, 'unsigned.exe');
  writeFileSync(unsigned, tinyPe({ codeSize: Math.max(0x400, size - 0x800) }));
  execFileSync(
    'osslsigncode',
    [
      'sign',
      '-certs',
      join(dir, 'leaf.pem'),
      '-key',
      join(dir, 'leaf.key'),
      '-h',
      'sha256',
      '-in',
      unsigned,
      '-out',
      out,
    ],
    { stdio: 'pipe' },
  );
  // Nothing else reads the unsigned copy; the bench's data folder should not hold it twice.
  rmSync(unsigned);
}
