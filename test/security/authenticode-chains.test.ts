import { createPrivateKey, sign } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readEmbeddedSignature } from '../../electron/core/formats/authenticode/embedded-signature';
import { readAuthenticode } from '../../electron/core/formats/authenticode/signed-data';
import { readWinCertificates } from '../../electron/core/formats/authenticode/win-certificate';
import { osslsign, osslverify } from '../helpers/authenticode-sign';
import { derOfPem, signetVerify } from '../helpers/authenticode-verdict';
import { tinyPe } from '../helpers/pe-writer';
import { signet } from '../helpers/run';
import { tempDir } from '../helpers/temp-dir';
import { CA_EXTENSIONS, CODE_SIGNING_EXTENSIONS, type Issued, issue, selfSigned } from '../helpers/x509-ca';

// Hostile certificate chains under a trusted root, each built with openssl and used by
// osslsigncode to sign a small program. RFC 5280 path validation (and Windows' EKU nesting)
// must refuse every one; the well-formed controls beside them must still verify.

let dir: string;
let root: Issued;
let roots: Uint8Array[];
let unsigned: string;

beforeAll(async () => {
  dir = await tempDir('signet-authenticode-chains-');
  root = await selfSigned(dir, 'root', '/O=Chain Test/CN=Chain Test Root', { ca: true });
  roots = [await derOfPem(root.cert)];
  unsigned = join(dir, 'unsigned.exe');
  await writeFile(unsigned, tinyPe());
}, 60_000);

async function signedBy(name: string, leaf: Issued, chain: Issued[]): Promise<string> {
  const out = join(dir, `${name}.exe`);
  await osslsign(unsigned, out, leaf, { chain: chain.map((c) => c.cert) });
  return out;
}

async function expectVerdict(file: string, verdict: string, rule?: string) {
  const { verdict: got, answer } = await signetVerify(file, { roots });
  expect(got, JSON.stringify(answer)).toBe(verdict);
  if (rule) expect(answer.kind === 'checked' && answer.check.rule).toBe(rule);
  return answer;
}

