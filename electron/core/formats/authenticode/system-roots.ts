import { readFile } from 'node:fs/promises';

/**
 * Where the operating system keeps the roots it trusts, as one PEM bundle. Signet ships no root
 * list of its own. On Windows the platform check (windows-trust.ts) asks Windows itself.
 */
const BUNDLES = [
  '/etc/ssl/certs/ca-certificates.crt',
  '/etc/pki/tls/certs/ca-bundle.crt',
  '/etc/ssl/cert.pem',
];

let cached: Promise<Uint8Array[]> | undefined;

/** DER of every root in the first bundle found; empty when there is none. Read once per process. */
export function systemCaRoots(): Promise<Uint8Array[]> {
  cached ??= (async () => {
    for (const path of BUNDLES) {
      try {
        return pemCertificates(await readFile(path, 'latin1'));
      } catch {
        // next candidate
      }
    }
    return [];
  })();
  return cached;
}

/** Every CERTIFICATE block of a PEM text, as DER. Other blocks and text between them are ignored. */
export function pemCertificates(text: string): Uint8Array[] {
  const found: Uint8Array[] = [];
  const block = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]{1,200000}?)-----END CERTIFICATE-----/g;
  for (const match of text.matchAll(block)) {
    const der = Buffer.from(match[1]!.replace(/\s+/g, ''), 'base64');
    if (der.length > 0) found.push(new Uint8Array(der));
  }
  return found;
}
