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
  const [openpgp, setOpenpgp] = useState(false);
  const [email, setEmail] = useState('');
  const [rsa, setRsa] = useState(false);
  const { busy, error, setError, run } = useFormAction();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (!name.trim()) return setError('Give the key a name, such as your team or product.');
    if (openpgp && !/^[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+$/.test(email.trim())) {
      return setError('Give the email address the OpenPGP key speaks for, such as release@example.org.');
    }
    await run(async () =>
      onDone(await createKey(name.trim(), openpgp ? { email: email.trim(), rsa } : undefined)),
    );
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
      <label className="checkbox">
        <input type="checkbox" checked={openpgp} onChange={(event) => setOpenpgp(event.target.checked)} />
        <span>
          OpenPGP key, for gpg
          <span className="checkbox__hint">
            What Apache, Debian and most projects check (.asc signatures). Its User ID is made of the two
            fields here; it expires in two years, and you can extend it.
          </span>
        </span>
      </label>
      {openpgp ? (
        <>
          <Field
            label="Email"
            hint="Part of the key's User ID, “Name <email>”, which everyone who checks your files sees."
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            autoComplete="off"
            type="email"
            maxLength={254}
          />
          <label className="checkbox">
            <input type="checkbox" checked={rsa} onChange={(event) => setRsa(event.target.checked)} />
            <span>
              RSA 4096 instead of Ed25519
              <span className="checkbox__hint">Only if your project's policy asks for RSA.</span>
            </span>
          </label>
        </>
      ) : null}
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
