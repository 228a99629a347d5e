import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SignetError } from '../../electron/core/errors';
import { keyIdFromKeyNum } from '../../electron/core/formats/minisign/key-id';
import { formatMinisignPublicKey } from '../../electron/core/formats/minisign/public-key';
import {
  generateMinisignKeyPair,
  type MinisignSecretKey,
} from '../../electron/core/formats/minisign/secret-key';
import { signFile } from '../../electron/core/sign/sign-file';
import { writeSignedChecksumList } from '../../electron/core/sign/write-checksum-list';
import type { TrustedSigner } from '../../electron/core/trust/trust-store';
import { verifyArtifact } from '../../electron/core/verify/verify-artifact';
import { tempDir } from '../helpers/temp-dir';

let dir: string;
let alice: MinisignSecretKey;
let bob: MinisignSecretKey;
let trusted: TrustedSigner[];

const asTrusted = (
  key: MinisignSecretKey,
  name: string,
  source: 'user' | 'managed' = 'user',
): TrustedSigner => ({
  keyId: keyIdFromKeyNum(key.keyNum),
  name,
  kind: 'minisign',
  publicKey: Buffer.from(key.publicKey).toString('base64'),
  keyNum: Buffer.from(key.keyNum).toString('base64'),
  source,
  addedAt: new Date(0).toISOString(),
});

async function folder(name: string): Promise<string> {
  const path = join(dir, name);
  await mkdir(path);
  return path;
}

beforeAll(async () => {
  dir = await tempDir();
  alice = generateMinisignKeyPair();
  bob = generateMinisignKeyPair();
  trusted = [asTrusted(alice, 'Alice')];
});

