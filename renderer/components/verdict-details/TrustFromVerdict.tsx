import { type FormEvent, useId, useState } from 'react';
import type { VerifyResult } from '../../../shared/verdict';
import type { TrustOffer } from '../../../shared/verdict-words';
import { call, errorSentence } from '../../lib/bridge';
import { baseName } from '../../lib/format';
import { useFormAction } from '../../lib/use-form-action';
import { useAppStore } from '../../store';
import { Field } from '../Field';
import { FormFooter } from '../FormFooter';
import { Icon } from '../Icon';
import { Notice } from '../Notice';

/** The offers made from the card itself, through main; a raw key keeps the Trusted signers form. */
export type VerdictTrustKind = Exclude<TrustOffer, 'key'>;

const WORDS: Record<VerdictTrustKind, { button: string; title: string; hint: string }> = {
  publisher: {
    button: 'Trust this publisher…',
    title: 'Trust this publisher',
    hint: 'Only programs signed with this exact certificate will then show this name.',
  },
  identity: {
    button: 'Trust this identity…',
    title: 'Trust this signing identity',
    hint: 'Compare the identity in the details with the one the publisher documents before you trust it.',
  },
  certificate: {
    button: 'Trust this signer…',
    title: 'Trust this signer',
    hint: 'Signet adds only the certificate whose key made this signature.',
  },
};

/**
 * "Trust this …" on an unknown-signer card for signatures that carry or name their signer. The page
 * sends only the file and a name (and, for OpenPGP, the certificate the person chose); main decides
 * who signed, re-checks, and asks in its own dialog.
 */
export function TrustFromVerdict({
  result,
  kind,
  alreadyTrusted,
}: {
  result: VerifyResult;
  kind: VerdictTrustKind;
  /** The signer is in the trust list already (a revoked key, or just added here). */
  alreadyTrusted: boolean;
}) {
  const loadTrusted = useAppStore((state) => state.loadTrusted);
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [keyFile, setKeyFile] = useState<string | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  const { busy, error, setError, run } = useFormAction();
  const titleId = useId();
  const words = WORDS[kind];

  if (added) {
    return (
      <Notice tone="success" title={`“${added}” is now trusted`}>
        Check the file again to see its new answer.
      </Notice>
    );
  }
  if (alreadyTrusted) return null;
  if (!open) {
    return (
      <div className="verdict__actions">
        <button type="button" className="button" onClick={() => setOpen(true)}>
          <Icon name="users" size={16} />
          <span>{words.button}</span>
        </button>
      </div>
    );
  }

  async function chooseKeyFile() {
    setError(null);
    try {
      const { files } = await call('chooseFiles', { purpose: 'public-key', multiple: false });
      if (files[0]) setKeyFile(files[0]);
    } catch (caught) {
      setError(errorSentence(caught));
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!name.trim()) return setError('Give a name you will recognise, such as the company or project.');
    if (kind === 'certificate' && !keyFile) return setError('Choose the signer’s certificate file first.');
    await run(async () => {
      const { signer } = await call('trustSignerOfFile', {
        name: name.trim(),
        forFile: result.file,
        ...(kind === 'certificate' && keyFile ? { keyFile } : {}),
      });
      await loadTrusted();
      setAdded(signer.name);
    });
  }

  return (
    <form className="trust-verdict stack" onSubmit={submit} noValidate aria-labelledby={titleId}>
      <h4 id={titleId} className="trust-verdict__title">
        {words.title}
      </h4>
      {kind === 'certificate' ? (
        <div className="file-pick">
          <button type="button" className="button" onClick={() => void chooseKeyFile()}>
            <Icon name="file" size={16} />
            <span>Choose certificate file…</span>
          </button>
          <span className={keyFile ? 'file-pick__name path' : 'file-pick__name muted'}>
            {keyFile ? baseName(keyFile) : 'No file chosen'}
          </span>
        </div>
      ) : null}
      <Field
        label="Name to show"
        hint={words.hint}
        value={name}
        onChange={(event) => setName(event.target.value)}
        autoComplete="off"
        maxLength={100}
      />
      <FormFooter
        error={error}
        failedTitle="Nothing was added"
        busy={busy}
        submitLabel="Trust"
        busyLabel="Checking…"
        onCancel={() => {
          setOpen(false);
          setError(null);
        }}
      />
    </form>
  );
}
