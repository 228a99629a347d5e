import type {
  TrustedIdentityInfo,
  TrustedOpenPgpInfo,
  TrustedPublisherInfo,
  TrustedSignerInfo,
} from '../../shared/ipc/contract';
import { printable } from '../../shared/printable';
import { formatDate } from '../lib/format';

/** Hex in groups of four, as publishers print fingerprints and thumbprints, so it can be read aloud. */
export function groupedHex(hex: string): string {
  return (hex.toUpperCase().match(/.{1,4}/g) ?? []).join(' ');
}

/** What kind of signer a card is about, in words. */
export function kindWords(signer: TrustedSignerInfo): string {
  switch (signer.kind) {
    case 'minisign':
      return 'minisign or signify key';
    case 'ssh':
      return 'SSH key';
    case 'openpgp':
      return 'OpenPGP key';
    case 'sigstore':
      return 'Sigstore identity';
    case 'x509':
      return 'Publisher certificate';
  }
}

/** The facts a person compares with what the publisher documents, per kind of signer. */
export function SignerFacts({ signer }: { signer: TrustedSignerInfo }) {
  if (signer.kind === 'openpgp') return <OpenPgpFacts signer={signer} />;
  if (signer.kind === 'sigstore') return <IdentityFacts signer={signer} />;
  if (signer.kind === 'x509') return <PublisherFacts signer={signer} />;
  return null;
}

function OpenPgpFacts({ signer }: { signer: TrustedOpenPgpInfo }) {
  const expired = signer.expires !== undefined && Date.parse(signer.expires) <= Date.now();
  return (
    <dl className="signer-facts">
      <Fact term="Fingerprint">
        <span className="mono signer-facts__hex">{groupedHex(signer.fingerprint)}</span>
      </Fact>
      {signer.userIds.map((id) => (
        <Fact key={id} term="The key says">
          <span className="signer-facts__claim">{printable(id)}</span>
        </Fact>
      ))}
      <Fact term={expired ? 'Expired' : 'Expires'}>
        {signer.expires ? formatDate(signer.expires) : 'Never'}
      </Fact>
      {signer.subkeys > 0 ? (
        <Fact term="Subkeys">{`${signer.subkeys} (signatures by them count as this key’s)`}</Fact>
      ) : null}
    </dl>
  );
}

function IdentityFacts({ signer }: { signer: TrustedIdentityInfo }) {
  return (
    <dl className="signer-facts">
      <Fact term="Identity">
        <span className="mono signer-facts__hex">{printable(signer.identity)}</span>
      </Fact>
      <Fact term="Issuer">
        <span className="mono signer-facts__hex">{printable(signer.issuer)}</span>
      </Fact>
    </dl>
  );
}

function PublisherFacts({ signer }: { signer: TrustedPublisherInfo }) {
  const cert = signer.certificate;
  return (
    <dl className="signer-facts">
      {cert ? <Fact term="The certificate names">{printable(cert.publisher)}</Fact> : null}
      {cert ? <Fact term="Issued by">{printable(cert.issuer)}</Fact> : null}
      {signer.thumbprintSha256 ? (
        <Fact term="Thumbprint (SHA-256)">
          <span className="mono signer-facts__hex">{groupedHex(signer.thumbprintSha256)}</span>
        </Fact>
      ) : null}
      {signer.subject ? <Fact term="Subject">{printable(signer.subject.replace(/\n/g, ', '))}</Fact> : null}
      {signer.rootSha256 ? (
        <Fact term="Issuing root (SHA-256)">
          <span className="mono signer-facts__hex">{groupedHex(signer.rootSha256)}</span>
        </Fact>
      ) : null}
      {cert ? (
        <Fact term="Valid">{`${formatDate(cert.validFrom)} to ${formatDate(cert.validTo)}`}</Fact>
      ) : null}
    </dl>
  );
}

function Fact({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div className="signer-facts__row">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}