describe('verifyArtifact', () => {
  it('names the signer from the trust list and reports the signed details', async () => {
    const d = await folder('named');
    await writeFile(join(d, 'app.bin'), 'app');
    await signFile(join(d, 'app.bin'), alice, {
      trustedComment: 'timestamp:1700000000\tfile:app.bin\thashed',
    });
    const r = await verifyArtifact(join(d, 'app.bin'), { trusted });
    expect(r).toMatchObject({
      verdict: 'verified',
      signerName: 'Alice',
      signerManaged: false,
      format: 'minisign',
      signedAt: '2023-11-14T22:13:20.000Z',
      signatureFile: join(d, 'app.bin.minisig'),
      sha256: createHash('sha256').update('app').digest('hex'),
    });
  });

  it('counts every candidate: a damaged .minisig never hides a good .sig, and alone it is reported', async () => {
    const d = await folder('order');
    await writeFile(join(d, 'x.bin'), 'x');
    await signFile(join(d, 'x.bin'), alice, { signatureFile: join(d, 'x.bin.sig') });
    await writeFile(join(d, 'x.bin.minisig'), 'untrusted comment: broken\n');
    const r = await verifyArtifact(join(d, 'x.bin'), { trusted });
    expect(r.verdict).toBe('verified');
    expect(r.signatureFile).toBe(join(d, 'x.bin.sig'));
    await rm(join(d, 'x.bin.sig'));
    const alone = await verifyArtifact(join(d, 'x.bin'), { trusted });
    expect(alone.verdict).toBe('malformed');
    expect(alone.signatureFile).toBe(join(d, 'x.bin.minisig'));
  });

  it('finds a signed SHA256SUMS naming the file, and the managed name wins', async () => {
    const d = await folder('list');
    await writeFile(join(d, 'a.bin'), 'a');
    await writeFile(join(d, 'b.bin'), 'b');
    await writeSignedChecksumList([join(d, 'a.bin'), join(d, 'b.bin')], bob, {
      listPath: join(d, 'SHA256SUMS'),
    });
    const r = await verifyArtifact(join(d, 'b.bin'), { trusted: [asTrusted(bob, 'Corp', 'managed')] });
    expect(r).toMatchObject({
      verdict: 'verified',
      format: 'checksum-list',
      signerName: 'Corp',
      signerManaged: true,
      checksumList: join(d, 'SHA256SUMS'),
    });
    const unknown = await verifyArtifact(join(d, 'b.bin'), { trusted });
    expect(unknown.verdict).toBe('unknown-signer');
  });

  it('an unsigned checksum list is not a signature, and says so', async () => {
    const d = await folder('unsigned');
    await writeFile(join(d, 'a.bin'), 'a');
    await writeFile(
      join(d, 'SHA256SUMS'),
      'ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb  a.bin\n',
    );
    const r = await verifyArtifact(join(d, 'a.bin'), { trusted });
    expect(r.verdict).toBe('no-signature');
    expect(r.reason).toContain('not signed');
  });

  it('a signed list with an unsafe entry is malformed, even when the artifact itself matches', async () => {
    const d = await folder('unsafe');
    await writeFile(join(d, 'a.bin'), 'a');
    await writeFile(
      join(d, 'SHA256SUMS'),
      'ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb  a.bin\nca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb  /etc/passwd\n',
    );
    await signFile(join(d, 'SHA256SUMS'), alice);
    const r = await verifyArtifact(join(d, 'a.bin'), { trusted });
    expect(r.verdict).toBe('malformed');
  });

  it('a given public key replaces the trust list; another key is unknown-signer', async () => {
    const d = await folder('given');
    await writeFile(join(d, 'g.bin'), 'g');
    await signFile(join(d, 'g.bin'), bob);
    const withBob = await verifyArtifact(join(d, 'g.bin'), { publicKeyText: formatMinisignPublicKey(bob) });
    expect(withBob.verdict).toBe('verified');
    expect(withBob.signerName).toMatch(/^the public key you gave/);
    const withAlice = await verifyArtifact(join(d, 'g.bin'), {
      publicKeyText: formatMinisignPublicKey(alice),
    });
    expect(withAlice.verdict).toBe('unknown-signer');
    const badKey = await verifyArtifact(join(d, 'g.bin'), { publicKeyText: 'RWQ!!!' });
    expect(badKey.verdict).toBe('malformed');
  });

  it('an OpenPGP signature is malformed with a reason that says what it is', async () => {
    const d = await folder('pgp');
    await writeFile(join(d, 'p.bin'), 'p');
    await writeFile(join(d, 'p.bin.sig'), Buffer.from([0x89, 0x01, 0x33, 0x04, 0x00]));
    const r = await verifyArtifact(join(d, 'p.bin'), { trusted });
    expect(r.verdict).toBe('malformed');
    expect(r.reason).toContain('OpenPGP');
  });

  it('a folder, a FIFO-like non-file, or a missing file is never verified', async () => {
    const d = await folder('odd');
    expect((await verifyArtifact(d, { trusted })).verdict).toBe('malformed');
    expect((await verifyArtifact(join(d, 'missing'), { trusted })).verdict).toBe('malformed');
  });

  it('cancellation throws a cancelled error instead of returning a verdict', async () => {
    const d = await folder('cancel');
    await writeFile(join(d, 'big.bin'), Buffer.alloc(8 << 20));
    await signFile(join(d, 'big.bin'), alice);
    const controller = new AbortController();
    controller.abort();
    await expect(
      verifyArtifact(join(d, 'big.bin'), { trusted, signal: controller.signal }),
    ).rejects.toBeInstanceOf(SignetError);
  });

  it('a signature copied next to another file is for the file its signed comment names, never verified', async () => {
    const d = await folder('copied');
    await writeFile(join(d, 'one.bin'), 'one');
    await writeFile(join(d, 'two.bin'), 'two');
    await signFile(join(d, 'one.bin'), alice);
    await writeFile(join(d, 'two.bin.minisig'), await readFile(join(d, 'one.bin.minisig')));
    const result = await verifyArtifact(join(d, 'two.bin'), { trusted });
    expect(result.verdict).toBe('unknown-signer');
    expect(result.reason).toBe('This signature is for one.bin, not for this file.');
  });
});
