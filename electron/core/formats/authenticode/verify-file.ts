import { FormatError } from '../../errors';
import type { CheckContext, FormatCheck } from '../format-module';
import { readEmbeddedSignature } from './embedded-signature';
import { authenticodeModule } from './module';
import { peImageDigestsOfFile } from './pe-image-digest';
import type { TrustedPublisher } from './publisher-entry';

export type AuthenticodeFileAnswer =
  | { kind: 'no-signature' }
  | { kind: 'malformed'; reason: string }
  | { kind: 'checked'; check: FormatCheck };

/**
 * The whole path for one .exe/.dll/.msi file, as the registry runs it: read the embedded
 * signature, parse, precheck, one streamed read for a PE's digests, check. For tests and the
 * integrator; it adds no rules of its own.
 */
export async function verifyAuthenticodeFile(
  path: string,
  ctx: CheckContext<TrustedPublisher>,
): Promise<AuthenticodeFileAnswer> {
  try {
    const bytes = await readEmbeddedSignature(path);
    if (!bytes) return { kind: 'no-signature' };
    const sig = authenticodeModule.parse(bytes);
    const pre = authenticodeModule.precheck?.(sig, ctx.policy);
    if (pre && !pre.ok) {
      return {
        kind: 'checked',
        check: { outcome: 'refused', rule: pre.rule, reason: pre.reason, algorithm: 'Authenticode' },
      };
    }
    if (sig.variant === 'msi') {
      return {
        kind: 'checked',
        check: await authenticodeModule.check(sig, { size: bytes.length, digests: {}, suffixed: [] }, ctx),
      };
    }
    const algorithms = sig.needs.flatMap((n) =>
      n.kind === 'pe-image-digest' ? [n.algorithm as 'sha256'] : [],
    );
    const { digests, layout } = await peImageDigestsOfFile(path, algorithms);
    const content = { size: layout.fileSize, digests: {}, suffixed: [], peDigests: digests };
    return { kind: 'checked', check: await authenticodeModule.check(sig, content, ctx) };
  } catch (error) {
    if (error instanceof FormatError) return { kind: 'malformed', reason: error.message };
    throw error;
  }
}
