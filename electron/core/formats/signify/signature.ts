import { decodeBase64Strict } from '../../encoding/base64';
import { FormatError } from '../../errors';
import { parseSignifyCommentLine } from './public-key';

export interface SignifySignature {
  keyNum: Uint8Array;
  signature: Uint8Array;
  /** Not signed: anyone can change it. Never show it as a fact. */
  untrustedComment: string;
}

/**
 * A detached signify signature: exactly two lines ("untrusted comment: ..." and base64 of
 * "Ed" | keynum | sig), with or without a final newline. CRLF line ends are tolerated.
 */
export function parseSignifySignature(text: string): SignifySignature {
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  if (lines.at(-1) === '') lines.pop();
  if (lines.length !== 2) {
    const hint = lines.length === 4 ? ' (4 lines looks like a minisign signature)' : '';
    throw new FormatError(`A signify signature has exactly 2 lines; this one has ${lines.length}${hint}.`);
  }
  const [commentLine, base64Line] = lines.map((line) => line.replace(/\r$/, '')) as [string, string];
  const untrustedComment = parseSignifyCommentLine(commentLine, 'A signify signature');
  const bytes = decodeBase64Strict(base64Line, 'The signify signature', 74);
  if (bytes[0] !== 0x45 || bytes[1] !== 0x64) {
    throw new FormatError('The signify signature is not an Ed25519 signature (it does not start with "Ed").');
  }
  return { keyNum: bytes.slice(2, 10), signature: bytes.slice(10, 74), untrustedComment };
}
