import { type FormEvent, useId, useState } from 'react';
import type { ChecksumComparison } from '../../shared/ipc/contract';
import { call, errorSentence } from '../lib/bridge';
import { newJobId } from '../lib/job-id';
import { useAppStore } from '../store';
import { Icon } from './Icon';

type State =
  | { kind: 'idle' }
  | { kind: 'comparing' }
  | { kind: 'answer'; comparison: ChecksumComparison }
  | { kind: 'error'; message: string };

/**
 * Signet compares the pasted checksum with the file's own, so nobody compares hex by eye. The answer
 * joins the card's headline (one answer per file); this line only says what was compared.
 */
export function ChecksumCompare({ file }: { file: string }) {
  const [expected, setExpected] = useState('');
  const [state, setState] = useState<State>({ kind: 'idle' });
  const setComparison = useAppStore((s) => s.setComparison);
  const id = useId();

  async function compare(event: FormEvent) {
    event.preventDefault();
    const value = expected.trim();
    if (!value) {
      setState({ kind: 'error', message: 'Paste the checksum from the website first.' });
      return;
    }
    setState({ kind: 'comparing' });
    try {
      const comparison = await call('compareChecksum', { jobId: newJobId('compare'), file, expected: value });
      setState({ kind: 'answer', comparison });
      setComparison(file, comparison);
    } catch (error) {
      setState({ kind: 'error', message: errorSentence(error) });
      setComparison(file, undefined);
    }
  }

  return (
    <form className="compare" onSubmit={compare}>
      <label className="compare__label" htmlFor={id}>
        Paste a checksum from the website
      </label>
      <div className="compare__row">
        <input
          id={id}
          className="input input--mono"
          value={expected}
          onChange={(event) => {
            setExpected(event.target.value);
            if (state.kind !== 'comparing') {
              setState({ kind: 'idle' });
              // A changed paste is not what was compared: the headline goes back to the signature's.
              setComparison(file, undefined);
            }
          }}
          spellCheck={false}
          autoComplete="off"
          placeholder="SHA-256 checksum (64 letters and digits)"
        />
        <button type="submit" className="button" disabled={state.kind === 'comparing'}>
          {state.kind === 'comparing' ? 'Comparing…' : 'Compare'}
        </button>
      </div>
      <div role="status" className="compare__status">
        {state.kind === 'answer' ? (
          <p
            className={
              state.comparison.match
                ? 'compare__result compare__result--match'
                : 'compare__result compare__result--mismatch'
            }
          >
            <Icon name={state.comparison.match ? 'check' : 'x'} size={16} />
            <span>
              <strong>{state.comparison.match ? 'Match.' : 'No match.'}</strong> {state.comparison.message}
            </span>
          </p>
        ) : null}
        {state.kind === 'error' ? (
          <p className="compare__result compare__result--error">
            <Icon name="warning" size={16} />
            <span>{state.message}</span>
          </p>
        ) : null}
      </div>
    </form>
  );
}
