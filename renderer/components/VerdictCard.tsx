import { useId } from 'react';
import { printable } from '../../shared/printable';
import type { VerifyResult } from '../../shared/verdict';
import { verdictText } from '../../shared/verdict-text';
import { baseName } from '../lib/format';
import { useAppStore } from '../store';
import { CardTrustAction } from './CardTrustAction';
import { ChecksumCompare } from './ChecksumCompare';
import { Icon } from './Icon';
import { VerdictDetails } from './VerdictDetails';
import { verdictIcon } from './verdict-style';

/** One file's answer: icon, headline and colour together, then one next step; details below, collapsed. */
export function VerdictCard({ result }: { result: VerifyResult }) {
  const text = verdictText(result);
  const requestTrust = useAppStore((state) => state.requestTrust);
  const headingId = useId();
  const fileId = useId();
  const userMayAdd = useAppStore((state) => state.trusted.userMayAdd);
  const canTrust = result.verdict === 'unknown-signer' && Boolean(result.keyId) && userMayAdd;

  return (
    <article
      className={`verdict verdict--${result.verdict}`}
      aria-labelledby={`${fileId} ${headingId}`}
      data-verdict={result.verdict}
    >
      <div className="verdict__main">
        <div className="verdict__icon">
          <Icon name={verdictIcon[result.verdict]} size={28} />
        </div>
        <div className="verdict__body">
          <p className="verdict__file" id={fileId} title={printable(result.file)}>
            {baseName(result.file)}
          </p>
          <h3 className="verdict__headline" id={headingId}>
            {printable(text.headline)}
          </h3>
          <p className="verdict__reason">{printable(result.reason)}</p>
          <p className="verdict__next">{text.nextStep}</p>
          {canTrust ? (
            <CardTrustAction
              result={result}
              onTrustKey={() => requestTrust({ keyId: result.keyId!, file: result.file })}
            />
          ) : null}
          {/* A keyless signature names no key: its identity is trusted from the card all the same. */}
          {canTrust ? null : <CardTrustAction result={result} />}
        </div>
      </div>
      <div className="verdict__footer">
        <ChecksumCompare file={result.file} />
        <VerdictDetails result={result} />
      </div>
    </article>
  );
}
