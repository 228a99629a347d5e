import { useState } from 'react';
import { errorSentence } from './bridge';

/**
 * The state every form that calls the main process shares: busy while the call runs, and the
 * plain sentence of whatever went wrong.
 */
export function useFormAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function run(work: () => Promise<void>): Promise<void> {
    setError(null);
    setBusy(true);
    try {
      await work();
    } catch (caught) {
      setError(errorSentence(caught));
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, setError, run };
}
