import { spawnSync } from 'node:child_process';
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
} from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { makeManagedKeyBundle, makeTestLog } from './sigstore-managed-bundle';

/**
 * A keyless Sigstore bundle made at test time, as Fulcio, a CT log and Rekor would make one: openssl
 * issues a short-lived code-signing certificate (an identity in the SAN, the OIDC issuer in
 * Fulcio's extension) from a test CA; a test CT log's SCT is embedded in it (RFC 6962 precert
 * signature over the certificate without the SCT); a one-entry test log records the signature.
 * The trusted root names the CA, the CT log and the log. Synchronous: it runs while a test file
 * collects its cases.
 */

const FULCIO_ISSUER_V2 = '1.3.6.1.4.1.57264.1.8';
const SCT_LIST = Buffer.from('060a2b06010401d679020402', 'hex'); // OID 1.3.6.1.4.1.11129.2.4.2

export interface KeylessBundle {
  bundle: Record<string, unknown>;
  trustedRootJson: unknown;
  identity: string;
  issuer: string;
}

function openssl(args: string[], cwd: string): void {
  const result = spawnSync('openssl', args, { cwd });
  if (result.status !== 0) throw new Error(`openssl ${args[0]} failed: ${result.stderr?.toString()}`);
}

/** DER: a TLV with a definite length. */
function tlv(tag: number, content: Buffer): Buffer {
  const n = content.length;
  const length =
    n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), length, content]);
}

/** DER: the children of a constructed TLV's content, as whole TLVs. */
function children(content: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let at = 0;
  while (at < content.length) {
    const first = content[at + 1]!;
    const lengthBytes = first < 0x80 ? 0 : first & 0x7f;
    let length = first < 0x80 ? first : 0;
    for (let i = 0; i < lengthBytes; i++) length = length * 256 + content[at + 2 + i]!;
    const end = at + 2 + lengthBytes + length;
    out.push(content.subarray(at, end));
    at = end;
  }
  return out;
}

const inner = (whole: Buffer): Buffer[] => {
  const first = whole[1]!;
  return children(whole.subarray(2 + (first < 0x80 ? 0 : first & 0x7f)));
};

/** The TBS certificate with one more extension appended to its extensions ([3] is the last field). */
function withExtension(tbs: Buffer, extension: Buffer): Buffer {
  const fields = inner(tbs);
  const explicit = fields.at(-1)!;
  if (explicit[0] !== 0xa3) throw new Error('the test certificate has no extensions');
  const extensions = inner(inner(explicit)[0]!);
  const rebuilt = tlv(0xa3, tlv(0x30, Buffer.concat([...extensions, extension])));
  return tlv(0x30, Buffer.concat([...fields.slice(0, -1), rebuilt]));
}

function sctList(
  ctKey: KeyObject,
  ctLogId: Buffer,
  issuerSpki: Buffer,
  precertTbs: Buffer,
  at: Date,
): Buffer {
  const timestamp = Buffer.alloc(8);
  timestamp.writeBigUInt64BE(BigInt(at.getTime()));
  const tbsLength = Buffer.alloc(3);
  tbsLength.writeUIntBE(precertTbs.length, 0, 3);
  const signed = Buffer.concat([
    Buffer.from([0, 0]), // v1, certificate_timestamp
    timestamp,
    Buffer.from([0, 1]), // precert_entry
    createHash('sha256').update(issuerSpki).digest(),
    tbsLength,
    precertTbs,
    Buffer.from([0, 0]), // no extensions
  ]);
  const signature = sign('sha256', signed, ctKey);
  const sigLength = Buffer.alloc(2);
  sigLength.writeUInt16BE(signature.length);
  const sct = Buffer.concat([
    Buffer.from([0]),
    ctLogId,
    timestamp,
    Buffer.from([0, 0]),
    Buffer.from([4, 3]), // sha256, ecdsa
    sigLength,
    signature,
  ]);
  const sctLength = Buffer.alloc(2);
  sctLength.writeUInt16BE(sct.length);
  const listLength = Buffer.alloc(2);
  listLength.writeUInt16BE(sct.length + 2);
  return Buffer.concat([listLength, sctLength, sct]);
}

const pemBody = (pem: string) => Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
// No line break after the last full line: a DER whose base64 is a multiple of 64 characters long would
// otherwise get an empty line, which OpenSSL refuses ("DECODER routines::unsupported", ~1 run in 20).
const toPem = (der: Buffer) =>
  `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/(.{64})(?=.)/g, '$1\n')}\n-----END CERTIFICATE-----\n`;

