import { basename } from 'node:path';
import { printable } from '../../../shared/printable';
import type { VerifyResult } from '../../../shared/verdict';
import { verdictText } from '../../../shared/verdict-text';

/** Title and body of the notification for one checked download: the card's own headline and next step. */
export function downloadNoticeText(result: VerifyResult): { title: string; body: string } {
  const text = verdictText(result);
  // The name is not Signet's text: hidden characters (bidi overrides, newlines) are shown as escapes,
  // so "invoice\u{202E}fdp.exe" cannot pass for a PDF in the notification either.
  // The headline can hold a signer's name from a trust list: escaped the same way as on the card.
  return { title: printable(text.headline), body: `${printable(basename(result.file))}\n${text.nextStep}` };
}

/** When the check itself failed (the file went away, could not be read): a plain sentence, no verdict. */
export function downloadFailureText(file: string, message: string): { title: string; body: string } {
  return {
    title: 'Signet could not check a download',
    body: `${printable(basename(file))}\n${printable(message)}`,
  };
}
