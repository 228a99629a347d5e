import { type FormEvent, useState } from 'react';
import type { KeyInfo, TokenCertificate } from '../../shared/ipc/contract';
import { call, errorSentence } from '../lib/bridge';
import { baseName, formatDate } from '../lib/format';
import { useFormAction } from '../lib/use-form-action';
import { useAppStore } from '../store';
import { Field } from './Field';
import { FormFooter } from './FormFooter';
import { PickField } from './PickField';

type Found = { module: string; managed: boolean; certificates: TokenCertificate[] };

const choiceId = (c: TokenCertificate) => `${c.slotId}:${c.objectLabel}`;

/**
 * A code-signing certificate on a hardware token into the keystore. Main chooses the token's module
 * library in its own dialog (or uses the one the organisation set); the page only shows what main
 * found and says which certificate the person picked. No PIN is typed here, ever.
 */
export function AddTokenForm({ onDone, onCancel }: { onDone: (key: KeyInfo) => void; onCancel: () => void }) {
  const loadKeys = useAppStore((state) => state.loadKeys);
  const [found, setFound] = useState<Found | null>(null);
  const [picked, setPicked] = useState<string | null>(null);
  const [name, setName] = useState('');
  const { busy, error, setError, run } = useFormAction();

  async function look() {
    setError(null);
    try {
      const answer = await call('tokenCertificates', {});
      if (answer.module === null) return;
      setFound({ module: answer.module, managed: answer.managed, certificates: answer.certificates });
      setPicked(answer.certificates.length === 1 ? choiceId(answer.certificates[0]!) : null);
    } catch (caught) {
      setError(errorSentence(caught));
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const chosen = found?.certificates.find((c) => choiceId(c) === picked);
    if (!chosen) return setError('Choose a certificate on the token first.');
    await run(async () => {
      const { key } = await call('addTokenKey', {
        slotId: chosen.slotId,
        objectLabel: chosen.objectLabel,
        ...(name.trim() ? { name: name.trim() } : {}),
      });
      await loadKeys();
      onDone(key);
    });
  }

  return (
    <form className="panel stack" onSubmit={submit} noValidate aria-labelledby="add-token-title">
      <h2 id="add-token-title" className="panel__title">
        Add a hardware token
      </h2>
      <p className="muted">
        Sign Windows programs with a code-signing certificate whose key is on a token (a USB key, a smart
        card, a cloud HSM). Plug the token in first. The key never leaves it.
      </p>
      <PickField
        label="Token module library"
        icon="key"
        buttonLabel={found ? 'Look again…' : 'Find certificates on the token…'}
        onPick={() => void look()}
        picked={found ? baseName(found.module) : null}
        placeholder="Signet asks for the token maker’s PKCS#11 module"
        testId="token-module"
      >
        {found?.managed ? <p className="muted">Your organisation chose this module: {found.module}</p> : null}
      </PickField>
      {found && found.certificates.length === 0 ? (
        <p className="empty">
          No code-signing certificate is on the token. Check that it is the right token.
        </p>
      ) : null}
      {found && found.certificates.length > 0 ? (
        <fieldset className="stack choice-list">
          <legend className="field__label">Certificate</legend>
          {found.certificates.map((c) => (
            <label key={choiceId(c)} className="choice">
              <input
                type="radio"
                name="token-certificate"
                value={choiceId(c)}
                checked={picked === choiceId(c)}
                onChange={() => setPicked(choiceId(c))}
              />
              <span>
                <strong>{c.subject}</strong>
                <span className="muted">
                  {' '}
                  · on the token “{c.token}” · expires {formatDate(c.expiresAt)}
                </span>
              </span>
            </label>
          ))}
        </fieldset>
      ) : null}
      <Field
        label="Name (optional)"
        value={name}
        onChange={(event) => setName(event.target.value)}
        autoComplete="off"
        maxLength={100}
      />
      <p className="muted">
        Signet asks you to confirm, and remembers only where the key is. It asks for the token’s PIN in a
        small window of its own each time it signs, and never keeps it.
      </p>
      <FormFooter
        error={error}
        failedTitle="The token key was not added"
        nextStep="Your keys were not changed. Check that the token is plugged in and try again."
        busy={busy}
        submitLabel="Add key"
        busyLabel="Adding…"
        onCancel={onCancel}
      />
    </form>
  );
}
