/** The rows of the results table, in order; the smoke test checks every one is there. */
export const ROW_IDS = [
  'verify',
  'verify + SHA-256',
  'sign',
  'SHA-256',
  'check',
  'cold verify',
  'peak RSS',
] as const;
export type RowId = (typeof ROW_IDS)[number];

export interface Row {
  id: RowId;
  /** What was compared, e.g. "1 GiB, `signet verify` vs `minisign -V`". */
  what: string;
  signetMs: number;
  otherMs: number;
  ratio: number;
  target: number;
  met: boolean;
  signetRssKiB: number | undefined;
  otherRssKiB: number | undefined;
  /** Shown instead of times (the RSS row compares sizes, not seconds). */
  signetText?: string;
  otherText?: string;
}
