import { spawnSync } from 'node:child_process';
import { createHash, createPublicKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A managed-key Sigstore bundle made at test time: the signer's key and signature come from
 * openssl (the interop side), and a one-entry transparency log run here (Node's crypto) logs it,
 * with a signed entry timestamp and an inclusion proof under a signed checkpoint. Nothing is copied
 * from elsewhere, and nothing needs ../shared.
 */

export type SignerKind = 'ec-p256' | 'ec-p384' | 'rsa-2048';

const OPENSSL = '/usr/bin/openssl';
const LOG_ORIGIN = 'log.signet.test';

function openssl(args: string[], cwd: string): Buffer {
  const result = spawnSync(OPENSSL, args, { cwd });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`openssl ${args[0]} failed: ${result.stderr.toString()}`);
  return result.stdout;
}

/** openssl makes a key pair; returns the paths of the private and public PEM files. */
export function opensslKeyPair(
  dir: string,
  name: string,
  kind: SignerKind,
): { privatePath: string; publicPath: string } {
  const privatePath = path.join(dir, `${name}.key.pem`);
  const publicPath = path.join(dir, `${name}.pub.pem`);
  const options =
    kind === 'rsa-2048'
      ? ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048']
      : ['-algorithm', 'EC', '-pkeyopt', `ec_paramgen_curve:${kind === 'ec-p256' ? 'P-256' : 'P-384'}`];
  openssl(['genpkey', ...options, '-out', privatePath], dir);
  openssl(['pkey', '-in', privatePath, '-pubout', '-out', publicPath], dir);
  return { privatePath, publicPath };
}

/** openssl signs SHA-256 of the file (ECDSA DER, or RSA PKCS#1 v1.5), as cosign does for blobs. */
function opensslSign(dir: string, privatePath: string, artifactPath: string): Buffer {
  return openssl(['dgst', '-sha256', '-sign', privatePath, artifactPath], dir);
}

export interface TestLog {
  key: KeyObject;
  logId: Buffer;
  trustedRootJson: unknown;
}

export function makeTestLog(validFrom = new Date(Date.now() - 24 * 3600 * 1000)): TestLog {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  const logId = createHash('sha256').update(spki).digest();
  return {
    key: privateKey,
    logId,
    trustedRootJson: {
      mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
      tlogs: [
        {
          baseUrl: `https://${LOG_ORIGIN}`,
          hashAlgorithm: 'SHA2_256',
          publicKey: {
            rawBytes: spki.toString('base64'),
            keyDetails: 'PKIX_ECDSA_P256_SHA_256',
            validFor: { start: validFrom.toISOString() },
          },
          logId: { keyId: logId.toString('base64') },
        },
      ],
      certificateAuthorities: [],
      ctlogs: [],
      timestampAuthorities: [],
    },
  };
}

/** RFC 8785-style canonical JSON for the flat objects Rekor signs (sorted keys, no spaces). */
function canonical(value: Record<string, unknown>): string {
  return `{${Object.keys(value)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${JSON.stringify(value[k])}`)
    .join(',')}}`;
}

export function makeManagedKeyBundle(options: {
  log: TestLog;
  artifact: Buffer;
  signature: Buffer;
  publicKeyPem: string;
  integratedTime?: Date;
}): Record<string, unknown> {
  const { log, artifact, signature } = options;
  const digest = createHash('sha256').update(artifact).digest();
  const body = Buffer.from(
    JSON.stringify({
      apiVersion: '0.0.1',
      kind: 'hashedrekord',
      spec: {
        data: { hash: { algorithm: 'sha256', value: digest.toString('hex') } },
        signature: {
          content: signature.toString('base64'),
          publicKey: { content: Buffer.from(options.publicKeyPem).toString('base64') },
        },
      },
    }),
  );
  const integratedTime = Math.floor(
    (options.integratedTime ?? new Date(Date.now() - 60_000)).getTime() / 1000,
  );
  const set = sign(
    'sha256',
    Buffer.from(
      canonical({
        body: body.toString('base64'),
        integratedTime,
        logID: log.logId.toString('hex'),
        logIndex: 0,
      }),
    ),
    log.key,
  );
  // A tree of one leaf: its root is the leaf hash (RFC 6962: SHA-256(0x00 ‖ entry)), no siblings.
  const root = createHash('sha256')
    .update(Buffer.from([0]))
    .update(body)
    .digest();
  const note = `${LOG_ORIGIN}\n1\n${root.toString('base64')}\n`;
  const noteSignature = sign('sha256', Buffer.from(note), log.key);
  const checkpoint = `${note}\n\u2014 ${LOG_ORIGIN} ${Buffer.concat([log.logId.subarray(0, 4), noteSignature]).toString('base64')}\n`;
  return {
    mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
    verificationMaterial: {
      publicKey: {
        hint: createHash('sha256')
          .update(createPublicKey(options.publicKeyPem).export({ format: 'der', type: 'spki' }))
          .digest('base64'),
      },
      tlogEntries: [
        {
          logIndex: '0',
          logId: { keyId: log.logId.toString('base64') },
          kindVersion: { kind: 'hashedrekord', version: '0.0.1' },
          integratedTime: String(integratedTime),
          inclusionPromise: { signedEntryTimestamp: set.toString('base64') },
          inclusionProof: {
            logIndex: '0',
            rootHash: root.toString('base64'),
            treeSize: '1',
            hashes: [],
            checkpoint: { envelope: checkpoint },
          },
          canonicalizedBody: body.toString('base64'),
        },
      ],
      timestampVerificationData: { rfc3161Timestamps: [] },
    },
    messageSignature: {
      messageDigest: { algorithm: 'SHA2_256', digest: digest.toString('base64') },
      signature: signature.toString('base64'),
    },
  };
}

/** Writes a bundle made by openssl's key and signature over `artifactPath`, and the log's root. */
export function writeOpensslBundle(
  dir: string,
  name: string,
  kind: SignerKind,
  artifactPath: string,
  log: TestLog,
): { bundlePath: string; publicPath: string; rootPath: string } {
  const { privatePath, publicPath } = opensslKeyPair(dir, name, kind);
  const signature = opensslSign(dir, privatePath, artifactPath);
  const bundle = makeManagedKeyBundle({
    log,
    artifact: readFileSync(artifactPath),
    signature,
    publicKeyPem: readFileSync(publicPath, 'utf8'),
  });
  const bundlePath = path.join(dir, `${name}.sigstore.json`);
  const rootPath = path.join(dir, `${name}.trusted_root.json`);
  writeFileSync(bundlePath, JSON.stringify(bundle));
  writeFileSync(rootPath, JSON.stringify(log.trustedRootJson));
  return { bundlePath, publicPath, rootPath };
}
