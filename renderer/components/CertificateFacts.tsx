import type { KeyInfo } from '../../shared/ipc/contract';
import { onWhichToken } from '../../shared/token-words';
import { formatDate } from '../lib/format';
import { DetailsRow } from './DetailsRow';
import { Icon } from './Icon';

const DAY_MS = 86_400_000;
/** A certificate this close to its end is shown with a warning (as the CLI warns on import). */
const EXPIRY_WARNING_DAYS = 30;

/**
 * A code-signing certificate's facts on its card: who it names, who issued it, its thumbprint, until
 * when (with a warning from 30 days before), and where its key is.
 */
export function CertificateFacts({ keyInfo }: { keyInfo: KeyInfo }) {
  return (
    <dl className="details key-certificate" data-testid="key-certificate">
      <DetailsRow term="Certificate for">{keyInfo.label ?? keyInfo.name}</DetailsRow>
      {keyInfo.issuer ? <DetailsRow term="Issued by">{keyInfo.issuer}</DetailsRow> : null}
      <ThumbprintRow keyInfo={keyInfo} />
      {keyInfo.expiresAt ? (
        <div className="details__row">
          <dt>Valid until</dt>
          <ValidUntil expiresAt={keyInfo.expiresAt} />
        </div>
      ) : null}
      <DetailsRow term="Key kept">
        {keyInfo.location === 'token'
          ? `${capitalised(onWhichToken(keyInfo))}; its PIN is asked each time`
          : 'In your keystore, protected by the certificate file’s password'}
      </DetailsRow>
    </dl>
  );
}

const capitalised = (words: string) => words.charAt(0).toUpperCase() + words.slice(1);

/** The certificate's SHA-256 thumbprint, as its card and the Sign screen show it. */
export function ThumbprintRow({ keyInfo }: { keyInfo: Pick<KeyInfo, 'fingerprint'> }) {
  return keyInfo.fingerprint ? (
    <DetailsRow term="Thumbprint (SHA-256)" mono>
      {keyInfo.fingerprint}
    </DetailsRow>
  ) : null;
}

function ValidUntil({ expiresAt }: { expiresAt: string }) {
  const left = Math.ceil((Date.parse(expiresAt) - Date.now()) / DAY_MS);
  if (left > EXPIRY_WARNING_DAYS) return <dd>{formatDate(expiresAt)}</dd>;
  return (
    <dd className="key-backup key-backup--missing" data-testid="certificate-expiry-warning">
      <Icon name="warning" size={14} />
      <span>
        {formatDate(expiresAt)}
        {left <= 0
          ? ': expired, it can no longer sign'
          : `: expires in ${left === 1 ? '1 day' : `${left} days`}, renew it before your next release`}
      </span>
    </dd>
  );
}
