import { type ReactNode, useId } from 'react';
import { Icon, type IconName } from './Icon';

/**
 * A field whose value main picks in its own dialog (a key file, a token's module): the button that
 * asks main, and the name of what was picked, or what picking does while nothing is.
 */
export function PickField({
  label,
  icon,
  buttonLabel,
  onPick,
  picked,
  placeholder,
  testId,
  children,
}: {
  label: string;
  icon: IconName;
  buttonLabel: string;
  onPick: () => void;
  /** The picked item's name as shown; null while nothing is picked. */
  picked: string | null;
  placeholder: string;
  testId: string;
  children?: ReactNode;
}) {
  const labelId = useId();
  return (
    <div className="field">
      <span className="field__label" id={labelId}>
        {label}
      </span>
      <div className="file-pick">
        <button type="button" className="button" onClick={onPick} aria-describedby={labelId}>
          <Icon name={icon} size={16} />
          <span>{buttonLabel}</span>
        </button>
        <span className={picked ? 'file-pick__name path' : 'file-pick__name muted'} data-testid={testId}>
          {picked ?? placeholder}
        </span>
      </div>
      {children}
    </div>
  );
}
