import { basename } from 'node:path';
import { BESIDE_KINDS, besideSentence } from '../../../shared/beside-hint';
import type { VerifyResult } from '../../../shared/verdict';
import { pathExists } from '../../core/fs/path-exists';

/**
 * For a file with no signature Signet reads: says what the publisher did put beside it (a bare
 * checksum file, an S/MIME signature), in place of "none was found". The verdict stays
 * no-signature; only the words change.
 */
export async function withBesideHint(result: VerifyResult): Promise<VerifyResult> {
  if (result.verdict !== 'no-signature') return result;
  for (const { suffix, kind } of BESIDE_KINDS) {
    const candidate = `${result.file}${suffix}`;
    // A hint must never cost the answer: anything odd about the path reads as "not there".
    if (await pathExists(candidate).catch(() => false)) {
      return {
        ...result,
        code: kind === 'checksum' ? 'beside-checksum' : 'beside-signature',
        reason: besideSentence(basename(candidate), kind),
        besideFile: candidate,
        details: [...(result.details ?? []), { label: 'Found beside it', value: candidate }],
        notes: [...(result.notes ?? []), { label: 'Found beside it', value: candidate }],
      };
    }
  }
  return result;
}
