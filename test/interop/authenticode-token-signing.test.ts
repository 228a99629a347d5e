import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildMsi } from '../helpers/authenticode-msi';
import { osslverify } from '../helpers/authenticode-sign';
import { derOfPem, signetVerify } from '../helpers/authenticode-verdict';
import { tinyPe } from '../helpers/pe-writer';
import { signet } from '../helpers/run';
import { importKey, SOFTHSM_MODULE, type SoftToken, softToken } from '../helpers/softhsm';
import { tempDir } from '../helpers/temp-dir';
import { signetInTerminal } from '../helpers/terminal';
import { CA_EXTENSIONS, CODE_SIGNING_EXTENSIONS, type Issued, issue, selfSigned } from '../helpers/x509-ca';

/**
 * End to end with a key on a SoftHSM2 token: `signet key add-token`, then `signet sign` with the
 * PIN from SIGNET_PASSPHRASE signs programs and MSI packages (with and without
 * MsiDigitalSignatureEx); osslsigncode verify and Signet's verifier accept each.
 */
let dir: string;
let root: Issued;
let intermediate: Issued;
let token: SoftToken;
let config: string;
let keyIds: Record<'rsa' | 'ec', string>;

beforeAll(async () => {
  dir = await tempDir('signet-token-signing-');
  root = await selfSigned(dir, 'root', '/O=Token Signing CA/CN=Token Signing Root', { ca: true, key: 'ec' });
  intermediate = await issue(
    dir,
    'int',
    '/O=Token Signing CA/CN=Token Signing Issuing CA',
    root,
    CA_EXTENSIONS,
    {
      key: 'ec',
    },
  );
  const rsa = await issue(
    dir,
    'rsa',
    '/O=Hardware Maker RSA/CN=Hardware Maker RSA',
    intermediate,
    CODE_SIGNING_EXTENSIONS,
  );
  const ec = await issue(
    dir,
    'ec',
    '/O=Hardware Maker EC/CN=Hardware Maker EC',
    intermediate,
    CODE_SIGNING_EXTENSIONS,
    {
      key: 'ec',
    },
  );
  token = await softToken(dir, 'release-token');
  await importKey(token, dir, rsa, rsa.cert, '01', 'rsa');
  await importKey(token, dir, ec, ec.cert, '02', 'ec');
  await importKey(token, dir, undefined, intermediate.cert, '10', 'issuing-ca');
  config = join(dir, 'config');
  keyIds = { rsa: '', ec: '' };
  for (const kind of ['rsa', 'ec'] as const) {
    const added = await signet(['key', 'add-token', '--module', SOFTHSM_MODULE, '--label', kind], config);
    expect(added.status, added.stderr).toBe(0);
    keyIds[kind] = /\(([0-9A-F]{16})\)/.exec(added.stdout)![1]!;
  }
  return () => token.remove();
});

const sha256 = async (file: string) =>
  createHash('sha256')
    .update(await readFile(file))
    .digest('hex');

async function accepted(file: string, signer: string) {
  expect(await osslverify(file, root.cert), 'osslsigncode verify').toBe(true);
  const { verdict, answer } = await signetVerify(file, { roots: [await derOfPem(root.cert)] });
  expect(verdict, JSON.stringify(answer)).toBe('verified');
  expect(answer.kind === 'checked' && answer.check.signerName).toBe(signer);
}

describe('Authenticode with a key on a hardware token', () => {
  it('signet sign signs a program with the token key (RSA and ECDSA), the PIN asked as a passphrase', async () => {
    for (const [kind, signer] of [
      ['rsa', 'Hardware Maker RSA'],
      ['ec', 'Hardware Maker EC'],
    ] as const) {
      const file = join(dir, `${kind}.exe`);
      await writeFile(file, tinyPe({ format: kind === 'rsa' ? 'PE32' : 'PE32+' }));
      const signed = await signet(['sign', '--key', keyIds[kind], file], config, {
        SIGNET_PASSPHRASE: token.pin,
      });
      expect(signed.status, signed.stderr).toBe(0);
      await accepted(file, signer);
    }
  });

  it('at a terminal, the PIN prompt names the token, as its module named it when the key was added', async () => {
    const file = join(dir, 'prompted.exe');
    await writeFile(file, tinyPe());
    const r = await signetInTerminal(
      ['sign', '--key', keyIds.ec, file],
      { SIGNET_CONFIG_DIR: config },
      /PIN of/,
      async () => token.pin,
    );
    expect(r.status, r.output).toBe(0);
    expect(r.prompts).toEqual([
      `PIN of the hardware token “${token.label}” holding "Hardware Maker EC" (${keyIds.ec}): `,
    ]);
    await accepted(file, 'Hardware Maker EC');
  });

  it('a wrong PIN signs nothing and leaves the file as it was', async () => {
    const file = join(dir, 'wrong-pin.exe');
    await writeFile(file, tinyPe());
    const before = await sha256(file);
    const refused = await signet(['sign', '--key', keyIds.ec, file], config, { SIGNET_PASSPHRASE: '0000' });
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/PIN is wrong/);
    expect(await sha256(file)).toBe(before);
  });

  it('signet sign signs an MSI with the token key, with and without MsiDigitalSignatureEx', async () => {
    for (const extra of [[], ['--msi-ex']]) {
      const unsigned = await buildMsi(dir, `token-package${extra.length}`);
      const signed = await signet(['sign', '--key', keyIds.ec, ...extra, unsigned], config, {
        SIGNET_PASSPHRASE: token.pin,
      });
      expect(signed.status, signed.stderr).toBe(0);
      await accepted(unsigned, 'Hardware Maker EC');
    }
  });
});
