import { useState } from 'react';
import type { TrustedSignerInfo } from '../../shared/ipc/contract';
import { useAppStore } from '../store';
import type { SubmitRef } from './AddSignerForm';
import { FormFooter } from './FormFooter';
import { MaterialInput, type MaterialSource } from './MaterialInput';
import { SignerNameFields } from './SignerNameFields';
import { useAddSigner } from './use-add-signer';

/**
 * Pins a Windows software publisher by its certificate (PEM or DER): the way to trust a publisher
 * whose certificate no authority you trust has issued, such as a self-signed one.
 */
export function AddPublisherForm({
  submitRef,
  onAdded,
  onCancel,
}: {
  submitRef: SubmitRef;
  onAdded: (signers: TrustedSignerInfo[]) => void;
  onCancel: () => void;
}) {
  const addTrustedPublisher = useAppStore((state) => state.addTrustedPublisher);
  const form = useAddSigner();
  const [source, setSource] = useState<MaterialSource>('file');
  const [file, setFile] = useState<string | null>(null);
  const [text, setText] = useState('');

  submitRef.current = async () => {
    const missing =
      source === 'file' && !file
        ? 'Choose the certificate file first.'
        : source === 'paste' && !text.trim()
          ? 'Paste the certificate first.'
          : null;
    await form.submit(
      missing,
      async () => [
        await addTrustedPublisher({
          name: form.name.trim(),
          note: form.note,
          ...(source === 'file' && file ? { certificateFile: file } : { certificateText: text.trim() }),
        }),
      ],
      onAdded,
    );
  };

  return (
    <>
      <MaterialInput
        legend="Where is the publisher’s certificate?"
        radioName="certificate-source"
        source={source}
        onSource={(next) => {
          setSource(next);
          form.setInputError(null);
        }}
        file={file}
        onFile={setFile}
        text={text}
        onText={setText}
        error={form.inputError}
        onError={form.setInputError}
        chooseLabel="Choose certificate file…"
        purpose="certificate"
        fileTestId="certificate-file"
        pasteLabel="Certificate"
        pasteHint={
          <>
            A certificate block starting with <span className="mono nowrap">-----BEGIN CERTIFICATE-----</span>
            , as the publisher gives it. Signet pins this exact certificate by its SHA-256 thumbprint.
          </>
        }
      />
      <SignerNameFields form={form} noteHint="Where the certificate came from, so you remember later." />
      <FormFooter
        error={form.formError}
        failedTitle="The publisher was not added"
        busy={form.busy}
        submitLabel="Add publisher"
        busyLabel="Adding…"
        onCancel={onCancel}
      />
    </>
  );
}
