import { printable } from '../../shared/printable';
import type { VerifyResult } from '../../shared/verdict';
import { verdictText } from '../../shared/verdict-text';
import { DropZone } from '../components/DropZone';
import { Icon } from '../components/Icon';
import { Notice } from '../components/Notice';
import { ProgressPanel } from '../components/ProgressPanel';
import { ResultsTable } from '../components/ResultsTable';
import { ScreenHeader } from '../components/ScreenHeader';
import { VerdictCard } from '../components/VerdictCard';
import { baseName } from '../lib/format';
import { resultsSummary } from '../lib/verify-summary';
import { useAppStore } from '../store';

/** What a screen reader hears when results arrive; focus stays where the person left it. */
function announcement(results: VerifyResult[]): string {
  const [only] = results;
  if (results.length === 1 && only) return `${baseName(only.file)}: ${printable(verdictText(only).headline)}`;
  return resultsSummary(results);
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
        title={checking ? 'Checking… drop more files when this is done' : 'Drop files to check them'}
        hint={checking ? undefined : 'Signet looks for each file’s signature in the same folder.'}
        onFiles={(files) => void verifyFiles(files)}
        onUnreadable={() => showVerifyProblem('Signet could not tell where that file is on your computer.')}
        compact={hasOutcome}
        inactive={checking}
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
              The next check uses the signature file <strong>{baseName(verify.signatureFile)}</strong>
            </span>
            <button type="button" className="button button--link" onClick={clearSignatureFile}>
              Stop using it
            </button>
          </p>
        ) : (
          <button
            type="button"
            className="button button--link"
            onClick={() => void chooseSignatureFile()}
            disabled={checking}
          >
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
            {verify.usedSignatureFile ? (
              <p className="results__note" data-testid="used-signature">
                Checked with the signature file you picked, {baseName(verify.usedSignatureFile)}
              </p>
            ) : null}
          </div>
          {verify.results.length === 1 && verify.results[0] ? (
            <VerdictCard result={verify.results[0]} />
          ) : (
            <ResultsTable results={verify.results} />
          )}
          {/* Always in view, however long the list: what was found and what to do next. */}
          <div className="action-bar" data-testid="verify-action-bar">
            <p className="action-bar__summary results__summary">
              {verify.results.length > 1 ? resultsSummary(verify.results) : ''}
            </p>
            <div className="action-bar__buttons">
              <button type="button" className="button" onClick={() => void chooseAndVerify()}>
                Check other files…
              </button>
              <button type="button" className="button" onClick={resetVerify}>
                Clear
              </button>
            </div>
          </div>
        </section>
      ) : null}
    </>
  );
}
