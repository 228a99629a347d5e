import { useId, useState } from 'react';
import type { KeylessSignResponse } from '../../shared/ipc/contract';
import { call, errorSentence } from '../lib/bridge';
import { newJobId } from '../lib/job-id';
import { useAppStore } from '../store';
import { CopyButton } from './CopyButton';
import { Notice } from './Notice';
import { ProgressPanel } from './ProgressPanel';
import { VerdictCard } from './VerdictCard';

type KeylessState =
  | { status: 'idle' }
  | { status: 'waiting'; jobId: string; cancelling: boolean }
  | { status: 'done'; result: KeylessSignResponse }
  | { status: 'failed'; error: string }
  | { status: 'cancelled' };

/**
 * Signing with the person's own identity, no key to keep: main opens the login in their browser and
 * asks in its own dialog before anything is published. The page only asks for it, waits (with a
 * Cancel that ends the login too) and shows main's cards and release kit.
 */
export function KeylessSign() {
  const files = useAppStore((state) => state.sign.files);
  const progress = useAppStore((state) => state.progress);
  const forgetJob = useAppStore((state) => state.forgetJob);
  const removeSignFile = useAppStore((state) => state.removeSignFile);
  const [state, setState] = useState<KeylessState>({ status: 'idle' });
  const titleId = useId();
  const waiting = state.status === 'waiting';

  async function sign() {
    const jobId = newJobId('keyless');
    setState({ status: 'waiting', jobId, cancelling: false });
    try {
      const result = await call('signKeyless', { jobId, files });
      setState({ status: 'done', result });
      // Signed files leave the list; those that failed stay so the person can try again.
      for (const outcome of result.outcomes) if (outcome.signatureFile) removeSignFile(outcome.file);
    } catch (error) {
      setState((now) =>
        now.status === 'waiting' && now.cancelling
          ? { status: 'cancelled' }
          : { status: 'failed', error: errorSentence(error) },
      );
    } finally {
      forgetJob(jobId);
    }
  }

  async function cancel() {
    if (state.status !== 'waiting') return;
    setState({ ...state, cancelling: true });
    try {
      await call('cancelJob', { jobId: state.jobId });
    } catch {
      // Already finished: its answer arrives as usual.
    }
  }

  return (
    <>
      <section className="panel" aria-labelledby={titleId}>
        <h2 id={titleId} className="panel__title">
          Or sign with your identity
        </h2>
        <p className="muted">
          No key to keep: you sign in with an account you already have, and a public log records who signed,
          when, and each file’s SHA-256.
        </p>
        <div>
          <button
            type="button"
            className="button"
            disabled={waiting || files.length === 0}
            onClick={() => void sign()}
          >
            Sign with your identity (Sigstore)
          </button>
        </div>
      </section>

      {state.status === 'waiting' && progress[state.jobId] ? (
        <ProgressPanel
          jobId={state.jobId}
          verb="Signing"
          files={files}
          cancelling={state.cancelling}
          onCancel={() => void cancel()}
        />
      ) : null}
      {state.status === 'waiting' && !progress[state.jobId] ? (
        <section className="panel" role="status" aria-live="polite" data-testid="keyless-waiting">
          <p className="panel__title">Waiting for you to sign in…</p>
          <p className="muted">
            Signet opened the login page in your browser. Once you have signed in, Signet asks you to confirm
            before anything is published.
          </p>
          <div>
            <button
              type="button"
              className="button"
              onClick={() => void cancel()}
              disabled={state.cancelling}
            >
              {state.cancelling ? 'Cancelling…' : 'Cancel'}
            </button>
          </div>
        </section>
      ) : null}
      {state.status === 'failed' ? (
        <Notice
          tone="error"
          title="Could not sign"
          nextStep="Your files were not changed. Sign again when you are ready."
        >
          {state.error}
        </Notice>
      ) : null}
      {state.status === 'cancelled' ? (
        <Notice
          tone="info"
          title="Signing was cancelled"
          nextStep="Nothing was published. Sign again when you are ready."
        />
      ) : null}
      {state.status === 'done' ? <KeylessResult result={state.result} /> : null}
    </>
  );
}

function KeylessResult({ result }: { result: KeylessSignResponse }) {
  const failed = result.outcomes.filter((o) => o.error);
  return (
    <section className="stack" aria-label="Signed with your identity" data-testid="keyless-result">
      <Notice
        tone={failed.length === 0 && result.recheck.failed.length === 0 ? 'success' : 'error'}
        title={`Signed as ${result.identity}`}
        nextStep="Publish each .sigstore.json beside its file, with the commands below."
      >
        Vouched for by {result.issuer}.{' '}
        {result.recheck.failed.length === 0
          ? `${result.recheck.checked === 1 ? 'The bundle was' : `All ${result.recheck.checked} bundles were`} checked as others will check it.`
          : result.recheck.failed.map((f) => `${f.file}: ${f.problem}`).join(' ')}
        {failed.map((o) => ` ${o.file}: ${o.error}`).join('')}
      </Notice>
      {result.cards.map((card) => (
        <VerdictCard key={card.file} result={card} />
      ))}
      <section className="panel release-kit" aria-labelledby="keyless-kit-title">
        <h2 id="keyless-kit-title" className="panel__title">
          Release kit
        </h2>
        <p className="muted">Who signed, and the exact commands people run to check each file.</p>
        <pre className="release-kit__text" data-testid="keyless-kit">
          {result.kit}
        </pre>
        <div className="release-kit__actions">
          <CopyButton value={result.kit} what="release kit" />
        </div>
      </section>
    </section>
  );
}
