import { type FormEvent, useMemo, useState } from 'react';
import type { KeyInfo } from '../../shared/ipc/contract';
import { passphraseStrength } from '../lib/passphrase-strength';
import { useFormAction } from '../lib/use-form-action';
import { useAppStore } from '../store';
import { Field } from './Field';
import { FormFooter } from './FormFooter';
import { StrengthMeter } from './StrengthMeter';

export function CreateKeyForm({
  onDone,
  onCancel,
}: {
  onDone: (key: KeyInfo) => void;
  onCancel: () => void;
}) {
  const createKey = useAppStore((state) => state.createKey);
  const [name, setName] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const { busy, error, setError, run } = useFormAction();
  const strength = useMemo(() => passphraseStrength(passphrase), [passphrase]);
  const mismatch = repeat.length > 0 && repeat !== passphrase;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (!name.trim()) return setError('Give the key a name, such as your team or product.');
    if (!passphrase) return setError('Choose a passphrase to protect the key.');
    if (passphrase !== repeat) return setError('The two passphrases are different. Type them again.');
    const secret = passphrase;
    setPassphrase('');
    setRepeat('');
    await run(async () => onDone(await createKey(name.trim(), secret)));
  }

  return (
    <form className="panel stack" onSubmit={submit} noValidate aria-labelledby="create-key-title">
      <h2 id="create-key-title" className="panel__title">
        Create a key
      </h2>
      <Field
        label="Name"
        hint="Only for you, to tell your keys apart. For example “Release key 2025”."
        value={name}
        onChange={(event) => setName(event.target.value)}
        autoComplete="off"
        maxLength={100}
      />
      <Field
        label="Passphrase"
        type="password"
        autoComplete="new-password"
        value={passphrase}
        onChange={(event) => setPassphrase(event.target.value)}
        hint={
          passphrase ? (
            <StrengthMeter strength={strength} />
          ) : (
            'Four or more unrelated words are strong and easy to remember.'
          )
        }
      />
      <Field
        label="Passphrase again"
        type="password"
        autoComplete="new-password"
        value={repeat}
        onChange={(event) => setRepeat(event.target.value)}
        error={mismatch ? 'This does not match the passphrase above yet.' : null}
      />
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
