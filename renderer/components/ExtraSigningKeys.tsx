import { useEffect, useId, useState } from 'react';
import type { KeyInfo } from '../../shared/ipc/contract';
import { call } from '../lib/bridge';
import { type StyleOption, StylePicker } from './StylePicker';

/** A further key the release is signed with, and the style it signs in (when its format has some). */
export interface ExtraKey {
  keyId: string;
  style?: string;
}

type Styles = StyleOption[];

/** What main says a key signs: its release styles (none: its format's own way) and whether it signs a comment. */
interface KeySigning {
  styles: Styles;
  signsComment: boolean;
}

/**
 * "Also sign with": the other keys of the keystore that sign beside files, each ticked on its own
 * and, when its format names release styles (OpenPGP), with its style. main lists every file each
 * key writes in its own dialog and asks each key's passphrase in its own window. The ticked keys
 * that sign in their format's own way (minisign) are told to the screen, which offers them the
 * SHA256SUMS list and the signed comment too.
 */
export function ExtraSigningKeys({
  keys,
  primaryKeyId,
  chosen,
  onChange,
  onOwnWay,
  disabled,
}: {
  keys: readonly KeyInfo[];
  primaryKeyId: string;
  chosen: readonly ExtraKey[];
  onChange(next: ExtraKey[]): void;
  /** The names of the ticked keys with no release style, and of those among them that sign a comment. */
  onOwnWay(names: { list: string[]; comment: string[] }): void;
  disabled: boolean;
}) {
  const others = keys.filter(
    (key) => key.keyId !== primaryKeyId && !key.signsInside && key.location !== 'token' && !key.retired,
  );
  const [signing, setSigning] = useState<Record<string, KeySigning>>({});
  const styleIds = useId();

  // The styles each ticked key signs in, as main lists them.
  useEffect(() => {
    for (const { keyId } of chosen) {
      if (signing[keyId]) continue;
      call('signingStyles', { keyId }).then(
        (answer) => setSigning((known) => ({ ...known, [keyId]: answer })),
        () => setSigning((known) => ({ ...known, [keyId]: { styles: [], signsComment: false } })),
      );
    }
  }, [chosen, signing]);

  const ownWay = chosen.flatMap((extra) => {
    const answer = signing[extra.keyId];
    const key = keys.find((k) => k.keyId === extra.keyId);
    return answer && key && answer.styles.length === 0 ? [{ name: key.name, ...answer }] : [];
  });
  // Told as text so that the screen hears only of a change, not of every render.
  const told = JSON.stringify({
    list: ownWay.map((key) => key.name),
    comment: ownWay.flatMap((key) => (key.signsComment ? [key.name] : [])),
  });
  useEffect(() => onOwnWay(JSON.parse(told)), [told, onOwnWay]);

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
        const keyStyles = extra ? (signing[key.keyId]?.styles ?? []) : [];
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
              <div className="extra-keys__style">
                <label className="extra-keys__style-label" htmlFor={`${styleIds}-${key.keyId}`}>
                  Style
                </label>
                <StylePicker
                  id={`${styleIds}-${key.keyId}`}
                  label={`Style for ${key.name}`}
                  styles={keyStyles}
                  value={extra.style ?? keyStyles[0]?.name ?? ''}
                  onChange={(style) => setStyle(key.keyId, style)}
                  disabled={disabled}
                />
              </div>
            ) : null}
          </div>
        );
      })}
    </fieldset>
  );
}
