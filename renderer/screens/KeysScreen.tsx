import { useEffect, useState } from 'react';
import type { KeyInfo } from '../../shared/ipc/contract';
import { CreateKeyForm } from '../components/CreateKeyForm';
import { DeleteKeyDialog } from '../components/DeleteKeyDialog';
import { Icon } from '../components/Icon';
import { ImportKeyForm } from '../components/ImportKeyForm';
import { KeyCard } from '../components/KeyCard';
import { Notice } from '../components/Notice';
import { ScreenHeader } from '../components/ScreenHeader';
import { useAppStore } from '../store';

type Mode = 'list' | 'create' | 'import';

export function KeysScreen() {
  const keys = useAppStore((state) => state.keys);
  const loadKeys = useAppStore((state) => state.loadKeys);
  const [mode, setMode] = useState<Mode>('list');
  const [created, setCreated] = useState<{ key: KeyInfo; how: 'created' | 'imported' } | null>(null);
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

  function done(key: KeyInfo, how: 'created' | 'imported') {
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
      </div>

      {mode === 'create' ? (
        <CreateKeyForm onDone={(key) => done(key, 'created')} onCancel={() => setMode('list')} />
      ) : null}
      {mode === 'import' ? (
        <ImportKeyForm onDone={(key) => done(key, 'imported')} onCancel={() => setMode('list')} />
      ) : null}

      {created ? (
        <Notice
          tone="success"
          title={`Key “${created.key.name}” ${created.how}`}
          nextStep="Back it up now and keep the backup somewhere safe: without it, a lost computer means a lost key."
        />
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
