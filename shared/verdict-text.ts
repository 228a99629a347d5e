import type { VerifyResult } from './verdict';
import { headlineOf, nextStepOf, type WordsContext } from './verdict-words';

/** Headline + next step, in plain words (reading age about 12). The headline alone must be right. */
export interface VerdictText {
  headline: string;
  nextStep: string;
}

/** What the person may do here: whether they may add signers themselves or only their IT team can. */
export type VerdictContext = WordsContext;

type TextInput = Pick<VerifyResult, 'verdict' | 'code'> &
  Partial<Pick<VerifyResult, 'signerName' | 'signatureFile' | 'facts'>>;

export function verdictText(result: TextInput, context: VerdictContext = {}): VerdictText {
  return { headline: headlineOf(result), nextStep: nextStepOf(result, context) };
}
