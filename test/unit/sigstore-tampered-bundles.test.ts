import { describe, expect, it } from 'vitest';
import {
  conformanceArtifact,
  conformanceAvailable,
  conformanceBundleJson,
  flipBase64Byte,
} from '../helpers/sigstore-conformance';
import { DSSE, type Json, MESSAGE, outcomeOf, REKOR2, tlog, verifyEdited } from '../helpers/sigstore-edit';

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
