import type { TrustedSignerInfo } from '../../shared/ipc/contract';
import { printable } from '../../shared/printable';
import { formatDate } from '../lib/format';
import { Icon } from './Icon';
import { SignerFacts } from './SignerFacts';

/** One trusted signer of any kind; the organisation's own entries are marked and cannot be removed here. */
export function SignerCard({ signer, onRemove }: { signer: TrustedSignerInfo; onRemove: () => void }) {
  const titleId = `signer-${signer.source}-${signer.keyId.replace(/[^A-Za-z0-9]/g, '')}`;
  const managed = signer.source === 'managed';
  return (
    <article className="card" aria-labelledby={titleId} data-signer-kind={signer.kind}>
      <div className="card__header">
        <Icon name={managed ? 'building' : 'users'} size={20} className="card__icon" />
        <div className="card__heading">
          <h3 id={titleId} className="card__title">
            {printable(signer.name)}
            {managed ? <span className="badge">Managed by your organisation</span> : null}
          </h3>
          {signer.note ? <p className="card__note">{printable(signer.note)}</p> : null}
          <p className="card__meta">
            {signer.meta.includes('key-id') ? (
              <>
                Key ID <span className="mono">{signer.keyId}</span>
                {signer.meta.includes('kind') ? ` · ${signer.kindWords}` : ''}
              </>
            ) : (
              signer.kindWords
            )}{' '}
            · Added {formatDate(signer.addedAt)}
            {signer.addedFrom ? ` from ${printable(signer.addedFrom)}` : ''}
          </p>
        </div>
        {managed ? null : (
          <button type="button" className="button button--small button--danger-quiet" onClick={onRemove}>
            Remove<span className="visually-hidden"> {printable(signer.name)}</span>
          </button>
        )}
      </div>
      <SignerFacts signer={signer} />
    </article>
  );
}
