import { type ReactNode, useId } from 'react';
import { call, errorSentence } from '../lib/bridge';
import { baseName } from '../lib/format';
import { Icon } from './Icon';
import { InputError } from './SignerNameFields';

export type MaterialSource = 'file' | 'paste';

/**
 * Where a key or certificate comes from: a file the person picks in main's own dialog, or text they
 * paste. Its problem (unreadable, a private key, expired …) shows right here, beside it.
 */
export function MaterialInput({
  legend,
  radioName,
  source,
  onSource,
  file,
  onFile,
  text,
  onText,
  error,
  onError,
  chooseLabel,
  purpose,
  fileTestId,
  pasteLabel,
  pasteHint,
}: {
  legend: string;
  radioName: string;
  source: MaterialSource;
  onSource: (source: MaterialSource) => void;
  file: string | null;
  onFile: (file: string) => void;
  text: string;
  onText: (text: string) => void;
  error: string | null;
  onError: (error: string | null) => void;
  chooseLabel: string;
  /** Which of main's open dialogs (its title and file filters). */
  purpose: 'public-key' | 'certificate';
  fileTestId: string;
  pasteLabel: string;
  pasteHint: ReactNode;
}) {
  const pasteId = useId();
  const hintId = useId();
  const errorId = useId();

  async function choose() {
    onError(null);
    try {
      const { files } = await call('chooseFiles', { purpose, multiple: false });
      if (files[0]) onFile(files[0]);
    } catch (caught) {
      onError(errorSentence(caught));
    }
  }

  return (
    <>
      <fieldset className="segmented">
        <legend className="field__label">{legend}</legend>
        <label className="segmented__option">
          <input
            type="radio"
            name={radioName}
            checked={source === 'file'}
            onChange={() => onSource('file')}
          />
          <span>In a file</span>
        </label>
        <label className="segmented__option">
          <input
            type="radio"
            name={radioName}
            checked={source === 'paste'}
            onChange={() => onSource('paste')}
          />
          <span>I will paste it</span>
        </label>
      </fieldset>

      {source === 'file' ? (
        <div className="field">
          <div className="file-pick">
            <button
              type="button"
              className="button"
              onClick={() => void choose()}
              aria-describedby={error ? errorId : undefined}
            >
              <Icon name="file" size={16} />
              <span>{chooseLabel}</span>
            </button>
            <span
              className={file ? 'file-pick__name path' : 'file-pick__name muted'}
              data-testid={fileTestId}
            >
              {file ? baseName(file) : 'No file chosen'}
            </span>
          </div>
          <InputError id={errorId} message={error} />
        </div>
      ) : (
        <div className="field">
          <label className="field__label" htmlFor={pasteId}>
            {pasteLabel}
          </label>
          <textarea
            id={pasteId}
            className="input input--mono textarea"
            rows={3}
            value={text}
            onChange={(event) => onText(event.target.value)}
            spellCheck={false}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${hintId} ${errorId}` : hintId}
          />
          <p className="field__hint" id={hintId}>
            {pasteHint}
          </p>
          <InputError id={errorId} message={error} />
        </div>
      )}
    </>
  );
}
