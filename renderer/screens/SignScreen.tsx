import { type FormEvent, useEffect, useId, useState } from 'react';
import { theHardwareToken } from '../../shared/token-words';
import { DropZone } from '../components/DropZone';
import { type ExtraKey, ExtraSigningKeys } from '../components/ExtraSigningKeys';
import { Field } from '../components/Field';
import { KeylessSign } from '../components/KeylessSign';
import { Notice } from '../components/Notice';
import { ProgressPanel } from '../components/ProgressPanel';
import { ScreenHeader } from '../components/ScreenHeader';
import { SignFileList } from '../components/SignFileList';
import { type InsideOptions, SignInsideFields } from '../components/SignInsideFields';
import { SignResults } from '../components/SignResults';
import { StylePicker } from '../components/StylePicker';
import { call } from '../lib/bridge';
import { plural } from '../lib/format';
import { useAppStore } from '../store';

export function SignScreen() {
  const keys = useAppStore((state) => state.keys);
  const loadKeys = useAppStore((state) => state.loadKeys);
  const sign = useAppStore((state) => state.sign);
  const addSignFiles = useAppStore((state) => state.addSignFiles);
  const chooseSignFiles = useAppStore((state) => state.chooseSignFiles);
  const signFiles = useAppStore((state) => state.signFiles);
  const signWithKeys = useAppStore((state) => state.signWithKeys);
  const cancelSign = useAppStore((state) => state.cancelSign);
  const navigate = useAppStore((state) => state.navigate);

  const [keyId, setKeyId] = useState('');
  const [extraKeys, setExtraKeys] = useState<ExtraKey[]>([]);
  const [extraOwnWay, setExtraOwnWay] = useState<{ list: string[]; comment: string[] }>({
    list: [],
    comment: [],
  });
  const [writeChecksumList, setWriteChecksumList] = useState(false);
  const [comment, setComment] = useState('');
  const [styles, setStyles] = useState<{ name: string; description: string }[]>([]);
  const [signsComment, setSignsComment] = useState(true);
  const [style, setStyle] = useState('');
  const styleFieldId = useId();
  const [formError, setFormError] = useState<string | null>(null);
  const [inside, setInside] = useState<InsideOptions>({ timestampUrl: '', description: '', url: '' });
  const keyFieldId = useId();
  const keyHintId = useId();
  const signing = sign.status === 'signing';
  const selectedKey = keys.list.find((k) => k.keyId === keyId);
  const signsInside = selectedKey?.signsInside === true;
  const several = extraKeys.length > 0 && !signsInside;
  // The keys the SHA256SUMS list and the signed comment are for: each key of the job that signs in its
  // format's own way (minisign), the main key or a further one.
  const mainName = selectedKey?.name ?? '';
  const listKeys = signsInside
    ? []
    : [...(styles.length === 0 ? [mainName] : []), ...(several ? extraOwnWay.list : [])];
  const commentKeys = signsInside
    ? []
    : [...(signsComment ? [mainName] : []), ...(several ? extraOwnWay.comment : [])];
  const checksumList = writeChecksumList && listKeys.length > 0;

  useEffect(() => {
    if (keys.status === 'idle') void loadKeys();
  }, [keys.status, loadKeys]);

  useEffect(() => {
    const first = keys.list[0];
    if (!keys.list.some((k) => k.keyId === keyId) && first) setKeyId(first.keyId);
  }, [keys.list, keyId]);

  // The styles the chosen key signs in, as main lists them (none: the key's own way, with its comment).
  useEffect(() => {
    if (!keyId) return;
    let current = true;
    call('signingStyles', { keyId }).then(
      (answer) => {
        if (!current) return;
        setStyles(answer.styles);
        setSignsComment(answer.signsComment);
        setStyle(answer.styles[0]?.name ?? '');
      },
      () => current && setStyles([]),
    );
    return () => {
      current = false;
    };
  }, [keyId]);

  // The passphrase is typed in main's own window, and main itself asks before replacing any file.
  function submit(event: FormEvent) {
    event.preventDefault();
    setFormError(null);
    if (sign.files.length === 0) return setFormError('Add at least one file to sign.');
    if (!keyId) return setFormError('Choose a signing key first.');
    if (signsInside) {
      void signFiles({ keyId, writeChecksumList: false, ...inside });
      return;
    }
    if (several) {
      void signWithKeys({
        keys: [{ keyId, ...(styles.length > 0 && style ? { style } : {}) }, ...extraKeys],
        writeChecksumList: checksumList,
        ...(commentKeys.length > 0 && comment.trim() ? { trustedComment: comment } : {}),
      });
      return;
    }
    void signFiles({
      keyId,
      writeChecksumList: styles.length === 0 && writeChecksumList,
      ...(signsComment ? { trustedComment: comment } : {}),
      ...(styles.length > 0 && style ? { style } : {}),
    });
  }

  const noKeys = keys.status === 'ready' && keys.list.length === 0;

  return (
    <>
      <ScreenHeader title="Sign">
        Sign files so others can check they came from you and have not changed.
      </ScreenHeader>

      {noKeys ? (
        <Notice
          tone="info"
          title="You do not have a signing key yet"
          nextStep="Create one or import one on the Keys screen, then come back here."
          actions={
            <button type="button" className="button button--primary" onClick={() => navigate('keys')}>
              Go to Keys
            </button>
          }
        />
      ) : null}
      {keys.status === 'failed' && keys.error ? (
        <Notice tone="error" title="Signet could not list your keys" nextStep="Restart Signet and try again.">
          {keys.error}
        </Notice>
      ) : null}

      <form className="stack" onSubmit={submit} noValidate>
        <section className="panel" aria-labelledby="sign-files-title">
          <h2 id="sign-files-title" className="panel__title">
            Files to sign
          </h2>
          <DropZone
            title="Drop files to sign"
            compact
            onFiles={addSignFiles}
            onUnreadable={() =>
              setFormError('Signet could not tell where that file is. Use Choose files… instead.')
            }
          >
            <button
              type="button"
              className="button"
              onClick={() => void chooseSignFiles()}
              disabled={signing}
            >
              Choose files…
            </button>
          </DropZone>
          <SignFileList
            customComment={comment.trim() === '' ? undefined : comment}
            inside={signsInside}
            signsComment={signsComment}
          />
        </section>

        <section className="panel" aria-labelledby="sign-key-title">
          <h2 id="sign-key-title" className="panel__title">
            Signing key
          </h2>
          <div className="field">
            <label className="field__label" htmlFor={keyFieldId}>
              Key
            </label>
            <select
              id={keyFieldId}
              className="input"
              value={keyId}
              onChange={(event) => setKeyId(event.target.value)}
              disabled={keys.list.length === 0}
              aria-describedby={keyHintId}
            >
              {keys.list.length === 0 ? <option value="">No keys yet</option> : null}
              {keys.list.map((key) => (
                <option key={key.keyId} value={key.keyId}>
                  {key.name} ({key.keyId})
                </option>
              ))}
            </select>
            <p id={keyHintId} className="field__hint">
              {selectedKey?.location === 'token'
                ? `When you sign, Signet asks for the token’s PIN in a small window of its own. Keep ${theHardwareToken(selectedKey)} plugged in.`
                : signsInside
                  ? 'When you sign, Signet asks for the certificate file’s password in a small window of its own.'
                  : 'When you sign, Signet asks for this key’s passphrase in a small window of its own.'}
            </p>
          </div>
          {signsInside && selectedKey ? (
            <SignInsideFields
              keyInfo={selectedKey}
              files={sign.files}
              options={inside}
              onChange={setInside}
              disabled={signing}
            />
          ) : null}
          {styles.length > 0 ? (
            <div className="field">
              <label className="field__label" htmlFor={styleFieldId}>
                Style
              </label>
              <StylePicker
                id={styleFieldId}
                styles={styles}
                value={style}
                onChange={setStyle}
                testId="sign-style"
              />
              <p className="field__hint">
                What your project publishes beside its files; Signet lists every file it will write before
                signing.
              </p>
            </div>
          ) : null}
          {signsInside ? null : (
            <ExtraSigningKeys
              keys={keys.list}
              primaryKeyId={keyId}
              chosen={extraKeys}
              onChange={setExtraKeys}
              onOwnWay={setExtraOwnWay}
              disabled={signing}
            />
          )}
          {listKeys.length === 0 ? null : (
            <label className="checkbox">
              <input
                type="checkbox"
                checked={writeChecksumList}
                onChange={(event) => setWriteChecksumList(event.target.checked)}
              />
              <span>
                Also write and sign a SHA256SUMS list
                <span className="checkbox__hint">
                  One file listing every file's checksum, signed too, for publishing beside them.
                  {several ? ` Signed by ${whose(listKeys)}.` : ''}
                </span>
              </span>
            </label>
          )}
          {commentKeys.length > 0 ? (
            <Field
              label="Signed comment (optional)"
              hint={`Signed along with every file${several ? ` by ${whose(commentKeys)}` : ''}, such as “Acme 4.2, release build”. Leave it empty for the time and each file’s name.`}
              value={comment}
              onChange={(event) => setComment(event.target.value)}
              autoComplete="off"
              maxLength={1000}
              disabled={signing}
            />
          ) : null}
        </section>

        {formError ? (
          <Notice tone="error" title="Not signed yet">
            {formError}
          </Notice>
        ) : null}

        {/* Always in view, however long the list: the action bar sticks to the bottom of the window,
            and while signing it holds the progress, so a long file's time left is never below the fold. */}
        <div className="form-actions action-bar" data-testid="sign-action-bar">
          {signing ? (
            <ProgressPanel
              jobId={sign.jobId}
              verb="Signing"
              files={sign.files}
              cancelling={sign.cancelRequested}
              onCancel={() => void cancelSign()}
            />
          ) : (
            <>
              <p className="action-bar__summary muted">
                {sign.files.length === 0
                  ? 'No files yet'
                  : several
                    ? `${plural(sign.files.length, 'file', 'files')} with ${extraKeys.length + 1} keys${checksumList ? ' and SHA256SUMS' : ''}`
                    : `${plural(sign.files.length, 'file', 'files')}${styles.length > 0 ? ` in the ${style} style` : writeChecksumList ? ' and SHA256SUMS' : ''}`}
              </p>
              <button
                type="submit"
                className="button button--primary button--large"
                disabled={sign.files.length === 0 || keys.list.length === 0}
              >
                {sign.files.length > 1 ? `Sign ${plural(sign.files.length, 'file', 'files')}` : 'Sign'}
              </button>
            </>
          )}
        </div>
      </form>

      <KeylessSign />

      {sign.status === 'failed' && sign.error ? (
        <Notice
          tone="error"
          title="Could not sign"
          nextStep="Your files were not changed. Sign again when you are ready."
        >
          {sign.error}
        </Notice>
      ) : null}
      {sign.status === 'declined' && sign.note ? (
        <Notice
          tone="info"
          title="Not signed"
          nextStep="Your files are still in the list. Sign again when you are ready."
        >
          {sign.note}
        </Notice>
      ) : null}
      {sign.status === 'cancelled' ? (
        <Notice
          tone="info"
          title="Signing was cancelled"
          nextStep="Files that were not signed are still in the list. Sign again when you are ready."
        />
      ) : null}
      {/* After a cancel with nothing signed, the notice above says all there is to say. */}
      {sign.result && !(sign.status === 'cancelled' && !sign.result.outcomes.some((o) => o.signatureFile)) ? (
        <SignResults result={sign.result} />
      ) : null}
      {sign.parts?.map((part) => (
        <SignResults
          key={part.keyId}
          result={part}
          signedWith={`“${part.keyName}”${part.style ? ` (${part.style} style)` : ''}`}
        />
      ))}
    </>
  );
}

/** “A” or “A” and “B”: the keys an option of the form is for. */
function whose(names: readonly string[]): string {
  const quoted = names.map((name) => `“${name}”`);
  return quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}` : (quoted[0] ?? '');
}
