import { printable, printableComment } from '../../shared/printable';
import type { VerifyResult } from '../../shared/verdict';
import { type DetailRow, factRows } from '../../shared/verdict-words';
import { baseName, formatDate, formatDateTime } from '../lib/format';
import { useAppStore } from '../store';
import { CopyButton } from './CopyButton';
import { DetailsRow } from './DetailsRow';
import { RevealButton } from './RevealButton';
import { sameKeyId } from './verdict-details/trust-kind';

/** A format's row: every value escaped, times in the person's locale, ids in monospace. */
function FactRow({ row }: { row: DetailRow }) {
  const text = row.look === 'time' ? formatDateTime(row.value) : printable(row.value);
  return (
    <DetailsRow term={row.term}>
      <span className={row.look === 'mono' ? 'mono' : undefined}>{text}</span>
      {row.copy ? (
        <>
          {' '}
          <CopyButton value={row.copy} what={row.term.toLowerCase()} />
        </>
      ) : null}
    </DetailsRow>
  );
}

const SIGNED_AT_SOURCE: Record<NonNullable<VerifyResult['signedAtSource']>, string> = {
  timestamp: 'proved by a timestamp',
  'transparency-log': 'recorded in a public log',
  signer: 'the signer’s own clock, not proved',
};

/**
 * Everything behind the answer, collapsed by default: words for staff first (who, who vouched for
 * the name, when), then facts for experts. Untrusted comments are never carried here.
 */
export function VerdictDetails({ result }: { result: VerifyResult }) {
  const trusted = useAppStore((state) => state.trusted.list);
  const keyId = result.keyId;
  const entry = result.signerName && keyId ? trusted.find((s) => sameKeyId(s.keyId, keyId)) : undefined;
  const own = factRows(result);
  const signer = result.signerName
    ? `${printable(result.signerName)}${result.signerManaged ? ' (managed by your organisation)' : ''}`
    : result.keyId || result.verdict === 'unknown-signer'
      ? 'Not one of your trusted signers'
      : undefined;
  return (
    <details className="details">
      <summary>Details</summary>
      <dl className="details__list">
        <DetailsRow term="File">
          <span className="path">{printable(result.file)}</span>
        </DetailsRow>
        {signer ? <DetailsRow term="Signed by">{signer}</DetailsRow> : null}
        {result.vouchedBy ? (
          <DetailsRow term="Name confirmed by">{printable(result.vouchedBy)}</DetailsRow>
        ) : null}
        {entry ? <DetailsRow term="Trusted because">{trustedBecause(entry)}</DetailsRow> : null}
        {result.signedAt ? (
          <DetailsRow term="Signed on">
            {formatDateTime(result.signedAt)}
            {result.signedAtSource ? ` (${SIGNED_AT_SOURCE[result.signedAtSource]})` : ''}
          </DetailsRow>
        ) : null}
        {own.staff.map((row) => (
          <FactRow key={`${row.term}\u0000${row.value}`} row={row} />
        ))}
        {result.trustedComment !== undefined ? (
          <DetailsRow term="Signed comment">
            <span className="comment">{printableComment(result.trustedComment)}</span>
          </DetailsRow>
        ) : null}
        {result.signatureFile ? (
          <DetailsRow term="Signature file">
            <span className="path">{printable(result.signatureFile)}</span>{' '}
            <RevealButton path={result.signatureFile} what="signature file" />
          </DetailsRow>
        ) : null}
        {result.checksumList ? (
          <DetailsRow term="Checksum list">
            <span className="path">{printable(result.checksumList)}</span>
          </DetailsRow>
        ) : null}
      </dl>
      <p className="details__section">For experts</p>
      <dl className="details__list">
        {result.keyId && !own.showsKeyId ? (
          <DetailsRow term="Key ID">
            <span className="mono">{result.keyId}</span> <CopyButton value={result.keyId} what="key ID" />
          </DetailsRow>
        ) : null}
        {own.expert.map((row) => (
          <FactRow key={`${row.term}\u0000${row.value}`} row={row} />
        ))}
        {result.algorithm ? <DetailsRow term="Signature type">{result.algorithm}</DetailsRow> : null}
        {/* The core's own sentence (key ids, format words): the card says it in staff words. */}
        <DetailsRow term="Technical reason">{printable(result.reason)}</DetailsRow>
        {result.sha256 ? (
          <DetailsRow term="SHA-256">
            <span className="mono digest">{result.sha256}</span>{' '}
            <CopyButton value={result.sha256} what="SHA-256" />
          </DetailsRow>
        ) : null}
      </dl>
    </details>
  );
}

/** Where the name in the headline comes from: the person's own act, or their organisation. */
function trustedBecause(entry: { source: 'user' | 'managed'; addedAt: string; addedFrom?: string }): string {
  if (entry.source === 'managed') return 'Set by your organisation';
  const from = entry.addedFrom ? ` from ${baseName(entry.addedFrom)}` : '';
  return `You added this name on ${formatDate(entry.addedAt)}${from}`;
}
