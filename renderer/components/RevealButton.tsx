import { useState } from 'react';
import { call, errorSentence } from '../lib/bridge';
import { Icon } from './Icon';

/**
 * Opens the system file manager at a file the app wrote or read. `what` names the file for screen
 * readers, after the visible words so the accessible name still starts with what people see.
 */
export function RevealButton({ path, what }: { path: string; what?: string }) {
  const [error, setError] = useState<string | null>(null);
  async function reveal() {
    setError(null);
    try {
      const { shown } = await call('revealInFolder', { path });
      if (!shown) setError('That file is no longer there. It may have been moved or deleted.');
    } catch (caught) {
      setError(errorSentence(caught));
    }
  }
  return (
    <>
      <button type="button" className="button button--small" onClick={reveal}>
        <Icon name="folder" size={14} />
        <span>Show in folder</span>
        {what ? <span className="visually-hidden">: {what}</span> : null}
      </button>
      {error ? (
        <span className="inline-error" role="alert">
          {error}
        </span>
      ) : null}
    </>
  );
}
