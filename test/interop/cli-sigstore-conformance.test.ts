import { describe, expect, it } from 'vitest';
import { type RunResult, signet } from '../helpers/run';
import {
  type ConformanceCase,
  conformanceAvailable,
  conformanceCases,
} from '../helpers/sigstore-conformance';
import { tempDir } from '../helpers/temp-dir';

// The sigstore-conformance bundle-verify cases through the built CLI, with cosign's flags, as a
// release pipeline would run them: every case not named *_fail verifies (exit 0), every *_fail
// does not. The cases run a few at a time: each is a node process, and the machine is small.

const CONCURRENCY = 3;

function argsFor(c: ConformanceCase): string[] {
  return [
    'verify',
    c.artifactPath,
    '--bundle',
    c.bundlePath,
    ...(c.publicKeyPath
      ? ['--pubkey', c.publicKeyPath]
      : ['--certificate-identity', c.identity, '--certificate-oidc-issuer', c.issuer]),
    ...(c.trustedRootPath ? ['--trusted-root', c.trustedRootPath] : []),
    '--json',
  ];
}

async function runAll(cases: readonly ConformanceCase[], config: string): Promise<Map<string, RunResult>> {
  const results = new Map<string, RunResult>();
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < cases.length; i = next++) {
      const c = cases[i]!;
      results.set(c.name, await signet(argsFor(c), config));
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return results;
}

describe.skipIf(!conformanceAvailable())('sigstore-conformance through signet verify', () => {
  it('verifies every good case and refuses every *_fail case (70/70)', { timeout: 240_000 }, async () => {
    const cases = conformanceCases();
    expect(cases.length).toBeGreaterThanOrEqual(70);
    const results = await runAll(cases, await tempDir());
    const wrong: string[] = [];
    for (const c of cases) {
      const r = results.get(c.name)!;
      // Every answer is one JSON object on stdout, and nothing on stderr: no stack trace, no library noise.
      let json: { verdict?: string; reason?: string; details?: { label: string; value: string }[] };
      try {
        json = JSON.parse(r.stdout);
      } catch {
        wrong.push(`${c.name}: not JSON (exit ${r.status}): ${r.stdout}${r.stderr}`);
        continue;
      }
      if (r.stderr !== '') wrong.push(`${c.name}: stderr ${r.stderr}`);
      const verified = json.verdict === 'verified';
      if (verified !== (r.status === 0)) wrong.push(`${c.name}: ${json.verdict} with exit ${r.status}`);
      if (verified !== c.shouldVerify) wrong.push(`${c.name}: ${json.verdict}: ${json.reason}`);
      if (verified) {
        const labels = (json.details ?? []).map((d) => d.label);
        for (const label of ['Transparency log index', 'Trust root']) {
          if (!labels.includes(label)) wrong.push(`${c.name}: no “${label}” in the details`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});
