import { useEffect, useState } from 'react';
import { inGroupsOfFour } from '../../shared/fingerprint-groups';
import type { KeyInfo } from '../../shared/ipc/contract';
import { call, errorSentence } from '../lib/bridge';
import { formatDate } from '../lib/format';
import { useAppStore } from '../store';
import { CertificateFacts } from './CertificateFacts';
import { CopyButton } from './CopyButton';
import { Icon } from './Icon';
import { KeyExpiry } from './KeyExpiry';
import { AnnounceNewKey, RetiredNote } from './KeyRetirement';
import { RevealButton } from './RevealButton';

type Saved = { what: 'public key' | 'backup'; path: string; revocation?: string } | null;

/** What a revocation certificate is for: the words main's backup dialog and the CLI say too. */
const REVOCATION_PURPOSE =
  'If this key is ever lost or stolen, publishing this certificate tells everyone to stop trusting it.';

/** One key: its public half can be shown, copied and saved; the secret half only backed up. */
export function KeyCard({ keyInfo, onDelete }: { keyInfo: KeyInfo; onDelete: () => void }) {
  const [showPublic, setShowPublic] = useState(false);
  const [pubFile, setPubFile] = useState<string | null>(null);
  const backupKey = useAppStore((state) => state.backupKey);
  const extendKey = useAppStore((state) => state.extendKey);
  const extendable = useAppStore((state) => state.keys.extendable?.includes(keyInfo.id) ?? false);
  const withRevocation = useAppStore((state) => state.keys.withRevocation?.includes(keyInfo.id) ?? false);
  const [extended, setExtended] = useState<string | null>(null);
  const [saved, setSaved] = useState<Saved>(null);
  const [error, setError] = useState<string | null>(null);
  const panelId = `public-${keyInfo.keyId}`;

  // The minisign .pub form (its first line names the key id), as main writes it.
  useEffect(() => {
    if (!showPublic || pubFile !== null) return;
    let current = true;
    call('publicKeyText', { keyId: keyInfo.keyId }).then(
      ({ fileText }) => current && setPubFile(fileText),
      (caught: unknown) => current && setError(errorSentence(caught)),
    );
    return () => {
      current = false;
    };
  }, [showPublic, pubFile, keyInfo.keyId]);

  async function extend() {
    setError(null);
    setExtended(null);
    try {
      const key = await extendKey(keyInfo.keyId);
      setExtended(key.expiresAt ?? null);
    } catch (caught) {
      setError(errorSentence(caught));
    }
  }

  async function save(channel: 'savePublicKey' | 'backupKey') {
    setError(null);
    setSaved(null);
    try {
      if (channel === 'backupKey') {
        const backup = await backupKey(keyInfo.keyId);
        if (backup) setSaved({ what: 'backup', path: backup.savedTo, ...backup });
        return;
      }
      const { savedTo } = await call(channel, { keyId: keyInfo.keyId });
      if (savedTo) setSaved({ what: 'public key', path: savedTo });
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
          {/* A certificate's subject and thumbprint are in its facts below, said once. */}
          {keyInfo.label && !keyInfo.signsInside ? (
            <p className="card__meta" data-testid="key-label">
              {keyInfo.label}
            </p>
          ) : null}
          {keyInfo.fingerprint && !keyInfo.signsInside ? (
            <p className="card__meta">
              Fingerprint{' '}
              <span className="mono" data-testid="key-fingerprint">
                {inGroupsOfFour(keyInfo.fingerprint)}
              </span>
            </p>
          ) : null}
          <p className="card__meta">
            Key ID <span className="mono">{keyInfo.keyId}</span> · {keyInfo.signsInside ? 'Added' : 'Created'}{' '}
            {formatDate(keyInfo.createdAt)}
          </p>
          {keyInfo.expiresAt && !keyInfo.signsInside ? <KeyExpiry expiresAt={keyInfo.expiresAt} /> : null}
          {keyInfo.signsInside ? <CertificateFacts keyInfo={keyInfo} /> : null}
          {keyInfo.location === 'token' ? null : (
            <p
              className={
                keyInfo.backedUpAt ? 'key-backup key-backup--done' : 'key-backup key-backup--missing'
              }
              data-testid="key-backup"
            >
              <Icon name={keyInfo.backedUpAt ? 'check' : 'warning'} size={14} />
              <span>
                {keyInfo.backedUpAt
                  ? `Backed up ${formatDate(keyInfo.backedUpAt)}`
                  : 'Not backed up yet: a lost computer would mean a lost key'}
                {withRevocation
                  ? keyInfo.backedUpAt
                    ? ', with its revocation certificate'
                    : '. Back up… saves its revocation certificate too'
                  : ''}
              </span>
            </p>
          )}
          <RetiredNote keyInfo={keyInfo} />
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
        {keyInfo.location === 'token' ? null : (
          <button type="button" className="button button--small" onClick={() => void save('backupKey')}>
            Back up…
          </button>
        )}
        {extendable ? (
          <button type="button" className="button button--small" onClick={() => void extend()}>
            Extend by 2 years
          </button>
        ) : null}
        <button type="button" className="button button--small button--danger-quiet" onClick={onDelete}>
          Delete…
        </button>
      </div>
      <AnnounceNewKey keyInfo={keyInfo} />
      {showPublic ? (
        <div className="public-key" id={panelId}>
          {keyInfo.signsInside ? (
            <p className="public-key__hint">
              The certificate and the certificates that vouch for it, as PEM. It is safe to publish.
            </p>
          ) : (
            <p className="public-key__hint">
              {keyInfo.fingerprint
                ? `Share this with people who check your files: gpg --import reads it. It is safe to publish. Its fingerprint is ${inGroupsOfFour(keyInfo.fingerprint)}.`
                : `Share this with people who check your files. It is safe to publish. This is the minisign .pub file; its first line names the key id, ${keyInfo.keyId}.`}
            </p>
          )}
          <pre className="public-key__value public-key__file" data-testid="public-key">
            {pubFile ?? 'Loading…'}
          </pre>
          <div className="public-key__actions">
            {pubFile ? <CopyButton value={pubFile} what="public key" /> : null}
            <button type="button" className="button button--small" onClick={() => void save('savePublicKey')}>
              <Icon name="download" size={14} />
              <span>Save…</span>
            </button>
          </div>
        </div>
      ) : null}
      {extended ? (
        <p className="card__status" role="status" data-testid="key-extended">
          Extended: it now expires {formatDate(extended)}. Publish the public key again, so others see the new
          date.
        </p>
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
          {saved.revocation ? (
            <span className="card__status-note" data-testid="key-revocation-saved">
              Revocation certificate saved to <span className="path">{saved.revocation}</span>.{' '}
              {REVOCATION_PURPOSE} Keep it apart from the backup.
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
