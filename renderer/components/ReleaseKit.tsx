import { useEffect, useState } from 'react';
import { call, errorSentence } from '../lib/bridge';
import { CopyButton } from './CopyButton';
import { Icon } from './Icon';
import { RevealButton } from './RevealButton';

/**
 * What to publish beside the files: public key, key id, SHA256SUMS and the commands that check them.
 * Main writes every word of it from its own files; the page only shows it, copies it or asks main
 * to save it through its own save dialog.
 */
export function ReleaseKit({
  keyId,
  checksumList,
  text: given,
}: {
  keyId: string;
  checksumList?: string;
  /** A kit main wrote with the signing answer (a release in a style): shown as it is. */
  text?: string;
}) {
  const [text, setText] = useState<string | null>(given ?? null);
  const [error, setError] = useState<string | null>(null);
  const [savedTo, setSavedTo] = useState<string | null>(null);

  useEffect(() => {
    if (checksumList === undefined) return;
    let current = true;
    call('releaseKit', { keyId, checksumList }).then(
      (kit) => current && setText(kit.text),
      (caught: unknown) => current && setError(errorSentence(caught)),
    );
    return () => {
      current = false;
    };
  }, [keyId, checksumList]);

  async function save() {
    setError(null);
    setSavedTo(null);
    if (checksumList === undefined) return;
    try {
      const { savedTo: path } = await call('saveReleaseKit', { keyId, checksumList });
      setSavedTo(path);
    } catch (caught) {
      setError(errorSentence(caught));
    }
  }

  return (
    <section className="panel release-kit" aria-labelledby="release-kit-title">
      <h2 id="release-kit-title" className="panel__title">
        Release kit
      </h2>
      <p className="muted">
        Publish this beside your files: your public key, its key id, the SHA256SUMS and the exact commands
        people run to check the files.
      </p>
      {text === null && error === null ? <p className="muted">Preparing…</p> : null}
      {text !== null ? (
        <>
          <pre className="release-kit__text" data-testid="release-kit">
            {text}
          </pre>
          <div className="release-kit__actions">
            <CopyButton value={text} what="release kit" />
            {checksumList !== undefined ? (
              <button type="button" className="button button--small" onClick={() => void save()}>
                <Icon name="download" size={14} />
                <span>Save as file…</span>
              </button>
            ) : null}
          </div>
        </>
      ) : null}
      {savedTo ? (
        <p role="status" className="release-kit__saved">
          Release kit saved to <span className="path">{savedTo}</span> <RevealButton path={savedTo} />
        </p>
      ) : null}
      {error ? (
        <p className="inline-error" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}
