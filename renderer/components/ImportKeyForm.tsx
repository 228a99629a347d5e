import { type FormEvent, useState } from 'react';
import type { KeyInfo } from '../../shared/ipc/contract';
import { call, errorSentence } from '../lib/bridge';
import { baseName } from '../lib/format';
import { useFormAction } from '../lib/use-form-action';
import { useAppStore } from '../store';
import { Field } from './Field';
import { FormFooter } from './FormFooter';
import { PickField } from './PickField';

export function ImportKeyForm({
  onDone,
  onCancel,
}: {
  onDone: (key: KeyInfo) => void;
  onCancel: () => void;
}) {
  const importKey = useAppStore((state) => state.importKey);
  const [name, setName] = useState('');
  const [file, setFile] = useState<string | null>(null);
  const { busy, error, setError, run } = useFormAction();

  async function chooseFile() {
    setError(null);
    try {
      const { files } = await call('chooseFiles', { purpose: 'secret-key', multiple: false });
      const chosen = files[0];
      if (chosen) {
        setFile(chosen);
        if (!name.trim()) setName(baseName(chosen).replace(/\.(key|pfx|p12)$/i, ''));
      }
    } catch (caught) {
      setError(errorSentence(caught));
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (!file) return setError('Choose the secret key file first.');
    if (!name.trim()) return setError('Give the key a name.');
    await run(async () => onDone(await importKey(name.trim(), file)));
  }

  return (
    <form className="panel stack" onSubmit={submit} noValidate aria-labelledby="import-key-title">
      <h2 id="import-key-title" className="panel__title">
        Import a key
      </h2>
      <p className="muted">
        Bring in a secret key made by minisign or by Signet on another computer, or a code-signing certificate
        file (.pfx or .p12) to sign Windows programs.
      </p>
      <PickField
        label="Secret key file"
        icon="file"
        buttonLabel="Choose key file…"
        onPick={() => void chooseFile()}
        picked={file ? baseName(file) : null}
        placeholder="No file chosen"
        testId="import-file"
      />
      <Field
        label="Name"
        value={name}
        onChange={(event) => setName(event.target.value)}
        autoComplete="off"
        maxLength={100}
      />
      <p className="muted">
        Signet asks you to confirm, then asks for the key file’s passphrase in a small window of its own, and
        then for the passphrase it will keep the key under, typed twice (it may be the same).
      </p>
      <FormFooter
        error={error}
        failedTitle="The key was not imported"
        nextStep="Your keys were not changed. Choose the key file and try again when you are ready."
        busy={busy}
        submitLabel="Import key"
        busyLabel="Importing…"
        onCancel={onCancel}
      />
    </form>
  );
}
