import { useEffect, useState } from 'react';
import type { KeyInfo } from '../../shared/ipc/contract';
import { call } from '../lib/bridge';
import { baseName, formatDate } from '../lib/format';
import { useAppStore } from '../store';
import { ThumbprintRow } from './CertificateFacts';
import { DetailsRow } from './DetailsRow';
import { Field } from './Field';
import { Icon } from './Icon';
import { Notice } from './Notice';

/** The usual public RFC 3161 servers, offered by name; any other address may be typed. */
const PUBLIC_TSAS = [
  { name: 'DigiCert', url: 'http://timestamp.digicert.com' },
  { name: 'Sectigo', url: 'http://timestamp.sectigo.com' },
  { name: 'GlobalSign', url: 'http://timestamp.globalsign.com/tsa/r6advanced1' },
  { name: 'SSL.com', url: 'http://ts.ssl.com' },
];

export interface InsideOptions {
  timestampUrl: string;
  description: string;
  url: string;
}

/**
 * For a code-signing certificate: which certificate signs, which server stamps the time (or what
 * having none means), the program name and address the signature states, and the files whose
 * signature signing will change (main asks whether to replace it or add a second one).
 */
export function SignInsideFields({
  keyInfo,
  files,
  options,
  onChange,
  disabled,
}: {
  keyInfo: KeyInfo;
  files: readonly string[];
  options: InsideOptions;
  onChange: (options: InsideOptions) => void;
  disabled: boolean;
}) {
  const [alreadySigned, setAlreadySigned] = useState<string[]>([]);
  // The organisation's server, when its policy names one: shown locked, and main uses it whatever
  // the page sends. Read afresh each time the fields appear, as the policy may change while Signet runs.
  const managedTimestampUrl = useAppStore((state) => state.policy.summary?.timestampUrl);
  const loadPolicy = useAppStore((state) => state.loadPolicy);
  useEffect(() => {
    void loadPolicy();
  }, [loadPolicy]);
  useEffect(() => {
    let current = true;
    if (files.length === 0) {
      setAlreadySigned([]);
      return;
    }
    call('existingSignatures', { files: [...files], keyId: keyInfo.id }).then(
      ({ existing }) => current && setAlreadySigned(existing),
      () => current && setAlreadySigned([]),
    );
    return () => {
      current = false;
    };
  }, [files, keyInfo.id]);
  const expires = keyInfo.expiresAt ? formatDate(keyInfo.expiresAt) : 'its expiry date';
  const timestampUrl = managedTimestampUrl ?? options.timestampUrl;
  return (
    <div className="stack" data-testid="sign-inside">
      <dl className="details">
        <DetailsRow term="Certificate">
          {keyInfo.label ?? keyInfo.name}
          {keyInfo.issuer ? `, issued by ${keyInfo.issuer}` : ''}
        </DetailsRow>
        <ThumbprintRow keyInfo={keyInfo} />
      </dl>
      {/* The one place the server is shown; main's dialog names it again before signing. */}
      {managedTimestampUrl !== undefined ? (
        <Field
          label="Time-stamping server (RFC 3161)"
          hint="Set by your organisation: every signature made here is timestamped by this server."
          value={managedTimestampUrl}
          readOnly
          data-testid="sign-tsa"
        />
      ) : (
        <Field
          label="Time-stamping server (RFC 3161)"
          hint="A timestamp keeps the signature valid after the certificate expires. Pick a public server or type another address."
          value={options.timestampUrl}
          onChange={(event) => onChange({ ...options, timestampUrl: event.target.value })}
          list="public-tsas"
          autoComplete="off"
          inputMode="url"
          disabled={disabled}
          data-testid="sign-tsa"
        >
          <datalist id="public-tsas">
            {PUBLIC_TSAS.map((tsa) => (
              <option key={tsa.url} value={tsa.url} label={tsa.name} />
            ))}
          </datalist>
        </Field>
      )}
      {timestampUrl.trim() === '' ? (
        <p className="key-backup key-backup--missing" role="note" data-testid="no-timestamp-warning">
          <Icon name="warning" size={14} />
          <span>This signature stops being valid when the certificate expires on {expires}.</span>
        </p>
      ) : null}
      <Field
        label="Program name (optional)"
        hint="Windows shows it when someone runs the program."
        value={options.description}
        onChange={(event) => onChange({ ...options, description: event.target.value })}
        maxLength={1000}
        autoComplete="off"
        disabled={disabled}
      />
      <Field
        label="Web address (optional)"
        value={options.url}
        onChange={(event) => onChange({ ...options, url: event.target.value })}
        inputMode="url"
        autoComplete="off"
        disabled={disabled}
      />
      {alreadySigned.length > 0 ? (
        <div data-testid="will-replace">
          <Notice
            tone="info"
            title={
              alreadySigned.length === 1 ? 'This file is already signed' : 'These files are already signed'
            }
            nextStep="When you sign, Signet asks whether to replace the signature or add a second one."
          >
            <ul className="will-replace__files">
              {alreadySigned.map((file) => (
                <li key={file}>{baseName(file)}</li>
              ))}
            </ul>
          </Notice>
        </div>
      ) : null}
    </div>
  );
}
