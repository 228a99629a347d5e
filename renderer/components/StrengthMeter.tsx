import type { PassphraseStrength } from '../lib/passphrase-strength';

/** The meter is drawn from the score; the label and hint say the same thing in words. */
export function StrengthMeter({ strength }: { strength: PassphraseStrength }) {
  return (
    <div className={`strength strength--${strength.score}`}>
      <div className="strength__bars" aria-hidden="true">
        {[0, 1, 2, 3].map((i) => (
          <span
            key={i}
            className={i < strength.score ? 'strength__bar strength__bar--on' : 'strength__bar'}
          />
        ))}
      </div>
      <p className="strength__text">
        <span className="strength__label">Strength: {strength.label}.</span> {strength.hint}
      </p>
    </div>
  );
}
