import { FormatError } from '../../errors';
import type { CheckContext, FormatCheck } from '../format-module';
import { readCertificateTable } from './certificate-table';
import { authenticodeModule } from './module';
import { peImageDigestsOfFile } from './pe-image-digest';
import type { TrustedPublisher } from './publisher-entry';

export type PeFileAnswer =
  | { kind: 'no-signature' }
  | { kind: 'malformed'; reason: string }
  | { kind: 'checked'; check: FormatCheck };

/**
 * The whole path for one PE file, as the registry will run it: read the table, parse, precheck,
 * one streamed read for the digests, check. For tests and the integrator; it adds no rules.
 */
export async function verifyPeFile(path: string, ctx: CheckContext<TrustedPublisher>): Promise<PeFileAnswer> {
  try {
    const { table } = await readCertificateTable(path);
    if (!table) return { kind: 'no-signature' };
    const sig = authenticodeModule.parse(table);
    const pre = authenticodeModule.precheck?.(sig, ctx.policy);
    if (pre && !pre.ok)
      return {
        kind: 'checked',
        check: { outcome: 'refused', rule: pre.rule, reason: pre.reason, algorithm: 'Authenticode' },
      };
    const algorithms = sig.needs.flatMap((n) =>
      n.kind === 'pe-image-digest' ? [n.algorithm as 'sha256'] : [],
    );
    const { digests, layout } = await peImageDigestsOfFile(path, algorithms);
    const check = await authenticodeModule.check(
      sig,
      { size: layout.fileSize, digests: {}, suffixed: [], peDigests: digests },
      ctx,
    );
    return { kind: 'checked', check };
  } catch (error) {
    if (error instanceof FormatError) return { kind: 'malformed', reason: error.message };
    throw error;
  }
}
