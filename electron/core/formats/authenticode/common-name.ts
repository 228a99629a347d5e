/** Node prints names one "KEY=value" per line; the CN (else O) is what a person recognises. */
export function commonNameOf(name: string | undefined): string {
  // Node leaves the subject of a certificate with an empty name undefined.
  if (!name) return 'a certificate without a name';
  const fields = new Map<string, string>();
  for (const line of name.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0 && !fields.has(line.slice(0, at))) fields.set(line.slice(0, at), line.slice(at + 1));
  }
  return fields.get('CN') ?? fields.get('O') ?? name.replace(/\n/g, ', ');
}
