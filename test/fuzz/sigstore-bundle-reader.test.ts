import { createHash } from 'node:crypto';
import { bundleToJSON } from '@sigstore/bundle';

// biome-ignore lint/suspicious/noExplicitAny: the facts are read from bundle JSON by path
type Json = any;

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FormatError } from '../../electron/core/errors';
import type { FormatCheck } from '../../electron/core/formats/format-module';
import type { SigstoreBundle } from '../../electron/core/formats/sigstore/bundle-reader';
import { BUNDLE_MEDIA_TYPES } from '../../electron/core/formats/sigstore/media-types';
import { sigstoreModule } from '../../electron/core/formats/sigstore/module';
import { standardPolicy } from '../../electron/core/policy/verify-policy';
import {
  conformanceArtifact,
  conformanceAvailable,
  conformanceBundleJson,
  conformanceTrustedRootJson,
  DEFAULT_IDENTITY,
  DEFAULT_ISSUER,
  trustEntryFor,
} from '../helpers/sigstore-conformance';

const RUNS = { numRuns: 1500 };
/** Each run of these parses and checks a whole bundle (certificate chain, log proof, signature). */
const CHECK_RUNS = { numRuns: 250 };

/** Parses; anything thrown but a FormatError with a one-line message fails the property. */
function parseOrUndefined(bytes: Uint8Array): SigstoreBundle | undefined {
  try {
    return sigstoreModule.parse(bytes);
  } catch (error) {
    if (!(error instanceof FormatError)) throw error;
    expect(error.message).toMatch(/^[^\n]+$/);
    return undefined;
  }
}

const artifact = conformanceAvailable() ? conformanceArtifact() : Buffer.from('');
const facts = {
  size: artifact.length,
  digests: { sha256: createHash('sha256').update(artifact).digest() },
  suffixed: [],
};

async function check(parsed: SigstoreBundle, rootJson?: unknown): Promise<FormatCheck> {
  const result = await sigstoreModule.check(parsed, facts, {
    trust: [trustEntryFor(DEFAULT_IDENTITY, DEFAULT_ISSUER)],
    material: {
      caRoots: [],
      sigstoreTrustedRoot: rootJson ? { json: rootJson, source: 'test root' } : undefined,
    },
    policy: standardPolicy(),
    what: 'The file',
  });
  expect(result.reason).toMatch(/^[^\n]+$/);
  return result;
}

const mediaType = fc.constantFrom(
  ...Object.keys(BUNDLE_MEDIA_TYPES),
  'application/vnd.dev.sigstore.bundle+json;version=9',
);

describe('Sigstore bundle reader under fuzzing', () => {
  it('recognise and parse never throw anything but a FormatError on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => {
        expect(typeof sigstoreModule.recognise(bytes)).toBe('boolean');
        parseOrUndefined(bytes);
      }),
      RUNS,
    );
  });

  it('bundle-shaped JSON of any content parses to a FormatError or a bundle that never verifies', async () => {
    const material = fc.oneof(
      fc.record({ certificate: fc.record({ rawBytes: fc.base64String({ maxLength: 200 }) }) }),
      fc.record({ publicKey: fc.record({ hint: fc.string() }) }),
      fc.record({
        x509CertificateChain: fc.record({
          certificates: fc.array(fc.record({ rawBytes: fc.base64String() })),
        }),
      }),
      fc.jsonValue(),
    );
    const content = fc.oneof(
      fc.record({
        messageSignature: fc.record({
          messageDigest: fc.record({
            algorithm: fc.constantFrom('SHA2_256', 'SHA2_512', 'SHA3_256', 'X'),
            digest: fc.base64String(),
          }),
          signature: fc.base64String(),
        }),
      }),
      fc.record({
        dsseEnvelope: fc.record({
          payload: fc.base64String(),
          payloadType: fc.string(),
          signatures: fc.array(fc.record({ sig: fc.base64String(), keyid: fc.string() }), { maxLength: 2 }),
        }),
      }),
      fc.jsonValue(),
    );
    const tlogEntries = fc.array(fc.jsonValue(), { maxLength: 2 });
    await fc.assert(
      fc.asyncProperty(mediaType, material, content, tlogEntries, async (type, m, c, t) => {
        const json = {
          mediaType: type,
          verificationMaterial: { ...(m as object), tlogEntries: t },
          ...(c as object),
        };
        const bytes = Buffer.from(JSON.stringify(json));
        expect(sigstoreModule.recognise(bytes)).toBe(true);
        const parsed = parseOrUndefined(bytes);
        if (parsed) expect((await check(parsed)).outcome).not.toBe('valid');
      }),
      RUNS,
    );
  });
});

