import type { VerifyResult } from '../../../shared/verdict';
import { authenticodeRows } from './authenticode-rows';
import { type FormatRows, sortDetails } from './detail-rows';
import { openPgpRows } from './openpgp-rows';
import { sigstoreRows } from './sigstore-rows';

/** The rows a verdict's own format adds, by the format main reported (checksum lists by their facts). */
export function formatRows(result: VerifyResult): FormatRows {
  const format = result.format ?? '';
  if (format.startsWith('openpgp') || hasLabel(result, 'The key says') || hasLabel(result, 'Fingerprint'))
    return openPgpRows(result);
  if (format.startsWith('sigstore') || hasLabel(result, 'Trust root')) return sigstoreRows(result);
  if (format.startsWith('authenticode')) return authenticodeRows(result);
  return sortDetails(result.details, {});
}

const hasLabel = (result: VerifyResult, label: string) =>
  result.details?.some((d) => d.label === label) ?? false;
