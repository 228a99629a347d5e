import { useEffect, useState } from 'react';
import type { KeyInfo } from '../../shared/ipc/contract';
import { call } from '../lib/bridge';

/** A further key the release is signed with, and the style it signs in (when its format has some). */
export interface ExtraKey {
  keyId: string;
  style?: string;
}

type Styles = { name: string; description: string }[];

/**
 * "Also sign with": the other keys of the keystore that sign beside files, each ticked on its own
 * and, when its format names release styles (OpenPGP), with its style. main lists every file each
 * key writes in its own dialog and asks each key's passphrase in its own window.
 */
export function ExtraSigningKeys({
  keys,
  primaryKeyId,
  chosen,
  onChange,
  disabled,
}: {
  keys: readonly KeyInfo[];
  primaryKeyId: string;
  chosen: readonly ExtraKey[];
  onChange(next: ExtraKey[]): void;
  disabled: boolean;
}) {
  const others = keys.filter(
    (key) => key.keyId !== primaryKeyId && !key.signsInside && key.location !== 'token' && !key.retired,
  );
  const [styles, setStyles] = useState<Record<string, Styles>>({});

  // The styles each ticked key signs in, as main lists them.
  useEffect(() => {
    for (const { keyId } of chosen) {
      if (styles[keyId]) continue;
      call('signingStyles', { keyId }).then(
        (answer) => setStyles((known) => ({ ...known, [keyId]: answer.styles })),
        () => setStyles((known) => ({ ...known, [keyId]: [] })),
      );
    }
  }, [chosen, styles]);

  // A key no longer offered (it became the main key, or was deleted) leaves the choice.
  useEffect(() => {
    const kept = chosen.filter((extra) => others.some((key) => key.keyId === extra.keyId));
    if (kept.length !== chosen.length) onChange(kept);
  }, [chosen, others, onChange]);

  if (others.length === 0) return null;

  function toggle(keyId: string, on: boolean) {
    onChange(on ? [...chosen, { keyId }] : chosen.filter((extra) => extra.keyId !== keyId));
  }

  function setStyle(keyId: string, style: string) {
    onChange(chosen.map((extra) => (extra.keyId === keyId ? { keyId, style } : extra)));
  }

  return (
    <fieldset className="extra-keys" data-testid="extra-keys">
      <legend className="field__label">Also sign with</legend>
      <p className="field__hint">
        Sign the same files with more keys in one go, such as an OpenPGP key beside a minisign key. Signet
        asks each key’s passphrase in turn, and lists every file each key writes before signing.
      </p>
      {others.map((key) => {
        const extra = chosen.find((c) => c.keyId === key.keyId);
        const keyStyles = extra ? (styles[key.keyId] ?? []) : [];
        return (
          <div key={key.keyId} className="extra-keys__row">
            <label className="checkbox">
              <input
                type="checkbox"
                checked={extra !== undefined}
                onChange={(event) => toggle(key.keyId, event.target.checked)}
                disabled={disabled}
              />
              <span>
                {key.name} ({key.keyId})
              </span>
            </label>
            {extra && keyStyles.length > 0 ? (
              <select
                className="input extra-keys__style"
                aria-label={`Style for ${key.name}`}
                value={extra.style ?? keyStyles[0]?.name ?? ''}
                onChange={(event) => setStyle(key.keyId, event.target.value)}
                disabled={disabled}
              >
                {keyStyles.map((option) => (
                  <option key={option.name} value={option.name}>
                    {option.name}: {option.description}
                  </option>
                ))}
              </select>
            ) : null}
          </div>
        );
      })}
    </fieldset>
  );
}
