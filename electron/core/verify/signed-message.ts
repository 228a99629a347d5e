import type { VerifyResult } from '../../../shared/verdict';
import { parseChecksumList } from '../checksums/parse-checksum-list';
import { utf8OrUndefined } from '../encoding/utf8';

const SHOWN_TEXT_CHARS = 2000;

/** What a message carried inside a signature is, in a few plain words, for the verdict's details. */
export function describeMessage(message: Uint8Array): NonNullable<VerifyResult['signedMessage']> {
  const text = utf8OrUndefined(message);
  const bytes = message.length;
  if (text === undefined) return { description: `binary data (${bytes} bytes)`, bytes };
  try {
    const entries = parseChecksumList(text);
    if (entries.length > 0) {
      return {
        description: `a checksum list of ${entries.length} files`,
        bytes,
        text: text.slice(0, SHOWN_TEXT_CHARS),
      };
    }
  } catch {
    // Not a checksum list: described as text below.
  }
  const lines = text === '' ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  return {
    description: `a text message of ${lines} line${lines === 1 ? '' : 's'}`,
    bytes,
    text: text.slice(0, SHOWN_TEXT_CHARS),
  };
}
