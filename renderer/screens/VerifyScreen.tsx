import { printable } from '../../shared/printable';
import type { VerifyResult } from '../../shared/verdict';
import { verdictText } from '../../shared/verdict-text';
import { DropZone } from '../components/DropZone';
import { Icon } from '../components/Icon';
import { Notice } from '../components/Notice';
import { ProgressPanel } from '../components/ProgressPanel';
import { ScreenHeader } from '../components/ScreenHeader';
import { VerdictCard } from '../components/VerdictCard';
import { baseName, plural } from '../lib/format';
import { useAppStore } from '../store';

/** What a screen reader hears when results arrive; focus stays where the person left it. */
function announcement(results: VerifyResult[]): string {
  const [only] = results;
  if (results.length === 1 && only) return `${baseName(only.file)}: ${printable(verdictText(only).headline)}`;
  return summary(results);
}

function summary(results: VerifyResult[]): string {
  const verified = results.filter((r) => r.verdict === 'verified').length;
  const doNotUse = results.filter((r) => r.verdict === 'tampered').length;
  const parts = [`${plural(results.length, 'file', 'files')} checked`, `${verified} verified`];
  if (doNotUse > 0) parts.push(`${doNotUse} not safe to use`);
  const rest = results.length - verified - doNotUse;
  if (rest > 0) parts.push(`${rest} need your attention`);
  return `${parts.join(', ')}.`;
}

export function VerifyScreen() {
  const verify = useAppStore((state) => state.verify);
  const verifyFiles = useAppStore((state) => state.verifyFiles);
  const chooseAndVerify = useAppStore((state) => state.chooseAndVerify);
  const chooseSignatureFile = useAppStore((state) => state.chooseSignatureFile);
  const clearSignatureFile = useAppStore((state) => state.clearSignatureFile);
  const cancelVerify = useAppStore((state) => state.cancelVerify);
  const resetVerify = useAppStore((state) => state.resetVerify);
  const showVerifyProblem = useAppStore((state) => state.showVerifyProblem);
  const checking = verify.status === 'checking';
  const hasOutcome = verify.status !== 'idle';

  return (
    <>
      <ScreenHeader title="Verify">
        Check who made a file and whether it has changed since it was signed.
      </ScreenHeader>

      <DropZone
        title="Drop a file to check it"
        hint="Signet looks for its signature in the same folder."
        onFiles={(files) => void verifyFiles(files)}
        onUnreadable={() => showVerifyProblem('Signet could not tell where that file is on your computer.')}
        compact={hasOutcome}
      >
        <button
          type="button"
          className="button button--primary"
          onClick={() => void chooseAndVerify()}
          disabled={checking}
        >
          Choose file…
        </button>
      </DropZone>

      <div className="signature-choice">
        {verify.signatureFile ? (
          <p className="chip" data-testid="signature-choice">
            <Icon name="file" size={16} />
            <span>
              Using the signature file <strong>{baseName(verify.signatureFile)}</strong>
            </span>
            <button type="button" className="button button--link" onClick={clearSignatureFile}>
              Stop using it
            </button>
          </p>
        ) : (
          <button type="button" className="button button--link" onClick={() => void chooseSignatureFile()}>
            Use a specific signature file…
          </button>
        )}
      </div>

      {checking ? (
        <ProgressPanel
          jobId={verify.jobId}
          verb="Checking"
          files={verify.files}
          cancelling={verify.cancelRequested}
          onCancel={() => void cancelVerify()}
        />
      ) : null}

      {verify.status === 'cancelled' ? (
        <Notice
          tone="info"
          title="Checking was cancelled"
          nextStep="No answer was given for these files. Drop a file or choose one to check it again."
          actions={
            <button type="button" className="button" onClick={() => void verifyFiles(verify.files)}>
              Check again
            </button>
          }
        />
      ) : null}

      {verify.status === 'failed' && verify.error ? (
        <Notice
          tone="error"
          title="Signet could not check this"
          nextStep="Try choosing the file with the Choose file… button. If it keeps failing, restart Signet."
        >
          {verify.error}
        </Notice>
      ) : null}

      <p className="visually-hidden" role="status" data-testid="verify-announcement">
        {verify.status === 'done' ? announcement(verify.results) : ''}
      </p>

      {verify.status === 'done' ? (
        <section className="results" aria-labelledby="results-title">
          <div className="results__header">
            <h2 id="results-title">{verify.results.length === 1 ? 'Result' : 'Results'}</h2>
            <button type="button" className="button button--link" onClick={resetVerify}>
              Clear
            </button>
          </div>
          {verify.results.length > 1 ? <p className="results__summary">{summary(verify.results)}</p> : null}
          <ul className="results__list">
            {verify.results.map((result) => (
              <li key={result.file}>
                <VerdictCard result={result} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
