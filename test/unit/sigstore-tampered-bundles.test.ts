import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FormatError } from '../../electron/core/errors';
import type { FormatCheck } from '../../electron/core/formats/format-module';
import { sigstoreModule } from '../../electron/core/formats/sigstore/module';
import type { SigstoreTrustEntry } from '../../electron/core/formats/sigstore/trust-entry';
import { standardPolicy } from '../../electron/core/policy/verify-policy';
import {
  conformanceArtifact,
  conformanceAvailable,
  conformanceBundleJson,
  conformanceTrustedRootJson,
  DEFAULT_IDENTITY,
  DEFAULT_ISSUER,
  flipBase64Byte,
  trustEntryFor,
} from '../helpers/sigstore-conformance';

// biome-ignore lint/suspicious/noExplicitAny: tests reach into bundle JSON by path
type Json = any;

interface Run {
  edit?: (bundle: Json) => void;
  artifact?: Buffer;
  trust?: SigstoreTrustEntry[];
  now?: Date;
}

/** Runs the module as the registry will: parse (FormatError → 'malformed'), then check. */
async function verifyEdited(caseName: string, run: Run = {}): Promise<FormatCheck | 'malformed'> {
  const bundle: Json = conformanceBundleJson(caseName);
  run.edit?.(bundle);
  let parsed: ReturnType<typeof sigstoreModule.parse>;
  try {
    parsed = sigstoreModule.parse(Buffer.from(JSON.stringify(bundle)));
  } catch (error) {
    expect(error).toBeInstanceOf(FormatError);
    return 'malformed';
  }
  const artifact = run.artifact ?? conformanceArtifact(caseName);
  const rootJson = conformanceTrustedRootJson(caseName);
  return sigstoreModule.check(
    parsed,
    {
      size: artifact.length,
      digests: { sha256: createHash('sha256').update(artifact).digest() },
      suffixed: [],
    },
    {
      trust: run.trust ?? [trustEntryFor(DEFAULT_IDENTITY, DEFAULT_ISSUER, 'Beacon workflow')],
      material: {
        caRoots: [],
        sigstoreTrustedRoot: rootJson ? { json: rootJson, source: 'test root' } : undefined,
      },
      policy: standardPolicy({ at: run.now }),
      what: 'The file',
    },
  );
}

const outcomeOf = (r: FormatCheck | 'malformed') => (r === 'malformed' ? r : r.outcome);
const tlog = (b: Json) => b.verificationMaterial.tlogEntries[0];

const MESSAGE = 'happy-path-v0.3';
const DSSE = 'happy-path-intoto-in-dsse-v3';
const REKOR2 = 'rekor2-happy-path';

