import { spawnSync } from 'node:child_process';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { bundleFromJSON } from '@sigstore/bundle';
import { initializeTLog, rekorHandler } from '@sigstore/mock';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { toSignedEntity, toTrustMaterial, Verifier } from '@sigstore/verify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWithManagedKey } from '../../electron/core/formats/sigstore/managed-key-sign';
import { signet } from '../helpers/run';
import { verifySigstoreFiles } from '../helpers/sigstore-verify-files';
import { tempDir } from '../helpers/temp-dir';

/**
 * Managed-key Sigstore bundles Signet makes (cosign `sign-blob --key` style): checked by Signet
 * with the key given, by sigstore-js's own verifier, and the bare signature by openssl. The log
 * case records the signature in @sigstore/mock's Rekor, served on loopback.
 */

let dir: string;
let artifactPath: string;
let keyPath: string;
let publicPath: string;
let otherPublicPath: string;
let sha256: Buffer;

const openssl = (args: string[]) => spawnSync('/usr/bin/openssl', args, { cwd: dir, encoding: 'utf8' });

beforeAll(async () => {
  dir = await tempDir('signet-sigstore-key-');
  artifactPath = path.join(dir, 'release.tar.gz');
  const artifact = randomBytes(200_000);
  writeFileSync(artifactPath, artifact);
  sha256 = createHash('sha256').update(artifact).digest();
  keyPath = path.join(dir, 'key.pem');
  publicPath = path.join(dir, 'key.pub.pem');
  otherPublicPath = path.join(dir, 'other.pub.pem');
  // openssl makes the key, as an organisation's own tooling would.
  expect(
    openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', keyPath]).status,
  ).toBe(0);
  expect(openssl(['pkey', '-in', keyPath, '-pubout', '-out', publicPath]).status).toBe(0);
  const other = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  writeFileSync(otherPublicPath, other.publicKey.export({ format: 'pem', type: 'spki' }));
});

const privateKey = () => createPrivateKey(readFileSync(keyPath, 'utf8'));

async function writeBundle(name: string, log: Parameters<typeof signWithManagedKey>[0]['log']) {
  const signed = await signWithManagedKey({ privateKey: privateKey(), sha256, log });
  const bundlePath = path.join(dir, `${name}.sigstore.json`);
  writeFileSync(bundlePath, JSON.stringify(signed.bundle));
  return { ...signed, bundlePath };
}

/** sigstore-js's own verifier, with the managed key as the only key it knows. */
function sigstoreJsVerify(bundleJson: unknown, rootJson: unknown, thresholds: { tlog: number }): void {
  const bundle = bundleFromJSON(bundleJson);
  const entity = toSignedEntity(bundle, readFileSync(artifactPath));
  const publicKey = createPublicKey(readFileSync(publicPath, 'utf8'));
  const material = toTrustMaterial(TrustedRoot.fromJSON(rootJson), () => ({
    publicKey,
    validFor: () => true,
  }));
  new Verifier(material, {
    tlogThreshold: thresholds.tlog,
    ctlogThreshold: 0,
    timestampThreshold: thresholds.tlog,
  }).verify(entity);
}

const EMPTY_ROOT = {
  mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
  tlogs: [],
  certificateAuthorities: [],
  ctlogs: [],
  timestampAuthorities: [],
};

