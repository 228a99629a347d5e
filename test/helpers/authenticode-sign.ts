import { readFile, writeFile } from 'node:fs/promises';
import { run } from './run';
import type { Issued } from './x509-ca';

export interface SignOptions {
  /** Certificates to embed after the signer's own (intermediates), as PEM files. */
  chain?: string[];
  hash?: 'sha1' | 'sha256' | 'sha384' | 'sha512';
  /** Add this signature nested inside the existing one (dual signing). */
  nest?: boolean;
  /** osslsigncode's built-in RFC 3161 time-stamping authority, with the time it states. */
  tsa?: { signer: Issued; chain: string[]; time: Date };
  /** MSI only: add the MsiDigitalSignatureEx stream (a signed hash of the file list). */
  msiEx?: boolean;
  /** A legacy Authenticode time-stamping server (osslsigncode -t). */
  legacyTimestampUrl?: string;
  programName?: string;
}

/** Signs `input` into `output` with osslsigncode (PE or MSI); throws with its output if it fails. */
export async function osslsign(
  input: string,
  output: string,
  signer: Issued,
  options: SignOptions = {},
): Promise<void> {
  const certs = `${signer.cert}.chain.pem`;
  const parts = await Promise.all([signer.cert, ...(options.chain ?? [])].map((p) => readFile(p, 'latin1')));
  await writeFile(certs, parts.join(''));
  const args = ['sign', '-certs', certs, '-key', signer.key, '-h', options.hash ?? 'sha256'];
  if (options.nest) args.push('-nest');
  if (options.msiEx) args.push('-add-msi-dse');
  if (options.programName) args.push('-n', options.programName);
  if (options.tsa) {
    const tsaCerts = `${options.tsa.signer.cert}.chain.pem`;
    const tsaParts = await Promise.all(
      [options.tsa.signer.cert, ...options.tsa.chain].map((p) => readFile(p, 'latin1')),
    );
    await writeFile(tsaCerts, tsaParts.join(''));
    args.push(
      '-TSA-certs',
      tsaCerts,
      '-TSA-key',
      options.tsa.signer.key,
      '-TSA-time',
      String(Math.floor(options.tsa.time.getTime() / 1000)),
    );
  }
  if (options.legacyTimestampUrl) args.push('-t', options.legacyTimestampUrl);
  args.push('-in', input, '-out', output);
  const result = await run('osslsigncode', args);
  if (result.status !== 0) throw new Error(`osslsigncode sign failed: ${result.stdout}${result.stderr}`);
}

/** osslsigncode's own verdict: true when it prints "Succeeded" and exits 0. */
export async function osslverify(file: string, caFile: string, at?: Date): Promise<boolean> {
  const args = ['verify', '-in', file, '-CAfile', caFile, '-TSA-CAfile', caFile, '-ignore-crl'];
  if (at) args.push('-time', String(Math.floor(at.getTime() / 1000)));
  const result = await run('osslsigncode', args);
  return result.status === 0 && /Succeeded/.test(result.stdout);
}

/** sbverify's verdict for a PE file (it checks the digest and the signature to the given cert). */
export async function sbverify(file: string, cert: string): Promise<boolean> {
  const result = await run('sbverify', ['--cert', cert, file]);
  return result.status === 0;
}
