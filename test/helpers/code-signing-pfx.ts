import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { run } from './run';
import { CODE_SIGNING_EXTENSIONS, type Issued, issue, selfSigned, TSA_EXTENSIONS } from './x509-ca';

async function openssl(args: string[]): Promise<void> {
  const result = await run('openssl', args);
  if (result.status !== 0) throw new Error(`openssl ${args[0]} failed: ${result.stderr}`);
}

/** A PKCS#12 file of `leaf` and its chain: modern (AES-256, PBKDF2, SHA-256 MAC) or legacy (3DES/RC2-40, SHA-1). */
export async function pfxOf(
  leaf: Issued,
  chain: readonly string[],
  password: string,
  out: string,
  encoding: 'modern' | 'legacy' = 'modern',
): Promise<string> {
  const args = ['pkcs12', '-export', '-in', leaf.cert, '-inkey', leaf.key, '-out', out];
  if (chain.length) {
    const chainFile = `${out}.chain.pem`;
    await writeFile(chainFile, (await Promise.all(chain.map((p) => readFile(p, 'latin1')))).join(''));
    args.push('-certfile', chainFile);
  }
  args.push('-passout', `pass:${password}`, ...(encoding === 'legacy' ? ['-legacy'] : []));
  await openssl(args);
  return out;
}

/** A certificate whose validity is a fixed past (or future) window, signed by `issuer` through `openssl ca`. */
export async function issueWithDates(
  dir: string,
  name: string,
  subject: string,
  issuer: Issued,
  extensions: readonly string[],
  start: string,
  end: string,
): Promise<Issued> {
  const caDir = join(dir, `${name}-ca`);
  await mkdir(caDir, { recursive: true });
  await writeFile(join(caDir, 'index.txt'), '');
  await writeFile(join(caDir, 'serial'), '1000\n');
  const config = join(caDir, 'ca.cnf');
  await writeFile(
    config,
    [
      '[ ca ]',
      'default_ca = test',
      '[ test ]',
      `database = ${join(caDir, 'index.txt')}`,
      `serial = ${join(caDir, 'serial')}`,
      `new_certs_dir = ${caDir}`,
      'default_md = sha256',
      'policy = anything',
      'unique_subject = no',
      'copy_extensions = none',
      'x509_extensions = ext',
      '[ anything ]',
      'commonName = supplied',
      'organizationName = optional',
      '[ ext ]',
      ...extensions,
      '',
    ].join('\n'),
  );
  const key = join(dir, `${name}.key`);
  const csr = join(dir, `${name}.csr`);
  const cert = join(dir, `${name}.pem`);
  await openssl([
    'req',
    '-new',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    key,
    '-out',
    csr,
    '-subj',
    subject,
  ]);
  await openssl([
    'ca',
    '-batch',
    '-config',
    config,
    '-cert',
    issuer.cert,
    '-keyfile',
    issuer.key,
    '-in',
    csr,
    '-out',
    cert,
    '-startdate',
    start,
    '-enddate',
    end,
    '-notext',
  ]);
  return { cert, key };
}

/** A code-signing CA with a publisher certificate, and a separate time-stamping CA, as tests need them. */
export interface CodeSigningWorld {
  root: Issued;
  leaf: Issued;
  tsaRoot: Issued;
  tsa: Issued;
}

export async function codeSigningWorld(dir: string): Promise<CodeSigningWorld> {
  const root = await selfSigned(dir, 'cs-root', '/O=Signet Test/CN=Signet Test Code Signing Root', {
    ca: true,
  });
  const leaf = await issue(
    dir,
    'cs-leaf',
    '/O=Example Publisher/CN=Example Publisher',
    root,
    CODE_SIGNING_EXTENSIONS,
  );
  const tsaRoot = await selfSigned(dir, 'tsa-root', '/O=Signet Test/CN=Signet Test TSA Root', {
    ca: true,
    key: 'ec',
  });
  const tsa = await issue(dir, 'tsa', '/O=Signet Test/CN=Signet Test TSA', tsaRoot, TSA_EXTENSIONS, {
    key: 'ec',
  });
  return { root, leaf, tsaRoot, tsa };
}
