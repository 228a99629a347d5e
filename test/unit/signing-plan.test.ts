import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planKeySigning, refuseSharedOutputs } from '../../electron/core/sign/signing-plan';

// Each key's part of a release, planned before any passphrase: what it writes, and no two keys
// writing the same file.

const folder = '/releases/acme-7.0';
const files = [join(folder, 'acme.tar.gz'), join(folder, 'acme.zip')];

describe('planKeySigning', () => {
  it('minisign: FILE.minisig, and SHA256SUMS with its signature first when asked', async () => {
    const plan = await planKeySigning(files, 'minisign', { checksums: true });
    expect(plan.outputs).toEqual([
      join(folder, 'SHA256SUMS'),
      join(folder, 'SHA256SUMS.minisig'),
      `${files[0]}.minisig`,
      `${files[1]}.minisig`,
    ]);
    expect(plan.listPath).toBe(join(folder, 'SHA256SUMS'));
  });

  it('OpenPGP: apache by default, and the node style writes only the list and its two signatures', async () => {
    const apache = await planKeySigning(files, 'openpgp');
    expect(apache.style?.name).toBe('apache');
    expect(apache.outputsOf.get(files[0] as string)).toEqual([`${files[0]}.asc`, `${files[0]}.sha512`]);
    const node = await planKeySigning(files, 'openpgp', { style: 'node' });
    expect(node.outputs).toEqual(
      ['SHASUMS256.txt', 'SHASUMS256.txt.asc', 'SHASUMS256.txt.sig'].map((n) => join(folder, n)),
    );
    await expect(planKeySigning(files, 'openpgp', { style: 'tor' })).rejects.toThrow(/not "tor"/);
  });
});

describe('refuseSharedOutputs', () => {
  it('lets minisign and OpenPGP apache sign side by side', async () => {
    const parts = [
      { name: 'Mini', outputs: (await planKeySigning(files, 'minisign', { checksums: true })).outputs },
      { name: 'Pgp', outputs: (await planKeySigning(files, 'openpgp')).outputs },
    ];
    expect(() => refuseSharedOutputs(files, parts)).not.toThrow();
  });

  it('refuses minisign’s SHA256SUMS beside the debian style’s, and a key that would write over a signed file', async () => {
    const parts = [
      { name: 'Mini', outputs: (await planKeySigning(files, 'minisign', { checksums: true })).outputs },
      { name: 'Pgp', outputs: (await planKeySigning(files, 'openpgp', { style: 'debian' })).outputs },
    ];
    expect(() => refuseSharedOutputs(files, parts)).toThrow(
      `Both “Mini” and “Pgp” would write ${join(folder, 'SHA256SUMS')}.`,
    );
    const over = [...files, `${files[0]}.asc`];
    expect(() => refuseSharedOutputs(over, [{ name: 'Pgp', outputs: [`${files[0]}.asc`] }])).toThrow(
      `“Pgp” would write ${files[0]}.asc, a file being signed.`,
    );
  });
});
