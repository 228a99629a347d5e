import { useEffect, useState } from 'react';
import type { ResponseOf } from '../../shared/ipc/contract';
import { call, errorSentence } from '../lib/bridge';
import { CopyButton } from './CopyButton';
import { Icon } from './Icon';
import { RevealButton } from './RevealButton';

/**
 * What to publish, in two parts: beside the files (SHA256SUMS and the signatures), and where the
 * person controls it (the key and the commands that carry it), since a key taken from the same
 * mirror as the files proves nothing. Main writes every word of it from its own files; the page only
 * shows it, copies it or asks main to save it through its own save dialog.
 */
export function ReleaseKit({
  keyId,
  checksumList,
  given,
}: {
  keyId: string;
  checksumList?: string;
  /** A kit main wrote with the signing answer (a release in a style): shown as it is. */
  given?: ResponseOf<'releaseKit'>;
}) {
  const [kit, setKit] = useState<ResponseOf<'releaseKit'> | null>(given ?? null);
  const [error, setError] = useState<string | null>(null);
  const [savedTo, setSavedTo] = useState<string | null>(null);

  useEffect(() => {
    if (checksumList === undefined) return;
    let current = true;
    call('releaseKit', { keyId, checksumList }).then(
      (made) => current && setKit(made),
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
        Two parts: what goes beside your files, and your public key with the commands that check the files,
        which people must get from a place you control.
      </p>
      {kit === null && error === null ? <p className="muted">Preparing…</p> : null}
      {kit !== null ? (
        <>
          {kit.sections.map((section) => (
            <section
              key={section.id}
              className="release-kit__part"
              aria-labelledby={`release-kit-${section.id}`}
              data-testid={`release-kit-${section.id}`}
            >
              <h3 id={`release-kit-${section.id}`} className="release-kit__part-title">
                {section.title}
              </h3>
              <p className="muted">{section.why}</p>
              <pre className="release-kit__text">{section.text}</pre>
              <div className="release-kit__actions">
                <CopyButton value={section.text} what={`what to ${section.title.toLowerCase()}`} />
              </div>
            </section>
          ))}
          <div className="release-kit__actions">
            <CopyButton value={kit.text} what="of the release kit" label="Copy all" />
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
