/**
 * The rows of the results table, in order; the smoke test checks every one is there. "(large)" is
 * the 1 GiB file (SIGNET_BENCH_SIZE); the rows without it use the 512 MiB one (SIGNET_BENCH_MID_SIZE).
 */
export const ROW_IDS = [
  'verify',
  'verify (large)',
  'verify --pubkey (large)',
  'verify + SHA-256 (large)',
  // bench/openpgp-rows.ts: a .minisig and a gpg .asc beside the file.
  'verify + OpenPGP (large)',
  'sign (large)',
  'SHA-256',
  'SHA-256 (large)',
  'check',
  'cold verify',
  'peak RSS',
  // Made by bench/sigstore-rows.ts and bench/authenticode-rows.ts.
  'sigstore verify',
  // Made by bench/sigstore-sign-rows.ts, against loopback services.
  'sigstore sign',
  'authenticode verify',
  'authenticode vs SHA-256',
  // Made by bench/authenticode-sign-rows.ts.
  'authenticode sign',
  'authenticode sign MSI',
] as const;
export type RowId = (typeof ROW_IDS)[number];

export interface Row {
  id: RowId;
  /** What was compared, e.g. "1 GiB, `signet verify` vs `minisign -V`". */
  what: string;
  signetMs: number;
  otherMs: number;
  /** Fastest and slowest timed run of each side, so the noise is on the page. */
  signetRange?: [number, number];
  otherRange?: [number, number];
  ratio: number;
  target: number;
  /** The target as shown, when it is not a ratio to the other tool ("floor + 40 ms"). */
  targetText?: string;
  met: boolean;
  /** The row's floor (bench/floor.ts): Node's start-up plus the same digests over bytes in memory. */
  floorMs?: number;
  floorRange?: [number, number];
  signetRssKiB: number | undefined;
  otherRssKiB: number | undefined;
  /** Shown instead of times (the RSS row compares sizes, not seconds). */
  signetText?: string;
  otherText?: string;
}
