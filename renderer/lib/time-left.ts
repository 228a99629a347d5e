/**
 * How much of a job is done, from the latest progress event: finished files count whole, the current
 * one by its bytes. Files differ in size, so this is an estimate, said as "about".
 */
export function fractionDone(p: {
  fileIndex: number;
  fileCount: number;
  bytesDone: number;
  bytesTotal: number;
}): number {
  if (p.fileCount <= 0) return 0;
  const current = p.bytesTotal > 0 ? Math.min(p.bytesDone / p.bytesTotal, 1) : 0;
  return Math.min((p.fileIndex + current) / p.fileCount, 1);
}

/**
 * "About 2 minutes left": from the time spent so far and the share done. Nothing until there is
 * enough to go on (a second and 2 % in), so the first guess is not a wild one.
 */
export function timeLeft(elapsedMs: number, fraction: number): string {
  if (elapsedMs < 1000 || fraction < 0.02) return '';
  if (fraction >= 1) return 'Almost done';
  const seconds = Math.ceil(((elapsedMs / fraction) * (1 - fraction)) / 1000);
  if (seconds < 5) return 'A few seconds left';
  if (seconds < 60) return `About ${Math.ceil(seconds / 5) * 5} seconds left`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `About ${minutes} minute${minutes === 1 ? '' : 's'} left`;
  const hours = Math.round(minutes / 6) / 10;
  return `About ${hours} hour${hours === 1 ? '' : 's'} left`;
}