const SEEDS = [
  'happy-path-v0.1',
  'happy-path-v0.3',
  'happy-path-intoto-in-dsse-v3',
  'rekor2-happy-path',
  'rekor2-dsse-happy-path',
];

describe.skipIf(!conformanceAvailable())('mutated conformance bundles', () => {
  // Collected even when skipped: read the cases only when they are there.
  const seeds = (conformanceAvailable() ? SEEDS : []).map((name) => {
    const json = conformanceBundleJson(name);
    const text = JSON.stringify(json);
    const parsed = sigstoreModule.parse(Buffer.from(text));
    return { name, text, facts: reportedFacts(parsed), root: conformanceTrustedRootJson(name) };
  });
  const byName = new Map(seeds.map((s) => [s.name, s]));
  // Counterexamples name the seed only: the bundles themselves are too long to print.
  const seed = fc.constantFrom(...SEEDS);
  const seedNamed = (name: string) => byName.get(name) as (typeof seeds)[number];

  it('the seeds verify unmutated', async () => {
    for (const s of seeds) {
      const result = await check(sigstoreModule.parse(Buffer.from(s.text)), s.root);
      expect(result.outcome, `${s.name}: ${result.reason}`).toBe('valid');
    }
  });

  /**
   * A mutation may still verify only if it removed redundant evidence (a v0.1 bundle's optional
   * inclusion proof, a second time stamp) or changed nothing: everything a verdict rests on or
   * reports must be the original's.
   */
  async function neverValidUnlessSame(s: (typeof seeds)[number], bytes: Uint8Array): Promise<void> {
    const parsed = parseOrUndefined(bytes);
    if (!parsed) return;
    const result = await check(parsed, s.root);
    if (result.outcome === 'valid') expect(reportedFacts(parsed)).toEqual(s.facts);
  }

  it('byte flips, cuts and insertions', async () => {
    const edit = fc.oneof(
      fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), mask: fc.integer({ min: 1, max: 255 }) }),
      fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
      fc.record({
        kind: fc.constant('insert' as const),
        at: fc.nat(),
        byte: fc.integer({ min: 0, max: 255 }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(seed, edit, async (name, e) => {
        const s = seedNamed(name);
        const bytes = Buffer.from(s.text);
        const at = e.at % bytes.length;
        let mutated: Buffer;
        if (e.kind === 'flip') {
          mutated = Buffer.from(bytes);
          mutated[at] = (mutated[at] ?? 0) ^ e.mask;
        } else if (e.kind === 'cut') {
          mutated = bytes.subarray(0, at);
        } else {
          mutated = Buffer.concat([bytes.subarray(0, at), Buffer.from([e.byte]), bytes.subarray(at)]);
        }
        await neverValidUnlessSame(s, mutated);
      }),
      CHECK_RUNS,
    );
  });

  it('one JSON value replaced anywhere in the bundle', async () => {
    await fc.assert(
      fc.asyncProperty(
        seed,
        fc.nat(),
        fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.base64String(), fc.bigInt().map(String)),
        async (name, pick, value) => {
          const s = seedNamed(name);
          const json = JSON.parse(s.text);
          const paths = leafPaths(json);
          const path = paths[pick % paths.length] ?? [];
          setAt(json, path, value);
          await neverValidUnlessSame(s, Buffer.from(JSON.stringify(json)));
        },
      ),
      CHECK_RUNS,
    );
  });
});

/** What was signed, by which key, and where it was logged: what a verdict rests on and reports. */
function reportedFacts(parsed: SigstoreBundle): unknown {
  const json = bundleToJSON(parsed.bundle) as Record<string, Json>;
  const material = json.verificationMaterial as Json;
  return {
    mediaType: json.mediaType,
    content: json.messageSignature ?? json.dsseEnvelope,
    key: material.certificate ?? material.x509CertificateChain?.certificates?.[0] ?? material.publicKey,
    entries: (material.tlogEntries as Json[]).map((e) => ({
      logIndex: e.logIndex,
      logId: e.logId,
      kindVersion: e.kindVersion,
      integratedTime: e.integratedTime,
      canonicalizedBody: e.canonicalizedBody,
    })),
  };
}

type Path = (string | number)[];

function leafPaths(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([k, v]) => leafPaths(v, [...prefix, k]))];
}

function setAt(root: unknown, path: Path, value: unknown): void {
  if (path.length === 0) return;
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1] as string | number] = value;
}
