import type { ComponentType, ReactNode } from 'react';
import { printable } from '../../shared/printable';
import type { SignerFact, SignerFactName, TrustedSignerInfo } from '../../shared/trusted-signer';
import { formatDate } from '../lib/format';

/** Hex in groups of four, as publishers print fingerprints and thumbprints, so it can be read aloud. */
function groupedHex(hex: string): string {
  return (hex.toUpperCase().match(/.{1,4}/g) ?? []).join(' ');
}

type FactRow = {
  [K in SignerFactName]: (fact: Extract<SignerFact, { fact: K }>) => { term: string; value: ReactNode };
};

const hex = (value: string) => <span className="mono signer-facts__hex">{groupedHex(value)}</span>;
const mono = (value: string) => <span className="mono signer-facts__hex">{printable(value)}</span>;

/** The one table of labels: how a card shows each fact a format gives, whatever the kind. */
const FACT_ROWS: FactRow = {
  fingerprint: (f) => ({ term: 'Fingerprint', value: hex(f.hex) }),
  'key-says': (f) => ({
    term: 'The key says',
    value: <span className="signer-facts__claim">{printable(f.text)}</span>,
  }),
  expires: (f) => ({
    term: f.at !== undefined && Date.parse(f.at) <= Date.now() ? 'Expired' : 'Expires',
    value: f.at ? formatDate(f.at) : 'Never',
  }),
  subkeys: (f) => ({ term: 'Subkeys', value: `${f.count} (signatures by them count as this key’s)` }),
  identity: (f) => ({ term: 'Identity', value: mono(f.text) }),
  issuer: (f) => ({ term: 'Issuer', value: mono(f.text) }),
  'certificate-names': (f) => ({ term: 'The certificate names', value: printable(f.text) }),
  'issued-by': (f) => ({ term: 'Issued by', value: printable(f.text) }),
  'thumbprint-sha256': (f) => ({ term: 'Thumbprint (SHA-256)', value: hex(f.hex) }),
  subject: (f) => ({ term: 'Subject', value: printable(f.text.replace(/\n/g, ', ')) }),
  'root-sha256': (f) => ({ term: 'Issuing root (SHA-256)', value: hex(f.hex) }),
  valid: (f) => ({ term: 'Valid', value: `${formatDate(f.from)} to ${formatDate(f.to)}` }),
  'key-id': (f) => ({ term: 'Key ID', value: mono(f.text) }),
};

/**
 * A kind whose card needs more than a list of its facts registers its own component here, by the
 * entry's kind; every other kind is drawn from FACT_ROWS.
 */
const SIGNER_FACTS_BY_KIND: Partial<Record<string, ComponentType<{ signer: TrustedSignerInfo }>>> = {};

/** The facts a person compares with what the publisher documents, as the signer's format gave them. */
export function SignerFacts({ signer }: { signer: TrustedSignerInfo }) {
  const Own = SIGNER_FACTS_BY_KIND[signer.kind];
  if (Own) return <Own signer={signer} />;
  if (signer.facts.length === 0) return null;
  return (
    <dl className="signer-facts">
      {signer.facts.map((fact) => {
        const { term, value } = (
          FACT_ROWS[fact.fact] as (f: SignerFact) => { term: string; value: ReactNode }
        )(fact);
        return (
          <Fact key={JSON.stringify(fact)} term={term}>
            {value}
          </Fact>
        );
      })}
    </dl>
  );
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="signer-facts__row">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}
