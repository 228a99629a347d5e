import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SignetError } from '../../electron/core/errors';
import type {
  ContentFacts,
  FormatCheck,
  FormatModule,
  TrustMaterial,
} from '../../electron/core/formats/format-module';
import { FORMATS } from '../../electron/core/formats/registry';
import { refuseAllPolicy, standardPolicy, type VerifyPolicy } from '../../electron/core/policy/verify-policy';
import type { TrustEntry } from '../../electron/core/trust/trust-entry';
import { planFor, readBytes } from '../../electron/core/verify/content-facts';
import { type Fixture, fixturesFor } from './fixtures';

// biome-ignore lint/suspicious/noExplicitAny: every module, whatever its types
type AnyModule = FormatModule<any, any>;

/** The module's own path through verification, kind-blind: precheck, needs, one read, check. */
async function checkWith(
  module: AnyModule,
  signature: Uint8Array,
  content: Uint8Array,
  trust: readonly TrustEntry[],
  policy: VerifyPolicy = standardPolicy(),
  material: TrustMaterial = { caRoots: [] },
): Promise<FormatCheck> {
  const sig = module.parse(signature);
  const accepted = trust.filter((entry) => module.accepts.includes(entry.kind));
  const pre = module.precheck?.(sig, policy);
  if (pre && !pre.ok) return { outcome: 'refused', rule: pre.rule, reason: pre.reason, algorithm: '' };
  const needs = module.needsWith ? module.needsWith(sig, accepted) : sig.needs;
  const { plan, split } = planFor([needs], ['sha256']);
  const [facts] = split(readBytes(sig.carriedMessage ?? content, plan));
  return module.check(sig, facts as ContentFacts, {
    trust: accepted,
    material,
    policy,
    what: 'The file',
    purpose: 'file',
    trustSource: 'trust-list',
  });
}

const all = await Promise.all(
  FORMATS.map(async (descriptor) => ({
    descriptor,
    module: await descriptor.load(),
    fixtures: fixturesFor(descriptor.id),
  })),
);

describe.each(all)('format module $module.id', ({ descriptor, module, fixtures }) => {
  it('has fixtures to be tested with', () => {
    expect(fixtures.length).toBeGreaterThan(0);
  });

  it('is what its registry descriptor says, so the registry can decide without loading it', () => {
    expect(module.id).toBe(descriptor.id);
    expect(module.accepts).toEqual(descriptor.accepts);
    expect(module.placement).toBe(descriptor.placement);
    expect(module.suffixes).toEqual(descriptor.suffixes);
    expect(module.listNames).toEqual(descriptor.listNames);
    for (const f of all.flatMap((o) => o.fixtures)) {
      expect(module.recognise(f.signature), f.name).toBe(descriptor.recognise(f.signature));
    }
  });

  it('recognises its own fixtures and refuses every other module’s', () => {
    for (const f of fixtures) expect(module.recognise(f.signature), f.name).toBe(true);
    for (const other of all.filter((o) => o.module !== module)) {
      for (const f of other.fixtures) expect(module.recognise(f.signature), f.name).toBe(false);
    }
  });

  it.each(fixtures.map((f) => [f.name, f] as [string, Fixture]))(
    '%s: valid with its key trusted, with the trusted name',
    async (_, f) => {
      const check = await checkWith(module, f.signature, f.content, [f.trust], undefined, f.material);
      expect(check.outcome).toBe('valid');
      expect(check.signerName).toBe(f.trust.name);
    },
  );

  it.each(fixtures.map((f) => [f.name, f] as [string, Fixture]))(
    '%s: one flipped byte is invalid',
    async (_, f) => {
      const flipped = f.flipped();
      const check = await checkWith(
        module,
        flipped.signature,
        flipped.content,
        [f.trust],
        undefined,
        f.material,
      );
      expect(check.outcome).toBe('invalid');
      expect(check.signerName).toBeUndefined();
    },
  );

  it.each(fixtures.map((f) => [f.name, f] as [string, Fixture]))(
    '%s: an empty trust list gives unknown-signer, and a key of another kind is never used',
    async (_, f) => {
      expect((await checkWith(module, f.signature, f.content, [], undefined, f.material)).outcome).toBe(
        'unknown-signer',
      );
      // The same key bytes filed under every other kind must not make it valid.
      const kinds = ['minisign', 'ssh', 'openpgp', 'sigstore', 'x509'].filter(
        (k) => !module.accepts.includes(k),
      );
      const disguised = kinds.map((kind) => ({ ...f.trust, kind }) as unknown as TrustEntry);
      expect(
        (await checkWith(module, f.signature, f.content, disguised, undefined, f.material)).outcome,
      ).not.toBe('valid');
    },
  );

  it.each(fixtures.map((f) => [f.name, f] as [string, Fixture]))(
    '%s: refuseAllPolicy never gives valid',
    async (_, f) => {
      const check = await checkWith(module, f.signature, f.content, [f.trust], refuseAllPolicy, f.material);
      expect(check.outcome).not.toBe('valid');
    },
  );

  it('check never throws on bad facts, and parse only with a SignetError', async () => {
    const [f] = fixtures;
    if (!f) return;
    const sig = module.parse(f.signature);
    const bytes = fc.uint8Array({ maxLength: 80 });
    await fc.assert(
      fc.asyncProperty(bytes, bytes, fc.array(bytes, { maxLength: 3 }), async (a, b, list) => {
        const facts: ContentFacts = {
          size: a.length,
          digests: { sha256: Buffer.from(a), sha512: Buffer.from(b), blake2b512: Buffer.from(b) },
          prefixed: list,
          suffixed: list,
        };
        const ctx = {
          trust: [f.trust],
          material: f.material ?? { caRoots: [] },
          policy: standardPolicy(),
          what: 'The file',
        };
        const check = await module.check(sig, facts, ctx);
        expect(check.outcome).not.toBe('valid');
      }),
      { numRuns: 60 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (garbage) => {
        try {
          module.parse(garbage);
        } catch (error) {
          expect(error).toBeInstanceOf(SignetError);
        }
      }),
      { numRuns: 200 },
    );
  });
});
