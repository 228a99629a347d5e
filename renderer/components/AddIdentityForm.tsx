import { useId, useState } from 'react';
import type { TrustedSignerInfo } from '../../shared/ipc/contract';
import { type SigstorePreset, sigstorePresets } from '../data/sigstore-presets';
import { exactTextProblem } from '../lib/signer-input';
import { useAppStore } from '../store';
import type { SubmitRef } from './AddSignerForm';
import { Field } from './Field';
import { FormFooter } from './FormFooter';
import { SignerNameFields } from './SignerNameFields';
import { useAddSigner } from './use-add-signer';

/**
 * Adds a keyless (Sigstore) signer: the exact identity and OIDC issuer the publisher documents, typed
 * or taken from a preset that says where the publisher documents it.
 */
export function AddIdentityForm({
  submitRef,
  onAdded,
  onCancel,
}: {
  submitRef: SubmitRef;
  onAdded: (signers: TrustedSignerInfo[]) => void;
  onCancel: () => void;
}) {
  const addTrustedIdentity = useAppStore((state) => state.addTrustedIdentity);
  const form = useAddSigner();
  const [presetId, setPresetId] = useState('');
  const [identity, setIdentity] = useState('');
  const [issuer, setIssuer] = useState('');
  const [issuerError, setIssuerError] = useState<string | null>(null);
  const presetSelectId = useId();
  const presetHintId = useId();
  const preset = sigstorePresets.find((p) => p.id === presetId);

  function choosePreset(id: string) {
    const next = sigstorePresets.find((p) => p.id === id);
    // A name the person typed stays; one a preset filled in follows the preset.
    const nameFromPreset = form.name === '' || sigstorePresets.some((p) => p.name === form.name);
    setPresetId(id);
    form.clearErrors();
    setIssuerError(null);
    if (!next) return;
    setIdentity(next.identity);
    setIssuer(next.issuer);
    if (nameFromPreset) form.setName(next.name);
  }

  submitRef.current = async () => {
    const badIssuer = exactTextProblem(issuer, 'issuer');
    setIssuerError(badIssuer);
    await form.submit(
      exactTextProblem(identity, 'identity') ?? (badIssuer ? '' : null),
      async () => [
        await addTrustedIdentity({
          name: form.name.trim(),
          note: form.note,
          identity: identity.trim(),
          issuer: issuer.trim(),
        }),
      ],
      onAdded,
    );
  };

  return (
    <>
      <div className="field">
        <label className="field__label" htmlFor={presetSelectId}>
          Publisher (optional)
        </label>
        <select
          id={presetSelectId}
          className="input"
          value={presetId}
          onChange={(event) => choosePreset(event.target.value)}
          aria-describedby={presetHintId}
        >
          <option value="">None: I will type the identity and issuer</option>
          {sigstorePresets.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
        <div className="field__hint" id={presetHintId}>
          {preset ? (
            <PresetSource preset={preset} />
          ) : (
            'Publishers that document the identity they sign with.'
          )}
        </div>
      </div>
      <Field
        label="Identity"
        hint="Exactly as the publisher documents it: an email address or a workflow address. Not a pattern."
        value={identity}
        onChange={(event) => setIdentity(event.target.value)}
        error={form.inputError || null}
        autoComplete="off"
        spellCheck={false}
        className="input input--mono"
      />
      <Field
        label="Issuer"
        hint="The sign-in service that confirmed the identity, such as https://accounts.google.com."
        value={issuer}
        onChange={(event) => setIssuer(event.target.value)}
        error={issuerError}
        autoComplete="off"
        spellCheck={false}
        className="input input--mono"
      />
      <SignerNameFields
        form={form}
        noteHint="Where the publisher documents this identity, so you remember later."
      />
      <FormFooter
        error={form.formError}
        failedTitle="The signer was not added"
        busy={form.busy}
        submitLabel="Add signer"
        busyLabel="Adding…"
        onCancel={onCancel}
      />
    </>
  );
}

function PresetSource({ preset }: { preset: SigstorePreset }) {
  return (
    <span className="preset-source">
      {preset.signedBy} Documented by the publisher at{' '}
      <span className="path preset-source__url">{preset.documentedAt}</span>. Check that page says the same
      before you trust it.
    </span>
  );
}