describe('RFC 5280 path validation for Authenticode chains', () => {
  it('a sub-CA constrained to O=Allowed Org cannot vouch for “Microsoft Corporation”', async () => {
    const sub = await issue(dir, 'nc-ca', '/O=Allowed Org/CN=Allowed Org CA', root, [
      ...CA_EXTENSIONS,
      'nameConstraints=critical,permitted;dirName:nc_dir',
      '[nc_dir]',
      'O=Allowed Org',
    ]);
    const forged = await issue(
      dir,
      'nc-forged',
      '/O=Microsoft Corporation/CN=Microsoft Corporation',
      sub,
      CODE_SIGNING_EXTENSIONS,
    );
    const file = await signedBy('nc-forged', forged, [sub]);
    const answer = await expectVerdict(file, 'unknown-signer', 'chain-invalid');
    expect(answer.kind === 'checked' && answer.check.reason).toMatch(/name its issuer may not give/);
    expect(await osslverify(file, root.cert)).toBe(false);

    const own = await issue(dir, 'nc-own', '/O=Allowed Org/CN=Allowed Tool', sub, CODE_SIGNING_EXTENSIONS);
    const good = await signedBy('nc-own', own, [sub]);
    await expectVerdict(good, 'verified');
    expect(await osslverify(good, root.cert)).toBe(true);
  });

  it('a pathLen:0 CA cannot have a sub-CA under it', async () => {
    const ca0 = await issue(dir, 'pl-ca', '/CN=PathLen Zero CA', root, [
      'basicConstraints=critical,CA:true,pathlen:0',
      'keyUsage=critical,keyCertSign,cRLSign',
    ]);
    const sub = await issue(dir, 'pl-sub', '/CN=PathLen Sub CA', ca0, CA_EXTENSIONS);
    const leaf = await issue(dir, 'pl-leaf', '/O=Deep Leaf/CN=Deep Leaf', sub, CODE_SIGNING_EXTENSIONS);
    const file = await signedBy('pathlen', leaf, [sub, ca0]);
    await expectVerdict(file, 'unknown-signer', 'chain-invalid');
    expect(await osslverify(file, root.cert)).toBe(false);

    const direct = await issue(dir, 'pl-direct', '/O=Direct Leaf/CN=Direct', ca0, CODE_SIGNING_EXTENSIONS);
    const good = await signedBy('pathlen-ok', direct, [ca0]);
    await expectVerdict(good, 'verified');
    expect(await osslverify(good, root.cert)).toBe(true);
  });

  it('a CA without keyCertSign in its key usage cannot issue', async () => {
    const ca = await issue(dir, 'ku-ca', '/CN=No CertSign CA', root, [
      'basicConstraints=critical,CA:true',
      'keyUsage=critical,digitalSignature,cRLSign',
    ]);
    const leaf = await issue(dir, 'ku-leaf', '/O=KU Leaf/CN=KU Leaf', ca, CODE_SIGNING_EXTENSIONS);
    const file = await signedBy('keyusage', leaf, [ca]);
    await expectVerdict(file, 'unknown-signer', 'chain-invalid');
    expect(await osslverify(file, root.cert)).toBe(false);
  });

  it('a leaf with an unknown critical extension is refused', async () => {
    const ca = await issue(dir, 'crit-ca', '/CN=Critical Test CA', root, CA_EXTENSIONS);
    const leaf = await issue(dir, 'crit-leaf', '/O=Critical Leaf/CN=Critical Leaf', ca, [
      ...CODE_SIGNING_EXTENSIONS,
      '1.3.6.1.4.1.55555.1=critical,ASN1:UTF8String:must be understood',
    ]);
    const file = await signedBy('critical', leaf, [ca]);
    const answer = await expectVerdict(file, 'unknown-signer', 'chain-invalid');
    expect(answer.kind === 'checked' && answer.check.reason).toMatch(/critical extension/);
    expect(await osslverify(file, root.cert)).toBe(false);
  });

  it('an intermediate whose EKU allows only serverAuth cannot issue a code-signing leaf; anyEKU can', async () => {
    const tls = await issue(dir, 'eku-tls', '/CN=TLS Only CA', root, [
      ...CA_EXTENSIONS,
      'extendedKeyUsage=serverAuth',
    ]);
    const leaf = await issue(dir, 'eku-leaf', '/O=EKU Leaf/CN=EKU Leaf', tls, CODE_SIGNING_EXTENSIONS);
    const file = await signedBy('eku-nested', leaf, [tls]);
    await expectVerdict(file, 'unknown-signer', 'chain-invalid');
    // OpenSSL does not nest EKUs (Windows does), so osslsigncode accepts this one.
    expect(await osslverify(file, root.cert)).toBe(true);

    for (const [name, eku] of [
      ['eku-any', 'extendedKeyUsage=anyExtendedKeyUsage'],
      ['eku-code', 'extendedKeyUsage=codeSigning,serverAuth'],
    ] as const) {
      const ca = await issue(dir, `${name}-ca`, `/CN=${name} CA`, root, [...CA_EXTENSIONS, eku]);
      const ok = await issue(dir, `${name}-leaf`, `/O=${name}/CN=${name}`, ca, CODE_SIGNING_EXTENSIONS);
      await expectVerdict(await signedBy(name, ok, [ca]), 'verified');
    }
  });

  it('leaves signed with SHA-1 or MD5 are refused, through the policy', async () => {
    const ca = await issue(dir, 'weak-ca', '/CN=Weak Signing CA', root, CA_EXTENSIONS);
    for (const digest of ['sha1', 'md5'] as const) {
      const leaf = await issue(
        dir,
        `weak-${digest}`,
        `/O=Weak ${digest}/CN=Weak`,
        ca,
        CODE_SIGNING_EXTENSIONS,
        {
          digest,
        },
      );
      const file = await signedBy(`weak-${digest}`, leaf, [ca]);
      const answer = await expectVerdict(file, 'malformed', 'weak-signature-algorithm');
      expect(answer.kind === 'checked' && answer.check.reason).toMatch(digest.toUpperCase());
      // osslsigncode accepts both: refusing them is Signet's policy, as for SHA-1 file digests.
      expect(await osslverify(file, root.cert)).toBe(true);
    }
  });

  it('a SignerInfo signed with md5WithRSAEncryption is refused (CLI too)', async () => {
    const ca = await issue(dir, 'md5si-ca', '/CN=MD5 SignerInfo CA', root, CA_EXTENSIONS);
    const leaf = await issue(dir, 'md5si-leaf', '/O=MD5 Signer/CN=MD5 Signer', ca, CODE_SIGNING_EXTENSIONS);
    const good = await signedBy('md5si-good', leaf, [ca]);
    await expectVerdict(good, 'verified');

    // Re-sign the same signed attributes with MD5 and name md5WithRSAEncryption: same lengths,
    // so the certificate table keeps its size and the image digest still matches.
    const bytes = await readFile(good);
    const table = await readEmbeddedSignature(good);
    if (!table) throw new Error('no signature');
    const [sig] = readWinCertificates(table).flatMap(readAuthenticode);
    if (!sig?.signer.signedAttrs) throw new Error('no signed attributes');
    const old = Buffer.from(sig.signer.signature.valueBlock.valueHexView);
    const at = bytes.indexOf(old);
    const rsaOid = Buffer.from('06092a864886f70d010101', 'hex');
    const oidAt = bytes.lastIndexOf(rsaOid, at);
    expect(at).toBeGreaterThan(0);
    expect(at - oidAt).toBeLessThan(20);
    const attrs = Buffer.from(sig.signer.signedAttrs.encodedValue);
    attrs[0] = 0x31;
    const md5 = sign('md5', attrs, createPrivateKey(await readFile(leaf.key)));
    expect(md5.length).toBe(old.length);
    bytes[oidAt + rsaOid.length - 1] = 0x04;
    md5.copy(bytes, at);
    const file = join(dir, 'md5-signerinfo.exe');
    await writeFile(file, bytes);
    await expectVerdict(file, 'malformed', 'weak-signature-algorithm');
    const cli = await signet(['verify', file, '--ca-roots', root.cert, '--json'], join(dir, 'config'));
    expect(JSON.parse(cli.stdout).verdict).toBe('malformed');
  });
});
