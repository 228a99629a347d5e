import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FormatError } from '../../electron/core/errors';
import type { FormatCheck } from '../../electron/core/formats/format-module';
import { sigstoreModule } from '../../electron/core/formats/sigstore/module';
import { standardPolicy } from '../../electron/core/policy/verify-policy';
import { verdictOf } from '../../electron/core/verify/outcome-verdict';
import {
  conformanceArtifact,
  conformanceAvailable,
  conformanceBundleJson,
  conformanceTrustedRootJson,
  flipBase64Byte,
  trustEntryFor,
} from '../helpers/sigstore-conformance';
import { type Json, MESSAGE, REKOR2, tlog, verifyEdited } from '../helpers/sigstore-edit';
import { makeKeylessBundle } from '../helpers/sigstore-keyless-bundle';

const IDENTITY = 'release@signet.test';
const ISSUER = 'https://issuer.signet.test';

async function check(
  bundle: unknown,
  rootJson: unknown,
  artifact: Buffer,
): Promise<FormatCheck | 'malformed'> {
  let parsed: ReturnType<typeof sigstoreModule.parse>;
  try {
    parsed = sigstoreModule.parse(Buffer.from(JSON.stringify(bundle)));
  } catch (error) {
    expect(error).toBeInstanceOf(FormatError);
    return 'malformed';
  }
  return (await sigstoreModule.check(
    parsed,
    {
      size: artifact.length,
      digests: { sha256: createHash('sha256').update(artifact).digest() },
      suffixed: [],
    },
    {
      trust: [trustEntryFor(IDENTITY, ISSUER, 'Release workflow')],
      material: {
        caRoots: [],
        // No root given: the public-good root built into Signet.
        sigstoreTrustedRoot: rootJson === undefined ? undefined : { json: rootJson, source: 'test root' },
      },
      policy: standardPolicy(),
      what: 'The file',
    },
  )) as FormatCheck;
}

/** The verdict of a bundle that may already be refused while it is read. */
const verdictOfEither = (r: FormatCheck | 'malformed') => (r === 'malformed' ? r : verdictOf(r));

const asCheck = (r: FormatCheck | 'malformed'): FormatCheck => {
  if (r === 'malformed') throw new Error('expected the bundle to parse');
  return r;
};

describe('a Sigstore bundle made through another Sigstore service', () => {
  const artifact = Buffer.from('acme 1.1 release\n'.repeat(100));
  const ours = makeKeylessBundle(artifact, IDENTITY, ISSUER);
  const theirs = makeKeylessBundle(artifact, IDENTITY, ISSUER);

  it('verifies against the root of the service that made it (the baseline)', async () => {
    expect(asCheck(await check(ours.bundle, ours.trustedRootJson, artifact)).outcome).toBe('valid');
  });

  it("is an unknown signer under another service's root, with rule other-instance, not tampered", async () => {
    const r = asCheck(await check(theirs.bundle, ours.trustedRootJson, artifact));
    expect(r.rule).toBe('other-instance');
    expect(verdictOf(r)).toBe('unknown-signer');
    expect(r.reason).toBe('The file was signed through a Sigstore service you do not trust.');
  });

  it('is other-instance when only the certificate authority is unknown (same name, another key)', async () => {
    const root = {
      ...(ours.trustedRootJson as Json),
      certificateAuthorities: (theirs.trustedRootJson as Json).certificateAuthorities,
    };
    const r = asCheck(await check(ours.bundle, root, artifact));
    expect(r.rule).toBe('other-instance');
    expect(verdictOf(r)).toBe('unknown-signer');
  });

  it('is still tampered when the file is not the one it signs, whatever service made it', async () => {
    const r = asCheck(await check(theirs.bundle, ours.trustedRootJson, Buffer.from('another file')));
    expect(verdictOf(r)).toBe('tampered');
  });
});

describe.skipIf(!conformanceAvailable())('conformance bundles from another instance or incomplete', () => {
  it('a bundle from the staging instance, under the public-good root: other-instance', async () => {
    const name = 'bundle-from-wrong-instance_fail';
    const r = asCheck(await check(conformanceBundleJson(name), undefined, conformanceArtifact(name)));
    expect(r.rule).toBe('other-instance');
    expect(verdictOf(r)).toBe('unknown-signer');
  });

  it('a tlog entry whose log id names another log: other-instance, not tampered', async () => {
    const r = asCheck(
      await verifyEdited(MESSAGE, {
        edit: (b) => {
          tlog(b).logId.keyId = flipBase64Byte(tlog(b).logId.keyId, 0);
        },
      }),
    );
    expect(r.rule).toBe('other-instance');
    expect(verdictOf(r)).toBe('unknown-signer');
  });

  it('the tlog entries removed: incomplete-bundle, malformed', async () => {
    const r = await verifyEdited(MESSAGE, {
      edit: (b) => {
        b.verificationMaterial.tlogEntries = [];
      },
    });
    expect(verdictOfEither(r)).toBe('malformed');
    if (r !== 'malformed') expect(r.rule).toBe('incomplete-bundle');
  });

  it('a Rekor v2 entry without its log id: malformed', async () => {
    const r = await verifyEdited(REKOR2, {
      edit: (b) => {
        delete tlog(b).logId;
      },
    });
    expect(verdictOfEither(r)).toBe('malformed');
  });

  it('a Rekor v2 entry with no signed time (no time stamp): incomplete-bundle, malformed', async () => {
    const name = 'rekor2-no-timestamp_fail';
    const r = asCheck(
      await check(conformanceBundleJson(name), conformanceTrustedRootJson(name), conformanceArtifact(name)),
    );
    expect(r.rule).toBe('incomplete-bundle');
    expect(verdictOf(r)).toBe('malformed');
  });

  it('a v0.1 entry with neither inclusion proof nor promise: malformed', async () => {
    const r = await verifyEdited('happy-path-v0.1', {
      edit: (b) => {
        delete tlog(b).inclusionPromise;
        delete tlog(b).inclusionProof;
      },
    });
    expect(verdictOfEither(r)).toBe('malformed');
  });
});
