import { useId } from 'react';
import { printable } from '../../shared/printable';
import { baseName, plural } from '../lib/format';
import type { SignResult } from '../store/sign-slice';
import { Icon } from './Icon';
import { ReleaseKit } from './ReleaseKit';
import { RevealButton } from './RevealButton';
import { VerdictCard } from './VerdictCard';

function headline(result: SignResult): string {
  const signed = result.outcomes.filter((o) => o.signatureFile).length;
  const skipped = result.outcomes.filter((o) => o.skipped).length;
  const failed = result.outcomes.length - signed - skipped;
  const skippedText = skipped > 0 ? `, skipped ${skipped} that already had one` : '';
  if (failed === 0) return `Signed ${plural(signed, 'file', 'files')}${skippedText}`;
  if (signed === 0 && skipped === 0)
    return result.outcomes.length === 1 ? 'The file was not signed' : 'No files were signed';
  return `Signed ${signed} of ${plural(result.outcomes.length, 'file', 'files')}${skippedText}`;
}

/** "All 20 signatures checked against Release key 2025", or which ones did not check out. */
function RecheckLine({ result }: { result: SignResult }) {
  const recheck = result.recheck;
  if (!recheck || recheck.checked === 0) return null;
  const against = `${printable(recheck.keyName)} (key id ${recheck.keyId})`;
  if (recheck.failed.length === 0) {
    return (
      <p className="recheck recheck--ok" data-testid="sign-recheck">
        <Icon name="check" size={16} />
        <span>
          {recheck.checked === 1
            ? `The signature was read back and checked against ${against}.`
            : `All ${recheck.checked} signatures checked against ${against}.`}
        </span>
      </p>
    );
  }
  return (
    <div className="recheck recheck--failed" role="alert" data-testid="sign-recheck">
      <Icon name="warning" size={16} />
      <div>
        <p>
          {recheck.failed.length} of {recheck.checked} signatures did not check out against {against}. Do not
          publish them; sign those files again.
        </p>
        <ul>
          {recheck.failed.map((bad) => (
            <li key={bad.file}>
              {baseName(bad.file)}: {printable(bad.problem)}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

export function SignResults({ result, signedWith }: { result: SignResult; signedWith?: string }) {
  const titleId = useId();
  // Problems first, so they are seen even in a list of a hundred.
  const ordered = [
    ...result.outcomes.filter((o) => !o.signatureFile && !o.skipped),
    ...result.outcomes.filter((o) => o.skipped),
    ...result.outcomes.filter((o) => o.signatureFile),
  ];
  return (
    <>
      <section className="results" aria-labelledby={titleId}>
        <h2 id={titleId}>
          {headline(result)}
          {signedWith ? ` with ${signedWith}` : ''}
        </h2>
        <RecheckLine result={result} />
        <ul className="outcome-list outcome-list--compact">
          {ordered.map((outcome) => (
            <li
              key={outcome.file}
              className={
                outcome.signatureFile
                  ? 'outcome outcome--ok'
                  : outcome.skipped
                    ? 'outcome outcome--skipped'
                    : 'outcome outcome--failed'
              }
              data-testid="sign-outcome"
            >
              <Icon
                name={outcome.signatureFile ? 'check' : outcome.skipped ? 'info' : 'warning'}
                size={18}
                className="outcome__icon"
              />
              <div className="outcome__body">
                <p className="outcome__title">
                  {outcome.signatureFile && outcome.verdict
                    ? `${baseName(outcome.file)}: signed inside${outcome.previous === 'replaced' ? ', its old signature replaced' : outcome.previous === 'nested' ? ', as a second signature' : ''}`
                    : outcome.signatureFile
                      ? `${baseName(outcome.file)}: signature written`
                      : outcome.skipped
                        ? `${baseName(outcome.file)}: skipped, its signature was already there`
                        : `${baseName(outcome.file)}: not signed`}
                </p>
                {outcome.signatureFile && outcome.verdict ? (
                  <p className="outcome__path outcome__path--note" data-testid="sign-timestamp">
                    {outcome.timestampUrl
                      ? `Timestamp from ${outcome.timestampUrl}`
                      : 'No timestamp: the signature stops being valid when the certificate expires'}
                  </p>
                ) : outcome.signatureFile ? (
                  (outcome.outputs ?? [outcome.signatureFile]).map((output) => (
                    <p key={output} className="outcome__path path" title={printable(output)}>
                      {output}
                    </p>
                  ))
                ) : outcome.skipped ? null : (
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
                {(
                  result.checksumListSignatures ??
                  (result.checksumListSignature ? [result.checksumListSignature] : [])
                ).map((signature) => (
                  <p key={signature} className="outcome__path path">
                    {signature}
                  </p>
                ))}
              </div>
              <RevealButton path={result.checksumList} what={baseName(result.checksumList)} />
            </li>
          ) : null}
          {result.checksumListSkipped ? (
            <li className="outcome outcome--skipped" data-testid="sign-outcome">
              <Icon name="info" size={18} className="outcome__icon" />
              <div className="outcome__body">
                <p className="outcome__title">SHA256SUMS: skipped, it was already there</p>
              </div>
            </li>
          ) : null}
        </ul>
      </section>
      {/* A signature inside a file: the card Signet shows anyone who checks the file it just wrote. */}
      {result.outcomes.map((outcome) =>
        outcome.verdict ? (
          <section
            key={`card-${outcome.file}`}
            className="results"
            aria-label={`Check of ${baseName(outcome.file)}`}
          >
            <VerdictCard result={outcome.verdict} />
          </section>
        ) : null,
      )}
      {result.releaseKit !== undefined ? (
        <ReleaseKit keyId={result.keyId} given={result.releaseKit} />
      ) : result.checksumList ? (
        <ReleaseKit keyId={result.keyId} checksumList={result.checksumList} />
      ) : null}
    </>
  );
}
