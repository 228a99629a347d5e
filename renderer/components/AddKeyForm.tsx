import { useState } from 'react';
import type { TrustedSignerInfo } from '../../shared/ipc/contract';
import { useAppStore } from '../store';
import type { SubmitRef } from './AddSignerForm';
import { FormFooter } from './FormFooter';
import { MaterialInput, type MaterialSource } from './MaterialInput';
import { SignerNameFields } from './SignerNameFields';
import { useAddSigner } from './use-add-signer';

/** Adds a signer by public key: minisign or signify, SSH (key or allowed_signers line), OpenPGP certificates. */
export function AddKeyForm({
  submitRef,
  onAdded,
  onCancel,
}: {
  submitRef: SubmitRef;
  onAdded: (signers: TrustedSignerInfo[]) => void;
  onCancel: () => void;
}) {
  const addTrusted = useAppStore((state) => state.addTrusted);
  // From "Trust this signer" on a verdict: main adds the key only if it made that file's signature.
  const trustRequest = useAppStore((state) => state.trustRequest);
  const form = useAddSigner();
  const [source, setSource] = useState<MaterialSource>('file');
  const [keyFile, setKeyFile] = useState<string | null>(null);
  const [keyText, setKeyText] = useState('');

  submitRef.current = async () => {
    const missing =
      source === 'file' && !keyFile
        ? 'Choose the public key file first.'
        : source === 'paste' && !keyText.trim()
          ? 'Paste the public key first.'
          : null;
    await form.submit(
      missing,
      () =>
        addTrusted({
          name: form.name.trim(),
          note: form.note,
          ...(source === 'file' && keyFile ? { keyFile } : { keyText: keyText.trim() }),
          ...(trustRequest ? { forFile: trustRequest.file } : {}),
        }),
      onAdded,
    );
  };

  return (
    <>
      <MaterialInput
        legend="Where is their public key?"
        radioName="key-source"
        source={source}
        onSource={(next) => {
          setSource(next);
          form.setInputError(null);
        }}
        file={keyFile}
        onFile={setKeyFile}
        text={keyText}
        onText={setKeyText}
        error={form.inputError}
        onError={form.setInputError}
        chooseLabel="Choose public key file…"
        purpose="public-key"
        fileTestId="public-key-file"
        pasteLabel="Public key"
        pasteHint="The key as the publisher gives it: a line starting with RW, the contents of a .pub file, an SSH key or allowed signers line, or an OpenPGP public key block."
      />
      <SignerNameFields form={form} noteHint="Where the key came from, so you remember later." />
      <FormFooter
        error={form.formError}
        failedTitle="The signer was not added"
        nextStep="Check the key with its publisher, then try again."
        busy={form.busy}
        submitLabel="Add signer"
        busyLabel="Adding…"
        onCancel={onCancel}
      />
    </>
  );
}
