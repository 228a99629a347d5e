import { useId } from 'react';

/** A release style as main lists it: its short name and what it writes. */
export interface StyleOption {
  name: string;
  description: string;
}

/**
 * The release style a key signs in: a select of the short names, and what the chosen one writes
 * as a hint below it that wraps. The descriptions are long ("SHASUMS256.txt, clearsigned as …
 * (Node.js)"): inside a select, which cannot wrap, they were cut off at any width a window has.
 */
export function StylePicker({
  styles,
  value,
  onChange,
  id,
  label,
  testId,
  disabled,
}: {
  styles: readonly StyleOption[];
  value: string;
  onChange(style: string): void;
  /** The id a visible <label> points at. */
  id?: string;
  /** The accessible name, when it should say more than the visible label. */
  label?: string;
  testId?: string;
  disabled?: boolean;
}) {
  const hintId = useId();
  const chosen = styles.find((option) => option.name === value) ?? styles[0];
  return (
    <>
      <select
        id={id}
        className="input style-picker"
        aria-label={label}
        aria-describedby={hintId}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        disabled={disabled}
        data-testid={testId}
      >
        {styles.map((option) => (
          <option key={option.name} value={option.name}>
            {option.name}
          </option>
        ))}
      </select>
      <p id={hintId} className="field__hint style-picker__writes" data-testid="style-writes">
        {chosen ? `Writes ${chosen.description}.` : null}
      </p>
    </>
  );
}
