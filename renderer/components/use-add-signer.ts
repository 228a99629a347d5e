import { useState } from 'react';
import type { TrustedSignerInfo } from '../../shared/ipc/contract';
import { errorSentence } from '../lib/bridge';
import { isFormLevelError, signerNameProblem } from '../lib/signer-input';

/**
 * What every "add a signer" form shares: the name and note, busy while main works, and where a
 * problem shows: beside the field it is about (the key, certificate or identity; the name), or under
 * the form when it is about the whole attempt (not confirmed, the organisation decides).
 */
export function useAddSigner() {
  const [name, setName] = useState('');
  const [note, setNote] = useState('');
  const [nameError, setNameError] = useState<string | null>(null);
  const [inputError, setInputError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  function clearErrors() {
    setNameError(null);
    setInputError(null);
    setFormError(null);
  }

  /** Checks the name and the form's own input (a sentence, or null), then asks main. */
  async function submit(
    inputProblem: string | null,
    work: () => Promise<TrustedSignerInfo[]>,
    onAdded: (signers: TrustedSignerInfo[]) => void,
  ): Promise<void> {
    clearErrors();
    const badName = signerNameProblem(name);
    setNameError(badName);
    setInputError(inputProblem);
    if (badName || inputProblem) return;
    setBusy(true);
    try {
      const added = await work();
      onAdded(added);
    } catch (caught) {
      const message = errorSentence(caught);
      if (isFormLevelError(message)) setFormError(message);
      else setInputError(message);
    } finally {
      setBusy(false);
    }
  }

  return {
    name,
    setName,
    note,
    setNote,
    nameError,
    inputError,
    setInputError,
    formError,
    setFormError,
    busy,
    clearErrors,
    submit,
  };
}

export type AddSignerState = ReturnType<typeof useAddSigner>;
