import type { ReactNode } from 'react';
import { Icon, type IconName } from './Icon';

type Tone = 'error' | 'info' | 'success' | 'warning';

const icons: Record<Tone, IconName> = {
  error: 'warning',
  info: 'info',
  success: 'check',
  warning: 'warning',
};

/**
 * A message box. Errors are announced (role=alert); each one should say what happened and what to do
 * next, so callers pass a title and a next step beside the main process's sentence.
 */
export function Notice({
  tone,
  title,
  children,
  nextStep,
  actions,
}: {
  tone: Tone;
  title: string;
  children?: ReactNode;
  nextStep?: string;
  actions?: ReactNode;
}) {
  return (
    <div className={`notice notice--${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      <Icon name={icons[tone]} className="notice__icon" />
      <div className="notice__body">
        <p className="notice__title">{title}</p>
        {children ? <div className="notice__text">{children}</div> : null}
        {nextStep ? <p className="notice__next">{nextStep}</p> : null}
        {actions ? <div className="notice__actions">{actions}</div> : null}
      </div>
    </div>
  );
}
