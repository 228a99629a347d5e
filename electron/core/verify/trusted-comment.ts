/** minisign's default trusted comment starts `timestamp:<unix seconds>`; that is the signed time. */
export function signedAtFromTrustedComment(comment: string): string | undefined {
  const match = /(?:^|\t)timestamp:(\d{1,12})(?:\t|$)/.exec(comment);
  if (!match?.[1]) return undefined;
  const date = new Date(Number(match[1]) * 1000);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