export function makeKeylessBundle(
  artifact: Uint8Array,
  identity = 'release@signet.test',
  issuer = 'https://issuer.signet.test',
): KeylessBundle {
  const dir = mkdtempSync(path.join(tmpdir(), 'signet-keyless-'));
  try {
    const start = new Date(Date.now() - 3600_000);
    openssl(
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        'ca.key',
        '-out',
        'ca.pem',
        '-days',
        '30',
        '-subj',
        '/O=signet.test/CN=test fulcio',
        '-sha256',
        '-addext',
        'basicConstraints=critical,CA:true',
        '-addext',
        'keyUsage=critical,keyCertSign,cRLSign',
      ],
      dir,
    );
    writeFileSync(
      path.join(dir, 'leaf.ext'),
      [
        'basicConstraints=critical,CA:false',
        'keyUsage=critical,digitalSignature',
        'extendedKeyUsage=codeSigning',
        `subjectAltName=critical,${identity.includes('://') ? 'URI' : 'email'}:${identity}`,
        `${FULCIO_ISSUER_V2}=ASN1:UTF8String:${issuer}`,
        '',
      ].join('\n'),
    );
    openssl(
      [
        'req',
        '-new',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        'leaf.key',
        '-out',
        'leaf.csr',
        '-subj',
        '/O=signet.test',
      ],
      dir,
    );
    openssl(
      [
        'x509',
        '-req',
        '-in',
        'leaf.csr',
        '-CA',
        'ca.pem',
        '-CAkey',
        'ca.key',
        '-set_serial',
        '7',
        '-days',
        '1',
        '-extfile',
        'leaf.ext',
        '-sha256',
        '-outform',
        'DER',
        '-out',
        'precert.der',
      ],
      dir,
    );
    const caPem = readFileSync(path.join(dir, 'ca.pem'), 'utf8');
    const caKey = createPrivateKey(readFileSync(path.join(dir, 'ca.key')));
    const leafKey = createPrivateKey(readFileSync(path.join(dir, 'leaf.key')));
    const [tbs, signatureAlgorithm] = inner(readFileSync(path.join(dir, 'precert.der')));
    const issuerSpki = createPublicKey(caPem).export({ format: 'der', type: 'spki' });

    const ct = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const ctSpki = ct.publicKey.export({ format: 'der', type: 'spki' });
    const ctLogId = createHash('sha256').update(ctSpki).digest();
    const list = sctList(ct.privateKey, ctLogId, issuerSpki, tbs!, new Date());
    const sctExtension = tlv(0x30, Buffer.concat([SCT_LIST, tlv(0x04, tlv(0x04, list))]));
    const finalTbs = withExtension(tbs!, sctExtension);
    const leafDer = tlv(
      0x30,
      Buffer.concat([
        finalTbs,
        signatureAlgorithm!,
        tlv(0x03, Buffer.concat([Buffer.from([0]), sign('sha256', finalTbs, caKey)])),
      ]),
    );

    const log = makeTestLog(start);
    const bundle = makeManagedKeyBundle({
      log,
      artifact: Buffer.from(artifact),
      signature: sign('sha256', artifact, leafKey),
      publicKeyPem: toPem(leafDer),
      integratedTime: new Date(),
    });
    const material = bundle.verificationMaterial as Record<string, unknown>;
    delete material.publicKey;
    material.certificate = { rawBytes: leafDer.toString('base64') };
    const root = log.trustedRootJson as Record<string, unknown>;
    root.certificateAuthorities = [
      {
        subject: { organization: 'signet.test', commonName: 'test fulcio' },
        uri: 'https://fulcio.signet.test',
        certChain: { certificates: [{ rawBytes: pemBody(caPem).toString('base64') }] },
        validFor: { start: start.toISOString() },
      },
    ];
    root.ctlogs = [
      {
        baseUrl: 'https://ct.signet.test',
        hashAlgorithm: 'SHA2_256',
        publicKey: {
          rawBytes: ctSpki.toString('base64'),
          keyDetails: 'PKIX_ECDSA_P256_SHA_256',
          validFor: { start: start.toISOString() },
        },
        logId: { keyId: ctLogId.toString('base64') },
      },
    ];
    return { bundle, trustedRootJson: root, identity, issuer };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
