import type { SignerFact, SignerFactName } from '../../../shared/trusted-signer';

type Line = { [K in SignerFactName]: (fact: Extract<SignerFact, { fact: K }>) => string };

const inFours = (hex: string) => (hex.match(/.{1,4}/g) ?? []).join(' ');

/** How main's own dialog names each fact, one line each, so the person can tell which entry goes. */
const LINES: Line = {
  fingerprint: (f) => `Fingerprint: ${inFours(f.hex)}`,
  'key-says': (f) => `The key says: ${f.text}`,
  expires: (f) => `Expires: ${f.at ?? 'never'}`,
  subkeys: (f) => `Subkeys: ${f.count}`,
  identity: (f) => `Identity: ${f.text}`,
  issuer: (f) => `Issuer: ${f.text}`,
  'certificate-names': (f) => `The certificate names: ${f.text}`,
  'issued-by': (f) => `Issued by: ${f.text}`,
  'thumbprint-sha256': (f) => `Certificate thumbprint (SHA-256): ${f.hex}`,
  subject: (f) => `Subject: ${f.text.replace(/\n/g, ', ')}`,
  'root-sha256': (f) => `Issuing root (SHA-256): ${f.hex}`,
  valid: (f) => `Valid: ${f.from} to ${f.to}`,
  'key-id': (f) => `Key id: ${f.text}`,
};

export function removalLines(facts: readonly SignerFact[]): string[] {
  return facts.map((fact) => (LINES[fact.fact] as (f: SignerFact) => string)(fact));
}
