import { FormatError } from '../../electron/core/errors';
import { readEmbeddedSignature } from '../../electron/core/formats/authenticode/embedded-signature';
import { authenticodeModule } from '../../electron/core/formats/authenticode/module';
import { peImageDigestsOfFile } from '../../electron/core/formats/authenticode/pe-image-digest';
import type { TrustedPublisher } from '../../electron/core/formats/authenticode/publisher-entry';
import type { CheckContext, FormatCheck } from '../../electron/core/formats/format-module';

export type AuthenticodeFileAnswer =
  | { kind: 'no-signature' }
  | { kind: 'malformed'; reason: string }
  | { kind: 'checked'; check: FormatCheck };

/**
 * One .exe/.dll/.msi file straight through the Authenticode module (no registry): read the
 * embedded signature, parse, precheck, one streamed read for a PE's digests, check. It adds no
 * rules of its own; tests compare its answers with the real tools'.
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
