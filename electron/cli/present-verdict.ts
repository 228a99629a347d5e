import { printable, printableComment } from '../../shared/printable';
import { VERIFY_RESULT_SCHEMA_VERSION, type Verdict, type VerifyResult } from '../../shared/verdict';
import { factRows, headlineOf, verdictWords } from '../../shared/verdict-words';

const SYMBOL: Record<Verdict, string> = {
  verified: '✔',
  'unknown-signer': '?',
  tampered: '✘',
  'no-signature': '–',
  malformed: '!',
};

const COLOUR: Record<Verdict, number> = {
  verified: 32,
  'unknown-signer': 33,
  tampered: 31,
  'no-signature': 33,
  malformed: 31,
};

const colourWanted = () => process.stdout.isTTY === true && !process.env.NO_COLOR;

export function headlineLine(
  result: Pick<VerifyResult, 'verdict' | 'code' | 'signerName'>,
  headline = headlineOf(result),
): string {
  // The headline carries the signer's name from the trust list: escaped like every other name.
  const line = `${SYMBOL[result.verdict]} ${printable(headline)}`;
  return colourWanted() ? `\u001b[1;${COLOUR[result.verdict]}m${line}\u001b[0m` : line;
}

/** Whose word a signing time is: a signer's own clock proves nothing about when it signed. */
const SIGNED_AT_SOURCE: Record<string, string> = {
  signer: ' (the signer’s own clock)',
  timestamp: ' (from a timestamp)',
  'transparency-log': ' (from a transparency log)',
};

/** Human output: the answer first, the next step, then details. Untrusted comments never appear. */
export function presentVerdict(result: VerifyResult): string {
  const words = verdictWords(result);
  const lines = [
    headlineLine(result, words.headline),
    `  ${printable(words.reason)}`,
    `  ${printable(words.nextStep)}`,
    '',
  ];
  const detail = (label: string, value: string | undefined) => {
    if (value !== undefined) lines.push(`  ${label.padEnd(16)} ${printable(value)}`);
  };
  detail('File', result.file);
  detail('Signer', result.signerName);
  detail('Confirmed by', result.vouchedBy);
  detail('Issuer chain', result.issuerChain?.join(' ← '));
  detail('Key id', result.keyId);
  detail(
    'Signed at',
    result.signedAt && `${result.signedAt}${SIGNED_AT_SOURCE[result.signedAtSource ?? ''] ?? ''}`,
  );
  // minisign's own tab between `timestamp:…` and `file:…` is a separator, not a hidden character.
  if (result.trustedComment !== undefined)
    lines.push(
      `  ${'Trusted comment'.padEnd(16)} ${printableComment(result.trustedComment).replaceAll('\t', ' · ')}`,
    );
  detail('Signature file', result.signatureFile);
  detail('Checksum list', result.checksumList);
  for (const row of factRows(result).staff) detail(row.term, row.value);
  detail('Algorithm', result.algorithm);
  detail('SHA-256', result.sha256);
  // The core's own sentence, with its key ids and format words: for experts and bug reports.
  detail('Reason', result.reason);
  return `${lines.join('\n')}\n`;
}

/** One `--json` line: the result as data, versioned (schemas/verify-result.schema.json). */
export function presentJson(result: VerifyResult): string {
  return `${JSON.stringify({ schemaVersion: VERIFY_RESULT_SCHEMA_VERSION, ...result })}\n`;
}
