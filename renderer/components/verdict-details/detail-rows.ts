import type { VerifyResult } from '../../../shared/verdict';

/** One row of the details panel, as data: the panel decides how each kind of value looks. */
export interface DetailRow {
  term: string;
  value: string;
  /** mono: fingerprints, thumbprints, log indexes; time: an ISO time shown in the person's locale. */
  look?: 'text' | 'mono' | 'time';
  /** Offer a Copy button for this value. */
  copy?: string;
}

/** The rows a format adds: words for staff first, facts for experts after (VERDICTS.md). */
export interface FormatRows {
  staff: DetailRow[];
  expert: DetailRow[];
  /** The format shows the key's id itself (an OpenPGP fingerprint), so the generic Key ID row is left out. */
  showsKeyId?: boolean;
}

type Detail = NonNullable<VerifyResult['details']>[number];

/**
 * Sorts the core's detail facts by label into the two groups. A label the map does not know goes to
 * the experts, as it is: nothing the core says is dropped.
 */
export function sortDetails(
  details: readonly Detail[] | undefined,
  known: Record<
    string,
    { group: 'staff' | 'expert' | 'hide'; term?: string; look?: DetailRow['look']; copy?: boolean }
  >,
): FormatRows {
  const rows: FormatRows = { staff: [], expert: [] };
  for (const detail of details ?? []) {
    const rule = known[detail.label] ?? matchPrefix(known, detail.label);
    if (rule?.group === 'hide') continue;
    const row: DetailRow = {
      term: rule?.term ?? detail.label,
      value: detail.value,
      ...(rule?.look ? { look: rule.look } : {}),
      ...(rule?.copy ? { copy: detail.value } : {}),
    };
    rows[rule?.group ?? 'expert'].push(row);
  }
  return rows;
}

/** Labels that carry a number ("Signature 2 of 3") are keyed by their start followed by "…". */
function matchPrefix<T>(known: Record<string, T>, label: string): T | undefined {
  for (const [key, rule] of Object.entries(known)) {
    if (key.endsWith('…') && label.startsWith(key.slice(0, -1))) return rule;
  }
  return undefined;
}
