import type { FormatModule } from '../format-module';
import { checkOpenPgp } from './check';
import { openpgpFacts } from './descriptor';
import { type OpenPgpParsed, parseOpenPgpSignatureFile } from './parse-signature';
import { signatureRules } from './signature-rules';
import { openpgpSigning } from './signing';
import type { OpenPgpTrustEntry } from './trust-entry';

/**
 * OpenPGP detached signatures (.asc/.sig/.gpg/.sign, armored or binary, one or many signers) and
 * cleartext-signed text. Detached ones need H(content ‖ suffix) per signature from the one read;
 * a cleartext message carries its text, which `check` digests itself.
 */
export const openpgpModule: FormatModule<OpenPgpParsed, OpenPgpTrustEntry> = {
  ...openpgpFacts,
  parse: parseOpenPgpSignatureFile,
  precheck(sig, policy) {
    // Refused before the artifact is read only when no signature could still count.
    const answers = sig.signatures.map((s) => signatureRules(s, policy));
    const first = answers[0];
    if (first && !first.ok && answers.every((a) => !a.ok)) {
      return { ok: false, rule: first.rule, reason: `The OpenPGP signature is refused: ${first.detail}.` };
    }
    return { ok: true };
  },
  check: checkOpenPgp,
  signing: openpgpSigning,
};