describe('a managed-key bundle with no transparency log (--no-tlog)', () => {
  let made: Awaited<ReturnType<typeof writeBundle>>;
  beforeAll(async () => {
    made = await writeBundle('unlogged', { kind: 'none' });
  });

  it('has a key hint, no certificate, a message signature over the SHA-256, and no log entry', () => {
    const b = made.bundle;
    expect(b.mediaType).toBe('application/vnd.dev.sigstore.bundle.v0.3+json');
    expect(b.verificationMaterial.publicKey?.hint).toBe(
      createHash('sha256')
        .update(Buffer.from(made.publicKeyPem.replace(/-----[^-]+-----|\s/g, ''), 'base64'))
        .digest('base64'),
    );
    expect(b.verificationMaterial.certificate).toBeUndefined();
    expect(b.verificationMaterial.tlogEntries ?? []).toEqual([]);
    expect(Buffer.from(b.messageSignature?.messageDigest?.digest ?? '', 'base64').equals(sha256)).toBe(true);
  });

  it('openssl checks the signature as ECDSA over the file’s SHA-256', () => {
    const sigPath = path.join(dir, 'unlogged.sig');
    writeFileSync(sigPath, Buffer.from(made.bundle.messageSignature?.signature ?? '', 'base64'));
    const result = openssl(['dgst', '-sha256', '-verify', publicPath, '-signature', sigPath, artifactPath]);
    expect(result.stdout).toContain('Verified OK');
  });

  it('sigstore-js verifies it with the key and no log', () => {
    expect(() => sigstoreJsVerify(made.bundle, EMPTY_ROOT, { tlog: 0 })).not.toThrow();
  });

  it('Signet verifies it against the key given, and says nothing vouches for the time', async () => {
    const result = await verifySigstoreFiles({
      artifactPath,
      bundlePath: made.bundlePath,
      publicKeyPath: publicPath,
      trust: [],
    });
    expect(result.outcome, result.reason).toBe('valid');
    if (result.outcome === 'malformed') return;
    expect(result.signedAt).toBeUndefined();
    expect(result.facts).toMatchObject({ kind: 'sigstore', logIndexes: [] });
    expect(result.details).toContainEqual(expect.objectContaining({ label: 'Transparency log' }));
  });

  it('never passes without the key, with another key, or for a changed file', async () => {
    const noKey = await verifySigstoreFiles({ artifactPath, bundlePath: made.bundlePath, trust: [] });
    expect(noKey.outcome).toBe('unknown-signer');
    const other = await verifySigstoreFiles({
      artifactPath,
      bundlePath: made.bundlePath,
      publicKeyPath: otherPublicPath,
      trust: [],
    });
    expect(other.outcome).not.toBe('valid');
    const changedPath = path.join(dir, 'changed.tar.gz');
    const bytes = readFileSync(artifactPath);
    bytes[0] = (bytes[0] ?? 0) ^ 1;
    writeFileSync(changedPath, bytes);
    const changed = await verifySigstoreFiles({
      artifactPath: changedPath,
      bundlePath: made.bundlePath,
      publicKeyPath: publicPath,
      trust: [],
    });
    expect(changed.outcome).toBe('invalid');
  });

  it('refuses a key that is not ECDSA P-256', async () => {
    const ed = generateKeyPairSync('ed25519').privateKey;
    await expect(signWithManagedKey({ privateKey: ed, sha256, log: { kind: 'none' } })).rejects.toThrow(
      /P-256/,
    );
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey;
    await expect(signWithManagedKey({ privateKey: p384, sha256, log: { kind: 'none' } })).rejects.toThrow(
      /P-256/,
    );
  });
});

