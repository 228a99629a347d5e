import { describe, expect, it } from 'vitest';
import { verifySigstoreFiles } from '../../electron/core/formats/sigstore/verify-files';
import { conformanceAvailable, conformanceCases, trustEntryFor } from '../helpers/sigstore-conformance';

const cases = conformanceCases();

// The folder is test data beside the repo (../shared); without it there is nothing to run.
describe.skipIf(!conformanceAvailable())('sigstore-conformance bundle-verify', () => {
  it('finds every case', () => {
    expect(cases.length).toBeGreaterThanOrEqual(70);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const result = await verifySigstoreFiles({
      artifactPath: c.artifactPath,
      bundlePath: c.bundlePath,
      trustedRootPath: c.trustedRootPath,
      publicKeyPath: c.publicKeyPath,
      trust: [trustEntryFor(c.identity, c.issuer)],
    });
    if (c.shouldVerify) {
      expect(result.reason).toBeTypeOf('string');
      expect(result.outcome, result.reason).toBe('valid');
    } else {
      expect(result.outcome, result.reason).not.toBe('valid');
    }
  });
});
