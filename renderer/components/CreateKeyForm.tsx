import { type FormEvent, useState } from 'react';
import type { KeyInfo } from '../../shared/ipc/contract';
import { useFormAction } from '../lib/use-form-action';
import { useAppStore } from '../store';
import { Field } from './Field';
import { FormFooter } from './FormFooter';

export function CreateKeyForm({
  onDone,
  onCancel,
}: {
  onDone: (key: KeyInfo) => void;
  onCancel: () => void;
}) {
  const createKey = useAppStore((state) => state.createKey);
  const [name, setName] = useState('');
  const { busy, error, setError, run } = useFormAction();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (!name.trim()) return setError('Give the key a name, such as your team or product.');
    await run(async () => onDone(await createKey(name.trim())));
  }

  return (
    <form className="panel stack" onSubmit={submit} noValidate aria-labelledby="create-key-title">
      <h2 id="create-key-title" className="panel__title">
        Create a key
      </h2>
      <Field
        label="Name"
        hint="Tells your keys apart, and is published: the release kit says “Release signed by” this name. For example “Acme Release Key 2025”."
        value={name}
        onChange={(event) => setName(event.target.value)}
        autoComplete="off"
        maxLength={100}
      />
      <p className="muted" data-testid="passphrase-elsewhere">
        Signet then asks you to choose the key’s passphrase in a small window of its own, so the passphrase is
        never typed into this window.
      </p>
      <FormFooter
        error={error}
        failedTitle="The key was not created"
        busy={busy}
        submitLabel="Create key"
        busyLabel="Creating…"
        onCancel={onCancel}
      />
    </form>
  );
}
