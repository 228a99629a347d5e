import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tinyPe } from '../test/helpers/pe-writer';
import { startRfc3161Tsa } from '../test/helpers/rfc3161-tsa';
import { CODE_SIGNING_EXTENSIONS, TSA_EXTENSIONS } from '../test/helpers/x509-ca';
import type { BenchData } from './data';
import type { Command } from './measure';
import type { RowId } from './rows';
import { formatSize, parseSize } from './sizes';

const PASSWORD = 'bench pfx password';
/** Roots and the TSA on P-256 (quick to make); the publisher's key is RSA, the usual kind. */
const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'];

/**
 * The local RFC 3161 server both sides of the signing row ask (openssl ts -reply behind loopback
 * HTTP, its own root), started in the bench's own process before the runs: they are spawned, so it
 * answers while they run.
 */
export async function startBenchTsa(data: BenchData): Promise<{ url: string; close: () => Promise<void> }> {
  const dir = join(data.filesDir, '..', 'authenticode-sign');
  mkdirSync(dir, { recursive: true });
  const openssl = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  if (!existsSync(join(dir, 'tsa.pem'))) {
    openssl([
      'req',
      '-x509',
      ...EC,
      '-nodes',
      '-keyout',
      'tsa-root.key',
      '-out',
      'tsa-root.pem',
      '-days',
      '3650',
      '-subj',
      '/CN=Bench TSA Root',
      '-addext',
      'basicConstraints=critical,CA:true',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ]);
    writeFileSync(join(dir, 'tsa.ext'), `${TSA_EXTENSIONS.join('\n')}\n`);
    openssl([
      'req',
      '-new',
      ...EC,
      '-nodes',
      '-keyout',
      'tsa.key',
      '-out',
      'tsa.csr',
      '-subj',
      '/CN=Bench TSA',
    ]);
    openssl([
      'x509',
      '-req',
      '-in',
      'tsa.csr',
      '-CA',
      'tsa-root.pem',
      '-CAkey',
      'tsa-root.key',
      '-set_serial',
      '9',
      '-out',
      'tsa.pem',
      '-days',
      '365',
      '-extfile',
      'tsa.ext',
      '-sha256',
    ]);
  }
  return startRfc3161Tsa(dir, { cert: join(dir, 'tsa.pem'), key: join(dir, 'tsa.key') }, [
    join(dir, 'tsa-root.pem'),
  ]);
}

/**
 * Signing a PE and an MSI (200 MB by default, SIGNET_BENCH_PE_SIZE, never larger than the large file) with a
 * PKCS#12 key and the local TSA: `signet sign --key --timestamp --replace` (the key imported into the
 * bench's keystore once; each run signs the file in place again, and verifies it after) vs
 * `osslsigncode sign -pkcs12 -ts` into a new file.
 */
export function authenticodeSignPairs(
  data: BenchData,
  signet: (args: string[], cwd?: string) => Command,
  largeSize: number,
  tsaUrl: string,
): { id: RowId; what: string; target: number; signet: Command; other: Command }[] {
  const size = Math.min(parseSize(process.env.SIGNET_BENCH_PE_SIZE || '200MB'), largeSize);
  const dir = join(data.filesDir, '..', 'authenticode-sign');
  const pfx = join(dir, 'codesign.pfx');
  const unsigned = join(dir, `unsigned-${size}.exe`);
  const inPlace = join(dir, `signet-${size}.exe`);
  if (!existsSync(pfx)) codeSigningPfx(dir, pfx);
  if (!existsSync(unsigned)) writeFileSync(unsigned, tinyPe({ codeSize: Math.max(0x400, size - 0x800) }));
  copyFileSync(unsigned, inPlace);
  const withPassword = (command: Command): Command => ({
    ...command,
    env: { ...command.env, SIGNET_PASSPHRASE: PASSWORD },
  });
  const imported = withPassword(signet(['key', 'import', pfx, '--name', 'Bench code signing']));
  try {
    execFileSync(imported.file, imported.args, { env: imported.env as NodeJS.ProcessEnv, stdio: 'pipe' });
  } catch {
    // Already in the bench's keystore from an earlier run.
  }
  const shown = size % 1e6 === 0 ? `${size / 1e6} MB` : formatSize(size);
  const out = join(dir, `ossl-${size}.exe`);
  const msiUnsigned = join(dir, `unsigned-${size}.msi`);
  const msiInPlace = join(dir, `signet-${size}.msi`);
  if (!existsSync(msiUnsigned)) installerPackage(dir, msiUnsigned, size);
  copyFileSync(msiUnsigned, msiInPlace);
  const signetSigns = (file: string) =>
    withPassword(
      signet([
        'sign',
        '--key',
        'Bench code signing',
        '--replace',
        '--timestamp',
        tsaUrl,
        // The local server's own root, as a release manager's organisation would deploy it.
        '--ca-roots',
        join(dir, 'tsa-root.pem'),
        file,
      ]),
    );
  const osslSigns = (input: string, output: string): Command => ({
    file: 'sh',
    args: [
      '-c',
      'rm -f "$1" && exec osslsigncode sign -pkcs12 "$2" -pass "$3" -h sha256 -ts "$4" -in "$5" -out "$1"',
      'sh',
      output,
      pfx,
      PASSWORD,
      tsaUrl,
      input,
    ],
  });
  return [
    {
      id: 'authenticode sign',
      what: `${shown} PE, PKCS#12 key and local TSA, \`signet sign --timestamp\` (and its check after) vs \`osslsigncode sign -pkcs12 -ts\``,
      target: 1.0,
      signet: signetSigns(inPlace),
      other: osslSigns(unsigned, out),
    },
    {
      id: 'authenticode sign MSI',
      what: `${shown} MSI (wixl), PKCS#12 key and local TSA, \`signet sign --timestamp\` (and its check after) vs \`osslsigncode sign -pkcs12 -ts\``,
      target: 1.0,
      signet: signetSigns(msiInPlace),
      other: osslSigns(msiUnsigned, join(dir, `ossl-${size}.msi`)),
    },
  ];
}

