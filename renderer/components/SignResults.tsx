import { baseName, plural } from '../lib/format';
import type { SignResult } from '../store/sign-slice';
import { Icon } from './Icon';
import { RevealButton } from './RevealButton';

export function SignResults({ result }: { result: SignResult }) {
  const signed = result.outcomes.filter((o) => o.signatureFile);
  const failed = result.outcomes.filter((o) => !o.signatureFile);
  return (
    <section className="results" aria-labelledby="sign-results-title">
      <h2 id="sign-results-title">
        {failed.length === 0
          ? `Signed ${plural(signed.length, 'file', 'files')}`
          : signed.length === 0
            ? result.outcomes.length === 1
              ? 'The file was not signed'
              : 'No files were signed'
            : `Signed ${signed.length} of ${plural(result.outcomes.length, 'file', 'files')}`}
      </h2>
      <ul className="outcome-list">
        {result.outcomes.map((outcome) => (
          <li
            key={outcome.file}
            className={outcome.signatureFile ? 'outcome outcome--ok' : 'outcome outcome--failed'}
            data-testid="sign-outcome"
          >
            <Icon name={outcome.signatureFile ? 'check' : 'warning'} size={18} className="outcome__icon" />
            <div className="outcome__body">
              <p className="outcome__title">
                {outcome.signatureFile
                  ? `${baseName(outcome.file)}: signature written`
                  : `${baseName(outcome.file)}: not signed`}
              </p>
              {outcome.signatureFile ? (
                <p className="outcome__path path">{outcome.signatureFile}</p>
              ) : (
                <p className="outcome__error">{outcome.error ?? 'Signet could not sign this file.'}</p>
              )}
            </div>
            {outcome.signatureFile ? (
              <RevealButton path={outcome.signatureFile} what={baseName(outcome.signatureFile)} />
            ) : null}
          </li>
        ))}
        {result.checksumList ? (
          <li className="outcome outcome--ok" data-testid="sign-outcome">
            <Icon name="check" size={18} className="outcome__icon" />
            <div className="outcome__body">
              <p className="outcome__title">Checksum list written and signed</p>
              <p className="outcome__path path">{result.checksumList}</p>
              {result.checksumListSignature ? (
                <p className="outcome__path path">{result.checksumListSignature}</p>
              ) : null}
            </div>
            <RevealButton path={result.checksumList} what={baseName(result.checksumList)} />
          </li>
        ) : null}
      </ul>
    </section>
  );
}
