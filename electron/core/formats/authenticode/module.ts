import { HASH_LABEL } from '../../../../shared/hash-label';
import { FormatError } from '../../errors';
import type { VerifyPolicy } from '../../policy/verify-policy';
import type {
  CheckContext,
  ContentFacts,
  ContentNeed,
  FormatCheck,
  FormatModule,
  ParsedSignature,
} from '../format-module';
import { parseRootsSoon } from './chain';
import { checkAuthenticode } from './check';
import { checkAuthenticodeMsi, msiDigestsOf } from './check-msi';
import { authenticodeFacts } from './descriptor';
import { findEmbedded, peDigestsOf } from './embedded-read';
import { looksLikeOle, type MsiFile, msiContentDigests, msiNeeds, readMsiBytes } from './msi';
import type { PeDigestName } from './pe-image-digest';
import { peImageNeeds } from './pe-image-needs';
import { looksLikePe, type PeLayout, readPeLayout } from './pe-layout';
import type { TrustedPublisher } from './publisher-entry';
import { type AuthenticodeSignature, readAuthenticode } from './signed-data';
import { authenticodeSigning } from './signing';
import { systemCaRoots } from './system-roots';
import { readWinCertificates } from './win-certificate';

export interface AuthenticodeParsed extends ParsedSignature {
  format: 'authenticode';
  variant: 'pe' | 'msi';
  /** MSI only: the package's structure, whose content digests the needs ask for by ranges. */
  msi?: MsiFile;
  /** MSI handed over whole (parse): the digests are computed from these bytes, not from a read. */
  msiBytes?: Uint8Array;
  /** Every signature in the file, primary ones and nested ones, in file order. */
  signatures: readonly AuthenticodeSignature[];
}

/**
 * Authenticode as a format module. The signature is embedded: discovery reads the PE certificate
 * table with readCertificateTable() (undefined table = no signature) and passes its bytes to
 * parse(); the content need is the PE image digest, computed as ranged hashes in the one read.
 * Roots come in `ctx.material.caRoots` (systemCaRoots() plus managed and --ca-roots ones).
 */
export const authenticodeModule: FormatModule<AuthenticodeParsed, TrustedPublisher> = {
  ...authenticodeFacts,
  signing: authenticodeSigning,
  parse(bytes): AuthenticodeParsed {
    if (looksLikeOle(bytes)) {
      return { ...parseMsi(readMsiBytes(bytes)), msiBytes: bytes };
    }
    if (looksLikePe(bytes)) {
      // A whole signed program held in memory: the signature is its certificate table.
      const layout = readPeLayout(bytes, bytes.length);
      if (!layout.certTable) throw new FormatError('The program has no signature.');
      const { offset, size } = layout.certTable;
      return parsePe(bytes.subarray(offset, offset + size), layout);
    }
    return parsePe(bytes);
  },
  embedded(file) {
    const found = findEmbedded(file);
    if (!found) return undefined;
    // The check's roots (the system's, which the caller loaded) are parsed while the file is hashed.
    void systemCaRoots().then((roots) => parseRootsSoon(roots));
    if (found.kind === 'pe') return parsePe(found.table, found.layout);
    return found.msi.signature ? parseMsi(found.msi) : undefined;
  },
  precheck(sig, policy: VerifyPolicy) {
    let refusal: { ok: false; rule: NonNullable<FormatCheck['rule']>; reason: string } | undefined;
    for (const s of sig.signatures) {
      const hash = s.imageDigestAlgorithm;
      if (!hash) continue;
      const decision = policy.hash(hash, 'document');
      if (decision.ok) return { ok: true };
      refusal ??= {
        ok: false,
        rule: decision.rule,
        reason: `The file is signed only with ${HASH_LABEL[hash]}: ${decision.detail}.`,
      };
    }
    return (
      refusal ?? {
        ok: false,
        rule: 'refused-algorithm',
        reason: 'The file’s signature uses a hash Signet does not know.',
      }
    );
  },
  check: (sig, content: ContentFacts, ctx: CheckContext<TrustedPublisher>) =>
    sig.msi
      ? checkAuthenticodeMsi(
          sig.signatures,
          sig.msi,
          sig.msiBytes
            ? msiContentDigests(sig.msi, sig.msiBytes, digestAlgorithms(sig.signatures))
            : msiDigestsOf(sig.needs, content),
          ctx,
        )
      : checkAuthenticode(
          sig.signatures,
          { ...content, peDigests: peDigestsOf(sig.needs, content) },
          ctx,
          'pe',
        ),
};

function parseMsi(msi: MsiFile): AuthenticodeParsed {
  if (!msi.signature) throw new FormatError('The installer package has no signature.');
  const signatures = readAuthenticode(msi.signature);
  return {
    format: 'authenticode',
    variant: 'msi',
    msi,
    signatures,
    needs: msiNeeds(msi, digestAlgorithms(signatures)),
  };
}

const digestAlgorithms = (signatures: readonly AuthenticodeSignature[]): PeDigestName[] => [
  ...new Set(signatures.map((s) => s.imageDigestAlgorithm).filter((a): a is PeDigestName => !!a)),
];

/**
 * A PE's signatures from its certificate table. With the layout (the registry's path), the image
 * digest is asked for as `ranged-hash` needs met in the check's one read; without it (a table on
 * its own, verify-file.ts), as `pe-image-digest` needs the caller meets itself.
 */
function parsePe(table: Uint8Array, layout?: PeLayout): AuthenticodeParsed {
  const signatures = readWinCertificates(table).flatMap(readAuthenticode);
  const algorithms = digestAlgorithms(signatures);
  const needs: ContentNeed[] = layout
    ? peImageNeeds(layout, algorithms)
    : algorithms.map((algorithm) => ({ kind: 'pe-image-digest', algorithm }));
  return { format: 'authenticode', variant: 'pe', signatures, needs };
}
