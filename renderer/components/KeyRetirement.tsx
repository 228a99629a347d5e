import { type FormEvent, useId, useState } from 'react';
import type { KeyInfo } from '../../shared/ipc/contract';
import { call, errorSentence, wasCancelled } from '../lib/bridge';
import { formatDate } from '../lib/format';
import { useAppStore } from '../store';
import { Field } from './Field';
import { Icon } from './Icon';
import { RevealButton } from './RevealButton';

/** On a retired key's card: since when, which key replaced it, and why. */
export function RetiredNote({ keyInfo }: { keyInfo: KeyInfo }) {
  const keys = useAppStore((state) => state.keys.list);
  const retired = keyInfo.retired;
  if (!retired) return null;
  const successor = keys.find((key) => key.keyId === retired.successorKeyId);
  return (
    <p className="key-retired" data-testid="key-retired">
      <Icon name="info" size={14} />
      <span>
        Retired {formatDate(retired.at)}, replaced by{' '}
        {successor ? `“${successor.name}” (${successor.keyId})` : retired.successorKeyId}
        {retired.reason ? `: ${retired.reason}` : ''}
      </span>
    </p>
  );
}

/**
 * "Announce a new key…": the person picks the key that replaces this one and why; main asks where to
 * save the statement and each key's passphrase, writes it signed by both and marks this key retired.
 */
export function AnnounceNewKey({ keyInfo }: { keyInfo: KeyInfo }) {
  const keys = useAppStore((state) => state.keys.list);
  const announces = useAppStore((state) => state.keys.announces);
  const loadKeys = useAppStore((state) => state.loadKeys);
  // Both keys sign the statement in their one format: the successor is a key of the same kind.
  const mayAnnounce = (key: KeyInfo) => announces?.includes(key.id) ?? false;
  const candidates = keys.filter(
    (key) => key.keyId !== keyInfo.keyId && !key.retired && key.kind === keyInfo.kind && mayAnnounce(key),
  );
  const [open, setOpen] = useState(false);
  const [successor, setSuccessor] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<{ calm: boolean; text: string } | null>(null);
  const [written, setWritten] = useState<{ statement: string; signatures: string[] } | null>(null);
  const selectId = useId();
  if (!written && (keyInfo.retired || !mayAnnounce(keyInfo) || candidates.length === 0)) return null;
  const chosen = candidates.some((key) => key.keyId === successor) ? successor : candidates[0]?.keyId;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!chosen) return;
    setNote(null);
    setBusy(true);
    try {
      const answer = await call('announceKeyTransition', {
        fromKeyId: keyInfo.keyId,
        toKeyId: chosen,
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      });
      if (answer.statement) {
        setWritten({ statement: answer.statement, signatures: answer.signatures });
        setOpen(false);
        await loadKeys();
      }
    } catch (caught) {
      setNote({ calm: wasCancelled(caught), text: errorSentence(caught) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="announce-key">
      {written ? (
        <p className="card__status" role="status" data-testid="key-transition-written">
          Statement signed by both keys, saved to <span className="path">{written.statement}</span>{' '}
          <RevealButton path={written.statement} />
          <span className="card__status-note">
            {written.signatures.length === 0
              ? 'Both signatures are inside it. Publish it where people know your old key from, such as your website or README.'
              : `Publish it with the ${written.signatures.length} signature files beside it where people know your old key from, such as your website or README.`}
          </span>
        </p>
      ) : null}
      {!written && !open ? (
        <button type="button" className="button button--small" onClick={() => setOpen(true)}>
          Announce a new key…
        </button>
      ) : null}
      {open ? (
        <form
          className="announce-key__form stack"
          onSubmit={submit}
          noValidate
          aria-label={`Announce a new key to replace “${keyInfo.name}”`}
        >
          <p className="muted">
            Signet writes a short statement naming both keys, signed by this key and by the new one, so people
            who trust this key can move to the new one. This key is then marked retired.
          </p>
          <div className="field">
            <label className="field__label" htmlFor={selectId}>
              New key
            </label>
            <select
              id={selectId}
              className="input"
              value={chosen}
              onChange={(event) => setSuccessor(event.target.value)}
            >
              {candidates.map((key) => (
                <option key={key.keyId} value={key.keyId}>
                  {key.name} ({key.keyId})
                </option>
              ))}
            </select>
          </div>
          <Field
            label="Reason (optional)"
            hint="Part of the signed statement, such as “Yearly rotation”."
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            maxLength={500}
            autoComplete="off"
          />
          <div className="announce-key__actions">
            <button type="button" className="button" onClick={() => setOpen(false)} disabled={busy}>
              Cancel
            </button>
            <button type="submit" className="button button--primary" disabled={busy}>
              {busy ? 'Signing…' : 'Write and sign the statement…'}
            </button>
          </div>
        </form>
      ) : null}
      {note ? (
        <p className={note.calm ? 'card__status' : 'inline-error'} role={note.calm ? 'status' : 'alert'}>
          {note.text}
        </p>
      ) : null}
    </div>
  );
}
