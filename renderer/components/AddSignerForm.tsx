import { type FormEvent, type MutableRefObject, useRef, useState } from 'react';
import type { TrustedSignerInfo } from '../../shared/ipc/contract';
import { useAppStore } from '../store';
import { AddIdentityForm } from './AddIdentityForm';
import { AddKeyForm } from './AddKeyForm';
import { AddPublisherForm } from './AddPublisherForm';

type SignerKind = 'key' | 'identity' | 'publisher';

/** The shown kind's own submit: each kind checks and sends its own fields. */
export type SubmitRef = MutableRefObject<(() => Promise<void>) | null>;

const KINDS: ReadonlyArray<{ kind: SignerKind; label: string }> = [
  { kind: 'key', label: 'A public key' },
  { kind: 'identity', label: 'A Sigstore identity' },
  { kind: 'publisher', label: 'A Windows publisher’s certificate' },
];

/**
 * Adds a signer of any kind: by public key (minisign, SSH, OpenPGP), by keyless identity (Sigstore),
 * or by a publisher's code-signing certificate. "Trust this signer" from a verdict asks for a key.
 */
export function AddSignerForm({
  onAdded,
  onCancel,
}: {
  onAdded: (signers: TrustedSignerInfo[]) => void;
  onCancel: () => void;
}) {
  const trustRequest = useAppStore((state) => state.trustRequest);
  const [kind, setKind] = useState<SignerKind>('key');

  const submitRef: SubmitRef = useRef(null);
  const shown: SignerKind = trustRequest ? 'key' : kind;

  function submit(event: FormEvent) {
    event.preventDefault();
    void submitRef.current?.();
  }

  // One form for every kind, so choosing another kind keeps the person's place (and focus) here.
  const props = { submitRef, onAdded, onCancel };
  return (
    <form className="panel stack" onSubmit={submit} noValidate aria-labelledby="add-signer-title">
      <h2 id="add-signer-title" className="panel__title">
        Add a signer
      </h2>
      {trustRequest ? null : (
        <fieldset className="segmented">
          <legend className="field__label">How does this signer sign?</legend>
          {KINDS.map((option) => (
            <label key={option.kind} className="segmented__option">
              <input
                type="radio"
                name="signer-kind"
                checked={kind === option.kind}
                onChange={() => setKind(option.kind)}
              />
              <span>{option.label}</span>
            </label>
          ))}
        </fieldset>
      )}
      {shown === 'identity' ? <AddIdentityForm key="identity" {...props} /> : null}
      {shown === 'publisher' ? <AddPublisherForm key="publisher" {...props} /> : null}
      {shown === 'key' ? <AddKeyForm key="key" {...props} /> : null}
    </form>
  );
}
