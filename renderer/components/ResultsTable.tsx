import { useState } from 'react';
import { hiddenProgram } from '../../shared/hidden-program';
import { printable } from '../../shared/printable';
import type { VerifyResult } from '../../shared/verdict';
import { combinedAnswer } from '../lib/combined-answer';
import { middleShortened, rawBaseName } from '../lib/file-name';
import { baseName } from '../lib/format';
import { problemsFirst } from '../lib/verify-summary';
import { useAppStore } from '../store';
import { Icon } from './Icon';
import { VerdictCard } from './VerdictCard';
import { answerIcon } from './verdict-style';

/**
 * Several files at once: one compact row each, problems first, so 100 files fit a few screens; a
 * row opens that file's whole card in place.
 */
export function ResultsTable({ results }: { results: VerifyResult[] }) {
  const [open, setOpen] = useState<string | null>(null);
  const comparisons = useAppStore((state) => state.verify.comparisons);
  const userMayAdd = useAppStore((state) => state.trusted.userMayAdd);
  return (
    <table className="results-table">
      <caption className="visually-hidden">Each file’s answer, problems first</caption>
      <thead>
        <tr>
          <th scope="col">File</th>
          <th scope="col">Answer</th>
          <th scope="col">
            <span className="visually-hidden">More</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {problemsFirst(results).map((result) => {
          const answer = combinedAnswer(result, comparisons[result.file], { userMayAdd });
          const name = baseName(result.file);
          const isOpen = open === result.file;
          return [
            <tr
              key={result.file}
              className={`results-table__row tone--${answer.tone}`}
              data-verdict={result.verdict}
              data-file={name}
            >
              <td className="results-table__file" title={printable(result.file)}>
                <Icon name={answerIcon[answer.tone]} size={18} className="results-table__icon" />
                <span>{middleShortened(name)}</span>
                {hiddenProgram(rawBaseName(result.file)) ? (
                  <span className="results-table__tag">Windows program</span>
                ) : null}
              </td>
              <td className="results-table__answer">{printable(answer.headline)}</td>
              <td className="results-table__more">
                <button
                  type="button"
                  className="button button--small"
                  aria-expanded={isOpen}
                  aria-label={`${isOpen ? 'Hide' : 'Show'} the answer for ${name}`}
                  onClick={() => setOpen(isOpen ? null : result.file)}
                >
                  {isOpen ? 'Hide' : 'Show'}
                </button>
              </td>
            </tr>,
            isOpen ? (
              <tr key={`${result.file}#card`} className="results-table__card">
                <td colSpan={3}>
                  <VerdictCard result={result} />
                </td>
              </tr>
            ) : null,
          ];
        })}
      </tbody>
    </table>
  );
}
