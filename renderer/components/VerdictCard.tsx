import { useId } from 'react';
import { hiddenProgram, hiddenProgramSentence } from '../../shared/hidden-program';
import { printable } from '../../shared/printable';
import type { VerifyResult } from '../../shared/verdict';
import { combinedAnswer } from '../lib/combined-answer';
import { rawBaseName } from '../lib/file-name';
import { baseName } from '../lib/format';
import { useAppStore } from '../store';
import { CardTrustAction } from './CardTrustAction';
import { ChecksumCompare } from './ChecksumCompare';
import { Icon } from './Icon';
import { pickedSignatureFor, SignedFacts } from './SignedFacts';
import { VerdictDetails } from './VerdictDetails';
import { answerIcon } from './verdict-style';

/**
 * One file's one answer: icon, headline and colour together (the signature and a pasted checksum
 * told as one), why, then one next step; details below, collapsed.
 */
export function VerdictCard({ result }: { result: VerifyResult }) {
  const requestTrust = useAppStore((state) => state.requestTrust);
  const userMayAdd = useAppStore((state) => state.trusted.userMayAdd);
  const comparison = useAppStore((state) => state.verify.comparisons[result.file]);
  const pickedSignature = useAppStore((state) => state.verify.usedSignatureFile);
  const combined = combinedAnswer(result, comparison, { userMayAdd });
  const rawName = rawBaseName(result.file);
  // A "changed" from a signature picked for another file says how to get the right answer instead.
  const answer =
    !comparison && pickedSignatureFor(result, pickedSignature, rawName)
      ? {
          ...combined,
          nextStep: `Check ${rawName} again without picking a signature file, or pick the one made for it.`,
        }
      : combined;
  const headingId = useId();
  const fileId = useId();
  const program = hiddenProgram(rawName);

  return (
    <article
      className={`verdict verdict--${answer.tone}`}
      aria-labelledby={`${fileId} ${headingId}`}
      data-verdict={result.verdict}
      data-answer={answer.tone}
    >
      <div className="verdict__main">
        <div className="verdict__icon">
          <Icon name={answerIcon[answer.tone]} size={28} />
        </div>
        <div className="verdict__body">
          <p className="verdict__file" id={fileId} title={printable(result.file)}>
            {baseName(result.file)}
          </p>
          <h3 className="verdict__headline" id={headingId}>
            {printable(answer.headline)}
          </h3>
          {program ? (
            <p className="verdict__warning" data-testid="hidden-program">
              <Icon name="warning" size={16} />
              <span>{hiddenProgramSentence(program)}</span>
            </p>
          ) : null}
          <p className="verdict__reason">{printable(answer.reason)}</p>
          <SignedFacts result={result} pickedSignature={pickedSignature} />
          <p className="verdict__next">{printable(answer.nextStep)}</p>
          <CardTrustAction
            result={result}
            onTrustKey={() => {
              if (result.keyId) requestTrust({ keyId: result.keyId, file: result.file });
            }}
          />
        </div>
      </div>
      <div className="verdict__footer">
        <ChecksumCompare file={result.file} />
        <VerdictDetails result={result} />
      </div>
    </article>
  );
}
