import { useState } from 'react';
import type { KeyInfo } from '../../shared/ipc/contract';
import { call, errorSentence } from '../lib/bridge';
import { formatDate } from '../lib/format';
import { CopyButton } from './CopyButton';
import { Icon } from './Icon';
import { RevealButton } from './RevealButton';

type Saved = { what: 'public key' | 'backup'; path: string } | null;

/** One key: its public half can be shown, copied and saved; the secret half only backed up. */
export function KeyCard({ keyInfo, onDelete }: { keyInfo: KeyInfo; onDelete: () => void }) {
  const [showPublic, setShowPublic] = useState(false);
  const [saved, setSaved] = useState<Saved>(null);
  const [error, setError] = useState<string | null>(null);
  const panelId = `public-${keyInfo.keyId}`;

  async function save(channel: 'savePublicKey' | 'backupKey') {
    setError(null);
    setSaved(null);
    try {
      const { savedTo } = await call(channel, { keyId: keyInfo.keyId });
      if (savedTo) setSaved({ what: channel === 'backupKey' ? 'backup' : 'public key', path: savedTo });
    } catch (caught) {
      setError(errorSentence(caught));
    }
  }

  return (
    <article className="card" aria-labelledby={`key-${keyInfo.keyId}`}>
      <div className="card__header">
        <Icon name="key" size={20} className="card__icon" />
        <div className="card__heading">
          <h3 id={`key-${keyInfo.keyId}`} className="card__title">
            {keyInfo.name}
          </h3>
          <p className="card__meta">
            Key ID <span className="mono">{keyInfo.keyId}</span> · Created {formatDate(keyInfo.createdAt)}
          </p>
        </div>
      </div>
      <div className="card__actions">
        <button
          type="button"
          className="button button--small"
          aria-expanded={showPublic}
          aria-controls={panelId}
          onClick={() => setShowPublic(!showPublic)}
        >
          {showPublic ? 'Hide public key' : 'Public key'}
        </button>
        <button type="button" className="button button--small" onClick={() => void save('backupKey')}>
          Back up…
        </button>
        <button type="button" className="button button--small button--danger-quiet" onClick={onDelete}>
          Delete…
        </button>
      </div>
      {showPublic ? (
        <div className="public-key" id={panelId}>
          <p className="public-key__hint">
            Share this with people who check your files. It is safe to publish.
          </p>
          <code className="public-key__value" data-testid="public-key">
            {keyInfo.publicKey}
          </code>
          <div className="public-key__actions">
            <CopyButton value={keyInfo.publicKey} what="public key" />
            <button type="button" className="button button--small" onClick={() => void save('savePublicKey')}>
              <Icon name="download" size={14} />
              <span>Save…</span>
            </button>
          </div>
        </div>
      ) : null}
      {saved ? (
        <p className="card__status" role="status">
          {saved.what === 'backup' ? 'Backup saved to ' : 'Public key saved to '}
          <span className="path">{saved.path}</span> <RevealButton path={saved.path} />
          {saved.what === 'backup' ? (
            <span className="card__status-note">
              Keep it somewhere safe. It is protected by the key's passphrase.
            </span>
          ) : null}
        </p>
      ) : null}
      {error ? (
        <p className="inline-error" role="alert">
          {error}
        </p>
      ) : null}
    </article>
  );
}