describe('a managed-key bundle recorded in a Rekor log on loopback', () => {
  let server: Server;
  let rekorUrl: string;
  let rootJson: unknown;
  let rootPath: string;

  beforeAll(async () => {
    const keyPair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    let handler: ReturnType<typeof rekorHandler> | undefined;
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (c) => (body += c));
      request.on('end', async () => {
        if (!handler || request.method !== 'POST' || request.url !== handler.path) {
          response.writeHead(404).end();
          return;
        }
        const answer = await handler.fn(body);
        response.writeHead(answer.statusCode, { 'content-type': answer.contentType ?? 'text/plain' });
        response.end(answer.response);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    rekorUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    handler = rekorHandler(await initializeTLog(rekorUrl, keyPair));
    const spki = keyPair.publicKey.export({ format: 'der', type: 'spki' });
    rootJson = {
      ...EMPTY_ROOT,
      tlogs: [
        {
          baseUrl: rekorUrl,
          hashAlgorithm: 'SHA2_256',
          publicKey: {
            rawBytes: spki.toString('base64'),
            keyDetails: 'PKIX_ECDSA_P256_SHA_256',
            validFor: { start: new Date(Date.now() - 3600_000).toISOString() },
          },
          logId: { keyId: createHash('sha256').update(spki).digest('base64') },
        },
      ],
    };
    rootPath = path.join(dir, 'rekor-root.json');
    writeFileSync(rootPath, JSON.stringify(rootJson));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('carries the log entry; Signet and sigstore-js verify it with the log’s root and the key', async () => {
    const made = await writeBundle('logged', { kind: 'rekor', url: rekorUrl, timeoutMs: 5000 });
    expect(made.logIndex).toBeDefined();
    expect(() => sigstoreJsVerify(made.bundle, rootJson, { tlog: 1 })).not.toThrow();
    const result = await verifySigstoreFiles({
      artifactPath,
      bundlePath: made.bundlePath,
      publicKeyPath: publicPath,
      trustedRootPath: rootPath,
      trust: [],
    });
    expect(result.outcome, result.reason).toBe('valid');
    if (result.outcome === 'malformed') return;
    expect(result.signedAtSource).toBe('transparency-log');
    expect(result.facts).toMatchObject({ logIndexes: [made.logIndex] });
  });

  it('a log the trusted root does not name is refused, even with the right key', async () => {
    const made = await writeBundle('logged-elsewhere', { kind: 'rekor', url: rekorUrl, timeoutMs: 5000 });
    const result = await verifySigstoreFiles({
      artifactPath,
      bundlePath: made.bundlePath,
      publicKeyPath: publicPath,
      trust: [],
    });
    expect(result.outcome).not.toBe('valid');
  });

  it('signet sign --sigstore-key --rekor-url records it; signet verify checks it with the log’s root', async () => {
    const file = path.join(dir, 'logged-by-cli.bin');
    writeFileSync(file, randomBytes(5000));
    const env = { SIGNET_PASSPHRASE: 'correct horse battery staple' };
    const configDir = path.join(dir, 'config');
    const encrypted = path.join(dir, 'key.enc.pem');
    openssl([
      'pkcs8',
      '-topk8',
      '-v2',
      'aes-256-cbc',
      '-in',
      keyPath,
      '-out',
      encrypted,
      '-passout',
      `pass:${env.SIGNET_PASSPHRASE}`,
    ]);
    const signed = await signet(
      ['sign', '--sigstore-key', encrypted, '--rekor-url', rekorUrl, file],
      configDir,
      env,
    );
    expect(signed.status, signed.stderr).toBe(0);
    expect(signed.stderr).toContain('become public');
    expect(signed.stdout).toMatch(/log index \d+/);
    const verified = await signet(
      ['verify', file, '--pubkey', publicPath, '--trusted-root', rootPath, '--json'],
      configDir,
    );
    expect(verified.status, verified.stdout).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({
      verdict: 'verified',
      signedAtSource: 'transparency-log',
    });
    // Without the log's root, the entry of an unknown log is not accepted.
    const publicGood = await signet(['verify', file, '--pubkey', publicPath], configDir);
    expect(publicGood.status).not.toBe(0);
  });

  it('a Rekor that is not there fails the signing with an error, not an unlogged bundle', async () => {
    await expect(
      signWithManagedKey({
        privateKey: privateKey(),
        sha256,
        log: { kind: 'rekor', url: 'http://127.0.0.1:9', timeoutMs: 2000 },
      }),
    ).rejects.toThrow();
  });
});

describe('signet sign --sigstore-key, then signet verify --pubkey (the built CLI)', () => {
  let configDir: string;
  let encryptedKey: string;
  let cliArtifact: string;
  const env = { SIGNET_PASSPHRASE: 'correct horse battery staple' };

  beforeAll(() => {
    configDir = path.join(dir, 'config');
    encryptedKey = path.join(dir, 'key.enc.pem');
    const made = openssl([
      'pkcs8',
      '-topk8',
      '-v2',
      'aes-256-cbc',
      '-in',
      keyPath,
      '-out',
      encryptedKey,
      '-passout',
      `pass:${env.SIGNET_PASSPHRASE}`,
    ]);
    expect(made.status, made.stderr).toBe(0);
    cliArtifact = path.join(dir, 'app-1.0.tar.gz');
    writeFileSync(cliArtifact, randomBytes(50_000));
  });

  it('--no-tlog: writes FILE.sigstore.json that verifies with --pubkey and with sigstore-js', async () => {
    const signed = await signet(
      ['sign', '--sigstore-key', encryptedKey, '--no-tlog', cliArtifact],
      configDir,
      env,
    );
    expect(signed.status, signed.stderr).toBe(0);
    expect(signed.stderr).toContain('not recording in any transparency log');
    expect(signed.stdout).toContain('(in no log)');
    const bundlePath = `${cliArtifact}.sigstore.json`;
    const activity = readFileSync(path.join(configDir, 'activity', 'activity.jsonl'), 'utf8');
    expect(JSON.parse(activity.trim().split('\n').at(-1) ?? '')).toMatchObject({
      file: cliArtifact,
      output: bundlePath,
      keyName: 'Sigstore key key.enc.pem',
    });
    const verified = await signet(['verify', cliArtifact, '--pubkey', publicPath, '--json'], configDir);
    expect(verified.status, verified.stdout + verified.stderr).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({
      verdict: 'verified',
      facts: { kind: 'sigstore', logIndexes: [] },
    });
    const other = await signet(['verify', cliArtifact, '--pubkey', otherPublicPath], configDir);
    expect(other.status).not.toBe(0);
    const bundle = bundleFromJSON(JSON.parse(readFileSync(bundlePath, 'utf8')));
    const entity = toSignedEntity(bundle, readFileSync(cliArtifact));
    const publicKey = createPublicKey(readFileSync(publicPath, 'utf8'));
    const material = toTrustMaterial(TrustedRoot.fromJSON(EMPTY_ROOT), () => ({
      publicKey,
      validFor: () => true,
    }));
    expect(() =>
      new Verifier(material, { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 }).verify(entity),
    ).not.toThrow();
    // Nothing is replaced without --force.
    const again = await signet(
      ['sign', '--sigstore-key', encryptedKey, '--no-tlog', cliArtifact],
      configDir,
      env,
    );
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('already exists');
  });

  it('refuses a wrong passphrase, a key that is not P-256, and minisign-only options, writing nothing', async () => {
    const fresh = path.join(dir, 'fresh.bin');
    writeFileSync(fresh, 'x');
    const wrong = await signet(['sign', '--sigstore-key', encryptedKey, '--no-tlog', fresh], configDir, {
      SIGNET_PASSPHRASE: 'wrong',
    });
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('passphrase does not open');
    const ed = path.join(dir, 'ed.pem');
    writeFileSync(ed, generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }));
    const notP256 = await signet(['sign', '--sigstore-key', ed, '--no-tlog', fresh], configDir);
    expect(notP256.status).toBe(2);
    expect(notP256.stderr).toContain('not an ECDSA P-256 key');
    const mixed = await signet(
      ['sign', '--sigstore-key', encryptedKey, '--checksums', fresh],
      configDir,
      env,
    );
    expect(mixed.status).toBe(2);
    const both = await signet(
      ['sign', '--sigstore-key', encryptedKey, '--no-tlog', '--rekor-url', 'https://rekor.example', fresh],
      configDir,
      env,
    );
    expect(both.status).toBe(2);
    const { existsSync } = await import('node:fs');
    expect(existsSync(`${fresh}.sigstore.json`)).toBe(false);
  });
});
