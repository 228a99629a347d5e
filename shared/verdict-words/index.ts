import { headlineOf } from './headline';
import type { WordsContext, WordsInput } from './input';
import { nextStepOf } from './next-step';
import { staffSentence } from './reason';

export { type DetailRow, factRows } from './fact-rows';
export { headlineOf } from './headline';
export type { WordsContext, WordsInput } from './input';
export { nextStepOf } from './next-step';
export { staffSentence } from './reason';
export { cardTrustOffer, type TrustOffer, trustOfferOf } from './trust-offer';

/** Everything a person reads first about a verdict, in plain words (reading age about 12). */
export interface VerdictWords {
  headline: string;
  /** One sentence: why. */
  reason: string;
  nextStep: string;
}

/** The words of a verdict, made from its code and facts alone: the CLI and the card say the same. */
export function verdictWords(result: WordsInput, context: WordsContext = {}): VerdictWords {
  return {
    headline: headlineOf(result),
    reason: staffSentence(result),
    nextStep: nextStepOf(result, context),
  };
}
