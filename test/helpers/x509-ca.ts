import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { run } from './run';

export interface Issued {
  cert: string;
  key: string;
}

export type KeyKind = 'rsa' | 'ec';

async function openssl(args: string[]): Promise<void> {
  const result = await run('openssl', args);
  if (result.status !== 0) throw new Error(`openssl ${args[0]} failed: ${result.stderr}`);
}

function keyArgs(kind: KeyKind): string[] {
  return kind === 'rsa' ? ['-newkey', 'rsa:2048'] : ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'];
}

/** A self-signed certificate: a root CA (ca: true) or a self-signed publisher (extensions given). */
export async function selfSigned(
  dir: string,
  name: string,
  subject: string,
  options: { ca?: boolean; extensions?: string[]; key?: KeyKind; days?: number } = {},
): Promise<Issued> {
  const cert = join(dir, `${name}.pem`);
  const key = join(dir, `${name}.key`);
  const extensions = options.ca
    ? ['basicConstraints=critical,CA:true', 'keyUsage=critical,keyCertSign,cRLSign']
    : (options.extensions ?? []);
  await openssl([
    'req',
    '-x509',
    ...keyArgs(options.key ?? 'rsa'),
    '-nodes',
    '-keyout',
    key,
    '-out',
    cert,
    '-days',
    String(options.days ?? 3650),
    '-subj',
    subject,
    '-sha256',
    ...extensions.flatMap((e) => ['-addext', e]),
  ]);
  return { cert, key };
}

/** A certificate issued by `issuer`, with the given extensions (one "name=value" per entry). */
export async function issue(
  dir: string,
  name: string,
  subject: string,
  issuer: Issued,
  extensions: string[],
  options: { key?: KeyKind; days?: number; digest?: 'md5' | 'sha1' | 'sha256' } = {},
): Promise<Issued> {
  const cert = join(dir, `${name}.pem`);
  const key = join(dir, `${name}.key`);
  const csr = join(dir, `${name}.csr`);
  const ext = join(dir, `${name}.ext`);
  await writeFile(ext, `${extensions.join('\n')}\n`);
  await openssl([
    'req',
    '-new',
    ...keyArgs(options.key ?? 'rsa'),
    '-nodes',
    '-keyout',
    key,
    '-out',
    csr,
    '-subj',
    subject,
  ]);
  await openssl([
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    issuer.cert,
    '-CAkey',
    issuer.key,
    '-set_serial',
    String((Date.now() % 1e9) + Math.floor(Math.random() * 1e6)),
    '-out',
    cert,
    '-days',
    String(options.days ?? 365),
    '-extfile',
    ext,
    `-${options.digest ?? 'sha256'}`,
  ]);
  return { cert, key };
}

export const CA_EXTENSIONS = ['basicConstraints=critical,CA:true', 'keyUsage=critical,keyCertSign,cRLSign'];
export const CODE_SIGNING_EXTENSIONS = [
  'basicConstraints=CA:false',
  'keyUsage=critical,digitalSignature',
  'extendedKeyUsage=codeSigning',
];
export const TSA_EXTENSIONS = [
  'basicConstraints=CA:false',
  'keyUsage=critical,digitalSignature',
  'extendedKeyUsage=critical,timeStamping',
];
