import { Notice } from './Notice';

/** A form's error (what failed, why, what to do next) and its Cancel / submit buttons. */
export function FormFooter({
  error,
  failedTitle,
  nextStep,
  busy,
  submitLabel,
  busyLabel,
  onCancel,
}: {
  error: string | null;
  failedTitle: string;
  nextStep?: string;
  busy: boolean;
  submitLabel: string;
  busyLabel: string;
  onCancel: () => void;
}) {
  return (
    <>
      {error ? (
        <Notice tone="error" title={failedTitle} {...(nextStep ? { nextStep } : {})}>
          {error}
        </Notice>
      ) : null}
      <div className="form-actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? busyLabel : submitLabel}
        </button>
      </div>
    </>
  );
}
