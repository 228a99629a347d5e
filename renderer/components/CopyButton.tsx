import { useEffect, useRef, useState } from 'react';
import { copyText } from '../lib/copy-text';
import { Icon } from './Icon';

/**
 * Copies a value and says so in words (announced politely), not only with an icon. `what` names the
 * value for screen readers ("Copy SHA-256").
 */
export function CopyButton({ value, what, label = 'Copy' }: { value: string; what: string; label?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);

  async function copy() {
    const copied = await copyText(value);
    setState(copied ? 'copied' : 'failed');
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => setState('idle'), 2500);
  }

  return (
    <span className="copy">
      <button type="button" className="button button--small" onClick={copy}>
        <Icon name={state === 'copied' ? 'check' : 'copy'} size={14} />
        <span>{state === 'copied' ? 'Copied' : label}</span>
        <span className="visually-hidden"> {what}</span>
      </button>
      <span className={state === 'failed' ? 'inline-error' : 'visually-hidden'} role="status">
        {state === 'copied'
          ? 'Copied to the clipboard.'
          : state === 'failed'
            ? 'Could not copy. Select the text and copy it yourself.'
            : ''}
      </span>
    </span>
  );
}
