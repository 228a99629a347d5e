import { useId, useState } from 'react';
import type { KeyInfo } from '../../shared/ipc/contract';
import { errorSentence } from '../lib/bridge';
import { useAppStore } from '../store';
import { ConfirmDialog } from './ConfirmDialog';

/**
 * Deleting a key cannot be undone, so the person types its name first. Rendered with key={keyId} so
 * the typed name never carries over from one key to another.
 */
export function DeleteKeyDialog({
  keyInfo,
  onClose,
  onDeleted,
}: {
  keyInfo: KeyInfo | null;
  onClose: () => void;
  onDeleted: (name: string) => void;
}) {
  const deleteKey = useAppStore((state) => state.deleteKey);
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputId = useId();

  async function confirm() {
    if (!keyInfo) return;
    setBusy(true);
    setError(null);
    try {
      // Typing the name is the page's first step; main then asks in its own dialog, and that decides.
      if (await deleteKey(keyInfo.keyId)) onDeleted(keyInfo.name);
      else onClose();
    } catch (caught) {
      setError(errorSentence(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <ConfirmDialog
      open={keyInfo !== null}
      title={`Delete “${keyInfo?.name ?? ''}”?`}
      confirmLabel="Delete key"
      danger
      confirmDisabled={busy || typed !== keyInfo?.name}
      onConfirm={() => void confirm()}
      onCancel={onClose}
    >
      <p>
        You will no longer be able to sign with this key. Files already signed with it stay valid. The key
        goes to your computer’s trash, from where it can be restored.
      </p>
      <div className="field">
        <label className="field__label" htmlFor={inputId}>
          Type the key's name to confirm: <strong>{keyInfo?.name}</strong>
        </label>
        <input
          id={inputId}
          className="input"
          value={typed}
          onChange={(event) => setTyped(event.target.value)}
          autoComplete="off"
          spellCheck={false}
        />
      </div>
      {error ? (
        <p className="inline-error" role="alert">
          {error}
        </p>
      ) : null}
    </ConfirmDialog>
  );
}
