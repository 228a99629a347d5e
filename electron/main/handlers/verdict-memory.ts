import { resolve } from 'node:path';
import type { VerifyResult } from '../../../shared/verdict';

/**
 * What main keeps of a verdict: which key or certificate made the signature, and where main found
 * that signature ("Trust this publisher / identity" reads them again from there, never from the page).
 */
export type RememberedVerdict = Pick<
  VerifyResult,
  'verdict' | 'code' | 'facts' | 'keyId' | 'format' | 'signatureFile' | 'checksumList'
>;

/** Enough for every card a person could have on screen. */
const REMEMBERED = 2000;

/**
 * The verdicts main itself produced, by file. "Trust this signer" on a card is checked against this,
 * never against a key id the page sends: the page could claim any.
 */
export class VerdictMemory {
  readonly #byFile = new Map<string, RememberedVerdict>();

  remember(result: VerifyResult): void {
    const file = resolve(result.file);
    this.#byFile.delete(file);
    this.#byFile.set(file, {
      verdict: result.verdict,
      code: result.code,
      facts: result.facts,
      keyId: result.keyId,
      format: result.format,
      signatureFile: result.signatureFile,
      checksumList: result.checksumList,
    });
    if (this.#byFile.size > REMEMBERED) {
      const oldest = this.#byFile.keys().next().value;
      if (oldest !== undefined) this.#byFile.delete(oldest);
    }
  }

  lastFor(file: string): RememberedVerdict | undefined {
    return this.#byFile.get(resolve(file));
  }
}
