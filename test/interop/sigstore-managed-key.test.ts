import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  makeTestLog,
  opensslKeyPair,
  type SignerKind,
  writeOpensslBundle,
} from '../helpers/sigstore-managed-bundle';
import { verifySigstoreFiles } from '../helpers/sigstore-verify-files';
import { tempDir } from '../helpers/temp-dir';

let dir: string;
let artifactPath: string;

beforeAll(async () => {
  dir = await tempDir('signet-sigstore-');
  artifactPath = path.join(dir, 'release.tar.gz');
  writeFileSync(artifactPath, randomBytes(300_000));
});

describe.each<SignerKind>(['ec-p256', 'ec-p384', 'rsa-2048'])(
  'managed-key bundle, %s key and signature from openssl',
  (kind) => {
    let made: ReturnType<typeof writeOpensslBundle>;
    beforeAll(() => {
      made = writeOpensslBundle(dir, kind, kind, artifactPath, makeTestLog());
    });

    it('verifies with the key given, naming it as the signer', async () => {
      const result = await verifySigstoreFiles({
        artifactPath,
        bundlePath: made.bundlePath,
        trustedRootPath: made.rootPath,
        publicKeyPath: made.publicPath,
        trust: [],
      });
      expect(result.outcome, result.reason).toBe('valid');
      if (result.outcome !== 'valid') return;
      expect(result.signerName).toBe(made.publicPath);
      expect(result.signedAtSource).toBe('transparency-log');
    });

    it('is an unknown signer (not a changed file) with another openssl key', async () => {
      const other = opensslKeyPair(dir, `${kind}-other`, kind);
      const result = await verifySigstoreFiles({
        artifactPath,
        bundlePath: made.bundlePath,
        trustedRootPath: made.rootPath,
        publicKeyPath: other.publicPath,
        trust: [],
      });
      expect(result.outcome).toBe('unknown-signer');
      expect(result.reason).toContain('different key');
    });

    it('is tampered when one byte of the file changes', async () => {
      const changed = path.join(dir, `${kind}-changed.tar.gz`);
      const bytes = readFileSync(artifactPath);
      bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 1;
      writeFileSync(changed, bytes);
      const result = await verifySigstoreFiles({
        artifactPath: changed,
        bundlePath: made.bundlePath,
        trustedRootPath: made.rootPath,
        publicKeyPath: made.publicPath,
        trust: [],
      });
      expect(result.outcome).toBe('invalid');
    });

    it('is not verified without a key, nor against the public-good root', async () => {
      const noKey = await verifySigstoreFiles({
        artifactPath,
        bundlePath: made.bundlePath,
        trustedRootPath: made.rootPath,
        trust: [],
      });
      expect(noKey.outcome).toBe('unknown-signer');
      const publicGood = await verifySigstoreFiles({
        artifactPath,
        bundlePath: made.bundlePath,
        publicKeyPath: made.publicPath,
        trust: [],
      });
      expect(publicGood.outcome).not.toBe('valid');
    });
  },
);

describe('the log and its trusted root', () => {
  it('a log key not yet valid when the entry was logged is refused', async () => {
    const made = writeOpensslBundle(
      dir,
      'future-log',
      'ec-p256',
      artifactPath,
      makeTestLog(new Date(Date.now() + 3600_000)),
    );
    const result = await verifySigstoreFiles({
      artifactPath,
      bundlePath: made.bundlePath,
      trustedRootPath: made.rootPath,
      publicKeyPath: made.publicPath,
      trust: [],
    });
    expect(result.outcome).not.toBe('valid');
  });

  it('a bundle signed by one log is refused under a root that lists another', async () => {
    const made = writeOpensslBundle(dir, 'other-log', 'ec-p256', artifactPath, makeTestLog());
    const otherRoot = path.join(dir, 'unrelated.trusted_root.json');
    writeFileSync(otherRoot, JSON.stringify(makeTestLog().trustedRootJson));
    const result = await verifySigstoreFiles({
      artifactPath,
      bundlePath: made.bundlePath,
      trustedRootPath: otherRoot,
      publicKeyPath: made.publicPath,
      trust: [],
    });
    expect(result.outcome).not.toBe('valid');
  });
});
