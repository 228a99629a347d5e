import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { FormatError } from '../../electron/core/errors';
import type { FormatCheck } from '../../electron/core/formats/format-module';
import { sigstoreModule } from '../../electron/core/formats/sigstore/module';
import type { SigstoreTrustEntry } from '../../electron/core/formats/sigstore/trust-entry';
import { standardPolicy } from '../../electron/core/policy/verify-policy';
import {
  conformanceArtifact,
  conformanceBundleJson,
  conformanceTrustedRootJson,
  DEFAULT_IDENTITY,
  DEFAULT_ISSUER,
  trustEntryFor,
} from './sigstore-conformance';

// biome-ignore lint/suspicious/noExplicitAny: tests reach into bundle JSON by path
export type Json = any;

export interface EditRun {
  edit?: (bundle: Json) => void;
  artifact?: Buffer;
  trust?: SigstoreTrustEntry[];
  now?: Date;
}

/**
 * A conformance case's bundle, edited, run through the module as the registry will: parse (FormatError → 'malformed'), then check. */
export async function verifyEdited(caseName: string, run: EditRun = {}): Promise<FormatCheck | 'malformed'> {
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

export const outcomeOf = (r: FormatCheck | 'malformed') => (r === 'malformed' ? r : r.outcome);
export const tlog = (b: Json) => b.verificationMaterial.tlogEntries[0];

/** Good cases the edits start from: a message signature, a DSSE attestation, a Rekor v2 entry. */
export const MESSAGE = 'happy-path-v0.3';
export const DSSE = 'happy-path-intoto-in-dsse-v3';
export const REKOR2 = 'rekor2-happy-path';
