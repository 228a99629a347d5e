import { describe, expect, it } from 'vitest';
import { conformanceAvailable, conformanceCases, trustEntryFor } from '../helpers/sigstore-conformance';
import { verifySigstoreFiles } from '../helpers/sigstore-verify-files';

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
    // Every answer, good or bad, is one plain line: never a stack trace or a library message.
    expect(result.reason).toMatch(/^[A-Z][^\n]*\.$/);
    if (c.shouldVerify) {
      expect(result.outcome, result.reason).toBe('valid');
      if (result.outcome !== 'valid') return;
      const labels = (result.details ?? []).map((d) => d.label);
      expect(labels).toEqual(
        expect.arrayContaining(['Transparency log index', 'Trust root', 'Trust root age']),
      );
      expect(result.signedAt).toBeDefined();
    } else {
      expect(result.outcome, result.reason).not.toBe('valid');
    }
  });
});
