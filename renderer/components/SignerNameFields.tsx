import { Field } from './Field';
import type { AddSignerState } from './use-add-signer';

/** The name a person gives the signer (shown in every verdict) and an optional note. */
export function SignerNameFields({ form, noteHint }: { form: AddSignerState; noteHint: string }) {
  return (
    <>
      <Field
        label="Name"
        hint="Shown in every verdict for files this signer made: the company, project or team."
        value={form.name}
        onChange={(event) => form.setName(event.target.value)}
        error={form.nameError}
        autoComplete="off"
        maxLength={100}
      />
      <Field
        label="Note (optional)"
        hint={noteHint}
        value={form.note}
        onChange={(event) => form.setNote(event.target.value)}
        autoComplete="off"
        maxLength={1000}
      />
    </>
  );
}

/** A problem with one input, beside it and announced. */
export function InputError({ id, message }: { id: string; message: string | null }) {
  if (!message) return null;
  return (
    <p className="field__error" id={id} role="alert">
      {message}
    </p>
  );
}
