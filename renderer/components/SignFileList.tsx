import { printable, printableComment } from '../../shared/printable';
import { baseName } from '../lib/format';
import { useAppStore } from '../store';
import { Icon } from './Icon';

/**
 * The files waiting to be signed, one compact row each with the signed comment it would get (the
 * person's own comment when they wrote one, else main's preview of the default).
 */
export function SignFileList({
  customComment,
  inside = false,
  signsComment = true,
}: {
  customComment?: string | undefined;
  /** A key that signs inside files: no signed comment to preview. */
  inside?: boolean;
  /** False for a key whose format signs no comment (OpenPGP): no comment line is shown. */
  signsComment?: boolean;
}) {
  const files = useAppStore((state) => state.sign.files);
  const previews = useAppStore((state) => state.sign.previews);
  const signed = useAppStore((state) => state.sign.signed);
  const removeSignFile = useAppStore((state) => state.removeSignFile);
  const signing = useAppStore((state) => state.sign.status === 'signing');
  if (files.length === 0) return <p className="muted">No files yet.</p>;
  return (
    <ul className="file-list file-list--compact" aria-label="Files to sign">
      {files.map((file) => {
        const preview = previews[file];
        return (
          <li key={file} className="file-list__item">
            <Icon name="file" size={18} className="file-list__icon" />
            <div className="file-list__body">
              <p className="file-list__name" title={printable(file)}>
                {baseName(file)}
              </p>
              {signed[file] ? (
                <span className="badge-signed" data-testid="already-signed">
                  has a signature
                </span>
              ) : null}
              {signsComment || inside ? (
                <p className="file-list__meta">
                  {inside ? (
                    'Signed inside the file (Authenticode)'
                  ) : customComment !== undefined ? (
                    <>
                      Signed comment: <span className="comment">{printableComment(customComment)}</span>
                    </>
                  ) : preview === undefined ? (
                    'Preparing…'
                  ) : 'comment' in preview ? (
                    <>
                      Signed comment: <span className="comment">{printableComment(preview.comment)}</span>
                    </>
                  ) : (
                    <span className="inline-error">{printable(preview.error)}</span>
                  )}
                </p>
              ) : null}
            </div>
            <button
              type="button"
              className="button button--small button--quiet"
              onClick={() => removeSignFile(file)}
              disabled={signing}
              aria-label={`Remove ${baseName(file)}`}
            >
              <Icon name="x" size={14} />
            </button>
          </li>
        );
      })}
    </ul>
  );
}
