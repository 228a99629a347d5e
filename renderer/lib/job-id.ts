let counter = 0;

/** A job id the contract accepts ([A-Za-z0-9_-], at most 64). Works outside secure contexts too. */
export function newJobId(kind: string): string {
  counter += 1;
  return `${kind}-${Date.now().toString(36)}-${counter}`;
}