describe.skipIf(!conformanceAvailable())('Sigstore bundles edited field by field are refused', () => {
  it.each([MESSAGE, DSSE, REKOR2])(
    'the unedited %s verifies (the baseline the edits break)',
    async (name) => {
      const result = await verifyEdited(name);
      expect(outcomeOf(result)).toBe('valid');
    },
  );

  describe('signature', () => {
    it('one flipped bit in the message signature', async () => {
      const r = await verifyEdited(MESSAGE, {
        edit: (b) => {
          b.messageSignature.signature = flipBase64Byte(b.messageSignature.signature, -3);
        },
      });
      expect(outcomeOf(r)).toBe('invalid');
    });

    it("another bundle's valid signature over the same file", async () => {
      const other = conformanceBundleJson(REKOR2).messageSignature as Json;
      const r = await verifyEdited(MESSAGE, {
        edit: (b) => {
          b.messageSignature.signature = other.signature;
        },
      });
      expect(outcomeOf(r)).toBe('invalid');
    });

    it('one flipped bit in the DSSE envelope signature', async () => {
      const r = await verifyEdited(DSSE, {
        edit: (b) => {
          b.dsseEnvelope.signatures[0].sig = flipBase64Byte(b.dsseEnvelope.signatures[0].sig, -3);
        },
      });
      expect(outcomeOf(r)).toBe('invalid');
    });

    it('a second DSSE signature', async () => {
      const r = await verifyEdited(DSSE, {
        edit: (b) => {
          b.dsseEnvelope.signatures.push(b.dsseEnvelope.signatures[0]);
        },
      });
      expect(outcomeOf(r)).toBe('malformed');
    });

    it('the DSSE payload or its type changed', async () => {
      for (const edit of [
        (b: Json) => {
          b.dsseEnvelope.payload = flipBase64Byte(b.dsseEnvelope.payload, 40);
        },
        (b: Json) => {
          b.dsseEnvelope.payloadType = 'application/json';
        },
      ]) {
        expect(outcomeOf(await verifyEdited(DSSE, { edit }))).not.toBe('valid');
      }
    });
  });

  it('a verified attestation says which subject named the file', async () => {
    const r = await verifyEdited(DSSE);
    if (r === 'malformed') throw new Error('expected a check');
    const details = Object.fromEntries((r.details ?? []).map((d) => [d.label, d.value]));
    expect(details['Attestation names the file as']).toBe('a.txt');
    expect(details['Attestation type']).toMatch(/^https:\/\//);
  });

  describe('artifact', () => {
    it.each([MESSAGE, DSSE, REKOR2])('one changed byte of the file under %s', async (name) => {
      const artifact = Buffer.from(conformanceArtifact(name));
      artifact[0] = (artifact[0] ?? 0) ^ 0x20;
      expect(outcomeOf(await verifyEdited(name, { artifact }))).toBe('invalid');
    });

    it("the bundle's message digest changed", async () => {
      const r = await verifyEdited(MESSAGE, {
        edit: (b) => {
          b.messageSignature.messageDigest.digest = flipBase64Byte(
            b.messageSignature.messageDigest.digest,
            0,
          );
        },
      });
      expect(outcomeOf(r)).toBe('invalid');
    });
  });

  describe('certificate', () => {
    it('one flipped bit in the certificate signature', async () => {
      const r = await verifyEdited(MESSAGE, {
        edit: (b) => {
          const cert = b.verificationMaterial.certificate;
          cert.rawBytes = flipBase64Byte(cert.rawBytes, -5);
        },
      });
      expect(outcomeOf(r)).not.toBe('valid');
    });

    it("another signer's valid Fulcio certificate", async () => {
      const other = conformanceBundleJson('happy-path-v0.2') as Json;
      const r = await verifyEdited(MESSAGE, {
        edit: (b) => {
          b.verificationMaterial.certificate = {
            rawBytes: other.verificationMaterial.x509CertificateChain.certificates[0].rawBytes,
          };
        },
      });
      expect(outcomeOf(r)).not.toBe('valid');
    });

    it('no certificate at all', async () => {
      const r = await verifyEdited(MESSAGE, {
        edit: (b) => {
          delete b.verificationMaterial.certificate;
        },
      });
      expect(outcomeOf(r)).toBe('malformed');
    });
  });

  describe('transparency-log entry', () => {
    const edits: [string, (b: Json) => void][] = [
      [
        'log index',
        (b) => {
          tlog(b).logIndex = String(Number(tlog(b).logIndex) + 1);
        },
      ],
      [
        'integrated time',
        (b) => {
          tlog(b).integratedTime = String(Number(tlog(b).integratedTime) - 60);
        },
      ],
      [
        'log id',
        (b) => {
          tlog(b).logId.keyId = flipBase64Byte(tlog(b).logId.keyId, 0);
        },
      ],
      [
        'signed entry timestamp',
        (b) => {
          const entry = tlog(b);
          entry.inclusionPromise.signedEntryTimestamp = flipBase64Byte(
            entry.inclusionPromise.signedEntryTimestamp,
            -3,
          );
        },
      ],
      [
        'canonicalized body',
        (b) => {
          tlog(b).canonicalizedBody = flipBase64Byte(tlog(b).canonicalizedBody, 30, 0x02);
        },
      ],
      [
        'kind',
        (b) => {
          tlog(b).kindVersion.kind = 'intoto';
        },
      ],
      [
        'no entries',
        (b) => {
          b.verificationMaterial.tlogEntries = [];
        },
      ],
    ];
    it.each(edits)('%s', async (_what, edit) => {
      expect(outcomeOf(await verifyEdited(MESSAGE, { edit }))).not.toBe('valid');
    });
    // Rekor v2 entries have no signed entry timestamp: the library never reads these two fields.
    it.each([
      [
        'log index (Rekor v2)',
        (b: Json) => {
          tlog(b).logIndex = String(Number(tlog(b).logIndex) + 1);
        },
      ],
      [
        'log id removed (Rekor v2)',
        (b: Json) => {
          delete tlog(b).logId;
        },
      ],
      [
        'log id of another log (Rekor v2)',
        (b: Json) => {
          tlog(b).logId.keyId = flipBase64Byte(tlog(b).logId.keyId, 5);
        },
      ],
      [
        'unnamed digest algorithm',
        (b: Json) => {
          delete b.messageSignature.messageDigest.algorithm;
        },
      ],
    ] as [string, (b: Json) => void][])('%s', async (_what, edit) => {
      expect(outcomeOf(await verifyEdited(REKOR2, { edit }))).not.toBe('valid');
    });
  });

  describe('inclusion proof', () => {
    const proof = (b: Json) => tlog(b).inclusionProof;
    const edits: [string, (b: Json) => void][] = [
      [
        'a sibling hash',
        (b) => {
          proof(b).hashes[0] = flipBase64Byte(proof(b).hashes[0], 0);
        },
      ],
      ['a sibling hash dropped', (b) => void proof(b).hashes.pop()],
      [
        'the root hash',
        (b) => {
          proof(b).rootHash = flipBase64Byte(proof(b).rootHash, 0);
        },
      ],
      [
        'the tree size',
        (b) => {
          proof(b).treeSize = String(Number(proof(b).treeSize) + 1);
        },
      ],
      [
        'the proof index',
        (b) => {
          proof(b).logIndex = String(Number(proof(b).logIndex) - 1);
        },
      ],
      [
        'the checkpoint',
        (b) => {
          proof(b).checkpoint.envelope = proof(b).checkpoint.envelope.replace(/\n\d+\n/, '\n1\n');
        },
      ],
    ];
    it.each(edits)('%s (Rekor v1)', async (_what, edit) => {
      expect(outcomeOf(await verifyEdited(MESSAGE, { edit }))).not.toBe('valid');
    });
    it.each(edits.filter(([w]) => w !== 'the tree size'))('%s (Rekor v2)', async (_what, edit) => {
      expect(outcomeOf(await verifyEdited(REKOR2, { edit }))).not.toBe('valid');
    });
  });

  // The library matches checkpoint signer names as regular expressions: a hostile name must not
  // hang it (this one backtracks for minutes in V8).
  it.each([MESSAGE, REKOR2])(
    'a checkpoint signer named by a catastrophic pattern is refused at once (%s)',
    async (name) => {
      const started = Date.now();
      const r = await verifyEdited(name, {
        edit: (b) => {
          const proof = tlog(b).inclusionProof;
          proof.checkpoint.envelope = proof.checkpoint.envelope.replace(
            /\u2014 \S+ /,
            '\u2014 (.*)*(.*)*(.*)*(.*)*(.*)*(.*)*(.*)*x ',
          );
        },
      });
      expect(outcomeOf(r)).toBe('invalid');
      expect(Date.now() - started).toBeLessThan(2000);
    },
  );

  describe('signed timestamps (Rekor v2)', () => {
    const stamps = (b: Json) => b.verificationMaterial.timestampVerificationData.rfc3161Timestamps;
    it.each([
      [
        'a flipped bit in the time stamp signature',
        (b: Json) => {
          stamps(b)[0].signedTimestamp = flipBase64Byte(stamps(b)[0].signedTimestamp, -3);
        },
      ],
      ['the time stamp removed', (b: Json) => void stamps(b).pop()],
      ['the time stamp repeated', (b: Json) => void stamps(b).push(stamps(b)[0])],
    ] as [string, (b: Json) => void][])('%s', async (_what, edit) => {
      expect(outcomeOf(await verifyEdited(REKOR2, { edit }))).not.toBe('valid');
    });
  });

  describe('identity and issuer must match exactly', () => {
    const near: [string, string, string][] = [
      ['a prefix of the identity', DEFAULT_IDENTITY.slice(0, -5), DEFAULT_ISSUER],
      [
        'the repository only (what an unanchored pattern accepts)',
        'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon',
        DEFAULT_ISSUER,
      ],
      ['a pattern matching the identity', 'https://github\\.com/sigstore-conformance/.*', DEFAULT_ISSUER],
      ['the identity in capitals', DEFAULT_IDENTITY.toUpperCase(), DEFAULT_ISSUER],
      ['the identity with a trailing space', `${DEFAULT_IDENTITY} `, DEFAULT_ISSUER],
      ['another issuer', DEFAULT_IDENTITY, 'https://accounts.google.com'],
      ['the issuer with a trailing slash', DEFAULT_IDENTITY, `${DEFAULT_ISSUER}/`],
      ['a prefix of the issuer', DEFAULT_IDENTITY, 'https://token.actions'],
    ];
    it.each(near)('%s is an unknown signer that names the real identity', async (_what, identity, issuer) => {
      const r = await verifyEdited(MESSAGE, { trust: [trustEntryFor(identity, issuer, 'Look-alike')] });
      if (r === 'malformed') throw new Error('expected a check');
      expect(r.outcome).toBe('unknown-signer');
      expect(r.signerName).toBeUndefined();
      expect(r.reason).toContain(DEFAULT_IDENTITY);
      const details = Object.fromEntries((r.details ?? []).map((d) => [d.label, d.value]));
      expect(details['Identity (as the certificate states it)']).toBe(DEFAULT_IDENTITY);
      expect(details['OIDC issuer (as the certificate states it)']).toBe(DEFAULT_ISSUER);
      expect(details['Transparency log index']).toBe('79571823');
      expect(details['Trust root']).toContain('public-good');
    });

    it("a log entry dated after the check is refused (the reference time is the job's)", async () => {
      const r = await verifyEdited(MESSAGE, { now: new Date('2024-01-01T00:00:00Z') });
      expect(outcomeOf(r)).toBe('invalid');
    });

    it('an empty trust list is an unknown signer', async () => {
      expect(outcomeOf(await verifyEdited(MESSAGE, { trust: [] }))).toBe('unknown-signer');
    });

    it('the exact identity names the trust entry, with the logged time', async () => {
      const r = await verifyEdited(MESSAGE, {
        trust: [trustEntryFor(DEFAULT_IDENTITY, DEFAULT_ISSUER, 'Beacon workflow')],
      });
      if (r === 'malformed') throw new Error('expected a check');
      expect(r.outcome).toBe('valid');
      expect(r.signerName).toBe('Beacon workflow');
      expect(r.signedAtSource).toBe('transparency-log');
      expect(r.signedAt).toBe(new Date(1710869186 * 1000).toISOString());
    });
  });

  describe('media type', () => {
    it.each([
      ['an unknown version', 'application/vnd.dev.sigstore.bundle+json;version=0.4'],
      ['none', undefined],
      ['another kind of document', 'application/json'],
      [
        'v0.1 on a v0.3 bundle (no certificate chain)',
        'application/vnd.dev.sigstore.bundle+json;version=0.1',
      ],
    ])('%s', async (_what, mediaType) => {
      const r = await verifyEdited(MESSAGE, {
        edit: (b) => {
          b.mediaType = mediaType;
        },
      });
      expect(outcomeOf(r)).toBe('malformed');
    });
  });
});