function codeSigningPfx(dir: string, pfx: string): void {
  const openssl = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  openssl([
    'req',
    '-x509',
    ...EC,
    '-nodes',
    '-keyout',
    'cs-root.key',
    '-out',
    'cs-root.pem',
    '-days',
    '3650',
    '-subj',
    '/CN=Bench Code Signing Root',
    '-addext',
    'basicConstraints=critical,CA:true',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  writeFileSync(join(dir, 'cs.ext'), `${CODE_SIGNING_EXTENSIONS.join('\n')}\n`);
  openssl([
    'req',
    '-new',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'cs.key',
    '-out',
    'cs.csr',
    '-subj',
    '/CN=Bench Publisher',
  ]);
  openssl([
    'x509',
    '-req',
    '-in',
    'cs.csr',
    '-CA',
    'cs-root.pem',
    '-CAkey',
    'cs-root.key',
    '-set_serial',
    '8',
    '-out',
    'cs.pem',
    '-days',
    '365',
    '-extfile',
    'cs.ext',
    '-sha256',
  ]);
  openssl([
    'pkcs12',
    '-export',
    '-in',
    'cs.pem',
    '-inkey',
    'cs.key',
    '-certfile',
    'cs-root.pem',
    '-out',
    pfx,
    '-passout',
    `pass:${PASSWORD}`,
  ]);
}

/** An installer package of about `size` bytes, built by wixl around one payload file of random bytes. */
function installerPackage(dir: string, out: string, size: number): void {
  const payload = join(dir, 'payload.bin');
  writeFileSync(payload, randomBytes(Math.max(1024, size - 64 * 1024)));
  const wxs = join(dir, 'bench.wxs');
  writeFileSync(
    wxs,
    `<?xml version="1.0" encoding="utf-8"?>
<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">
  <Product Id="*" Name="Signet Bench" Language="1033" Version="1.0.0" Manufacturer="Bench"
           UpgradeCode="6a1f8e6e-7d1c-4c55-9a44-0b9f3c2d1e11">
    <Package InstallerVersion="200" Compressed="yes"/>
    <Media Id="1" Cabinet="data.cab" EmbedCab="yes"/>
    <Directory Id="TARGETDIR" Name="SourceDir">
      <Directory Id="ProgramFilesFolder">
        <Directory Id="INSTALLDIR" Name="SignetBench">
          <Component Id="Main" Guid="6a1f8e6e-7d1c-4c55-9a44-0b9f3c2d1e12">
            <File Id="payload" Source="payload.bin"/>
          </Component>
        </Directory>
      </Directory>
    </Directory>
    <Feature Id="Complete" Level="1"><ComponentRef Id="Main"/></Feature>
  </Product>
</Wix>
`,
  );
  // wixl resolves Source relative to where it runs.
  execFileSync('wixl', ['-o', out, wxs], { cwd: dir, stdio: 'pipe' });
  rmSync(payload);
}
