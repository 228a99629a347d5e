import { type FormEvent, useId, useState } from 'react';
import type { TrustedSignerInfo } from '../../shared/ipc/contract';
import { call, errorSentence } from '../lib/bridge';
import { baseName } from '../lib/format';
import { useFormAction } from '../lib/use-form-action';
import { useAppStore } from '../store';
import { Field } from './Field';
import { FormFooter } from './FormFooter';
import { Icon } from './Icon';

type Source = 'file' | 'paste';

/** Adds a signer from a public key file, a pasted key string or an SSH allowed_signers line. */
export function AddSignerForm({
  onAdded,
  onCancel,
}: {
  onAdded: (signer: TrustedSignerInfo) => void;
  onCancel: () => void;
}) {
  const addTrusted = useAppStore((state) => state.addTrusted);
  // From "Trust this signer" on a verdict: main adds the key only if it made that file's signature.
  const trustRequest = useAppStore((state) => state.trustRequest);
  const [source, setSource] = useState<Source>('file');
  const [keyFile, setKeyFile] = useState<string | null>(null);
  const [keyText, setKeyText] = useState('');
  const [name, setName] = useState('');
  const [note, setNote] = useState('');
  const { busy, error, setError, run } = useFormAction();
  const pasteId = useId();
  const pasteHintId = useId();

  async function chooseKeyFile() {
    setError(null);
    try {
      const { files } = await call('chooseFiles', { purpose: 'public-key', multiple: false });
      if (files[0]) setKeyFile(files[0]);
    } catch (caught) {
      setError(errorSentence(caught));
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (!name.trim())
      return setError('Give this signer a name you will recognise, such as the company or project.');
    if (source === 'file' && !keyFile) return setError('Choose the public key file first.');
    if (source === 'paste' && !keyText.trim()) return setError('Paste the public key first.');
    await run(async () => {
      const signer = await addTrusted({
        name: name.trim(),
        note,
        ...(source === 'file' && keyFile ? { keyFile } : { keyText: keyText.trim() }),
        ...(trustRequest ? { forFile: trustRequest.file } : {}),
      });
      onAdded(signer);
    });
  }

  return (
    <form className="panel stack" onSubmit={submit} noValidate aria-labelledby="add-signer-title">
      <h2 id="add-signer-title" className="panel__title">
        Add a signer
      </h2>
      <fieldset className="segmented">
        <legend className="field__label">Where is their public key?</legend>
        <label className="segmented__option">
          <input
            type="radio"
            name="key-source"
            checked={source === 'file'}
            onChange={() => setSource('file')}
          />
          <span>In a file</span>
        </label>
        <label className="segmented__option">
          <input
            type="radio"
            name="key-source"
            checked={source === 'paste'}
            onChange={() => setSource('paste')}
          />
          <span>I will paste it</span>
        </label>
      </fieldset>

      {source === 'file' ? (
        <div className="file-pick">
          <button type="button" className="button" onClick={() => void chooseKeyFile()}>
            <Icon name="file" size={16} />
            <span>Choose public key file…</span>
          </button>
          <span
            className={keyFile ? 'file-pick__name path' : 'file-pick__name muted'}
            data-testid="public-key-file"
          >
            {keyFile ? baseName(keyFile) : 'No file chosen'}
          </span>
        </div>
      ) : (
        <div className="field">
          <label className="field__label" htmlFor={pasteId}>
            Public key
          </label>
          <textarea
            id={pasteId}
            className="input input--mono textarea"
            rows={3}
            value={keyText}
            onChange={(event) => setKeyText(event.target.value)}
            spellCheck={false}
            aria-describedby={pasteHintId}
          />
          <p className="field__hint" id={pasteHintId}>
            The key as the publisher gives it: a line starting with RW, the contents of a .pub file, or an SSH
            key or allowed signers line.
          </p>
        </div>
      )}

      <Field
        label="Name"
        value={name}
        onChange={(event) => setName(event.target.value)}
        autoComplete="off"
        maxLength={100}
      />
      <Field
        label="Note (optional)"
        hint="Where the key came from, so you remember later."
        value={note}
        onChange={(event) => setNote(event.target.value)}
        autoComplete="off"
        maxLength={1000}
      />
      <FormFooter
        error={error}
        failedTitle="The signer was not added"
        nextStep="Check the key with its publisher, then try again."
        busy={busy}
        submitLabel="Add signer"
        busyLabel="Adding…"
        onCancel={onCancel}
      />
    </form>
  );
}
