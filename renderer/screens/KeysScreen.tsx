import { useEffect, useState } from 'react';
import type { KeyInfo } from '../../shared/ipc/contract';
import { AddTokenForm } from '../components/AddTokenForm';
import { CreateKeyForm } from '../components/CreateKeyForm';
import { DeleteKeyDialog } from '../components/DeleteKeyDialog';
import { Icon } from '../components/Icon';
import { ImportKeyForm } from '../components/ImportKeyForm';
import { KeyCard } from '../components/KeyCard';
import { Notice } from '../components/Notice';
import { ScreenHeader } from '../components/ScreenHeader';
import { errorSentence } from '../lib/bridge';
import { useAppStore } from '../store';

type Mode = 'list' | 'create' | 'import' | 'token';

export function KeysScreen() {
  const keys = useAppStore((state) => state.keys);
  const loadKeys = useAppStore((state) => state.loadKeys);
  const backupKey = useAppStore((state) => state.backupKey);
  const [backup, setBackup] = useState<{ savedTo?: string; revocation?: string; error?: string } | null>(
    null,
  );
  const [mode, setMode] = useState<Mode>('list');
  const [created, setCreated] = useState<{ key: KeyInfo; how: 'created' | 'imported' | 'added' } | null>(
    null,
  );
  const [deleting, setDeleting] = useState<KeyInfo | null>(null);
  const [deletedName, setDeletedName] = useState<string | null>(null);

  useEffect(() => {
    void loadKeys();
  }, [loadKeys]);

  function toggle(next: Mode) {
    // An old "created" or "deleted" message would read as news about the new form.
    setCreated(null);
    setDeletedName(null);
    setMode(mode === next ? 'list' : next);
  }

  async function backUpNow(key: KeyInfo) {
    setBackup(null);
    try {
      const saved = await backupKey(key.keyId);
      if (saved) setBackup(saved);
    } catch (caught) {
      setBackup({ error: errorSentence(caught) });
    }
  }

  function done(key: KeyInfo, how: 'created' | 'imported' | 'added') {
    setBackup(null);
    setCreated({ key, how });
    setDeletedName(null);
    setMode('list');
  }

  return (
    <>
      <ScreenHeader title="Keys">
        Your signing keys. They never leave this computer unless you back them up.
      </ScreenHeader>

      <div className="toolbar">
        <button
          type="button"
          className="button button--primary"
          aria-expanded={mode === 'create'}
          onClick={() => toggle('create')}
        >
          <Icon name="plus" size={16} />
          <span>Create key…</span>
        </button>
        <button
          type="button"
          className="button"
          aria-expanded={mode === 'import'}
          onClick={() => toggle('import')}
        >
          <Icon name="download" size={16} />
          <span>Import key…</span>
        </button>
        <button
          type="button"
          className="button"
          aria-expanded={mode === 'token'}
          onClick={() => toggle('token')}
        >
          <Icon name="key" size={16} />
          <span>Add a hardware token…</span>
        </button>
      </div>

      {mode === 'create' ? (
        <CreateKeyForm onDone={(key) => done(key, 'created')} onCancel={() => setMode('list')} />
      ) : null}
      {mode === 'import' ? (
        <ImportKeyForm onDone={(key) => done(key, 'imported')} onCancel={() => setMode('list')} />
      ) : null}

      {mode === 'token' ? (
        <AddTokenForm onDone={(key) => done(key, 'added')} onCancel={() => setMode('list')} />
      ) : null}

      {created?.how === 'added' ? (
        <Notice
          tone="success"
          title={`Key “${created.key.name}” added from the token`}
          nextStep="Signet asks for the token’s PIN each time it signs, and never keeps it. Keep the token plugged in when you sign."
        />
      ) : created ? (
        <Notice
          tone="success"
          title={`Key “${created.key.name}” ${created.how}`}
          nextStep={
            backup?.savedTo
              ? `Backed up to ${backup.savedTo}. Keep that copy somewhere safe, away from this computer.${backup.revocation ? ` Its revocation certificate is in ${backup.revocation}: if this key is ever lost or stolen, publishing this certificate tells everyone to stop trusting it.` : ''}`
              : 'Back it up now and keep the backup somewhere safe: without it, a lost computer means a lost key.'
          }
          actions={
            backup?.savedTo ? undefined : (
              <button
                type="button"
                className="button button--primary"
                onClick={() => void backUpNow(created.key)}
              >
                Back up now…
              </button>
            )
          }
        >
          {backup?.error ? <span className="inline-error">{backup.error}</span> : null}
        </Notice>
      ) : null}
      {deletedName ? <Notice tone="success" title={`Key “${deletedName}” moved to the trash`} /> : null}

      {keys.status === 'failed' && keys.error ? (
        <Notice tone="error" title="Signet could not list your keys" nextStep="Restart Signet and try again.">
          {keys.error}
        </Notice>
      ) : null}

      <section aria-labelledby="key-list-title" className="stack">
        <h2 id="key-list-title">Your keys</h2>
        {keys.status === 'ready' && keys.list.length === 0 ? (
          <p className="empty">
            You have no keys yet. Create one to start signing, or import one you already have.
          </p>
        ) : null}
        <ul className="card-list">
          {keys.list.map((key) => (
            <li key={key.keyId}>
              <KeyCard keyInfo={key} onDelete={() => setDeleting(key)} />
            </li>
          ))}
        </ul>
      </section>

      <DeleteKeyDialog
        key={deleting?.keyId ?? 'none'}
        keyInfo={deleting}
        onClose={() => setDeleting(null)}
        onDeleted={(name) => {
          setDeleting(null);
          setCreated(null);
          setDeletedName(name);
        }}
      />
    </>
  );
}
