import { basename } from 'node:path';
import { hiddenProgram, hiddenProgramSentence, runsAsProgram } from '../../../shared/hidden-program';
import { printable } from '../../../shared/printable';
import type { VerifyResult } from '../../../shared/verdict';
import { verdictText } from '../../../shared/verdict-text';

const PROGRAM_WARNING = 'This is a Windows program';

/**
 * Title and body of the notification for one checked download: the card's own headline and next
 * step. A program whose name hides what it is says so first, in the title: a notification is read
 * at a glance, and the card's warning is one click away.
 */
export function downloadNoticeText(result: VerifyResult): { title: string; body: string } {
  const text = verdictText(result);
  const name = basename(result.file);
  const disguised = hiddenProgram(name);
  // The name is not Signet's text: hidden characters (bidi overrides, newlines) are shown as escapes,
  // so "invoice\u{202E}fdp.exe" cannot pass for a PDF in the notification either.
  // The headline can hold a signer's name from a trust list: escaped the same way as on the card.
  const headline = printable(text.headline);
  if (!disguised) return { title: headline, body: `${printable(name)}\n${text.nextStep}` };
  return {
    title: `${PROGRAM_WARNING}: ${headline}`,
    body: `${printable(name)}\n${hiddenProgramSentence(disguised)}\n${text.nextStep}`,
  };
}

/**
 * Whether a checked download is worth a notification: anything signed, and any program. An
 * unsigned document or archive is the everyday case (ten of them from one unzip), so it stays quiet.
 */
export function deservesNotice(result: VerifyResult): boolean {
  return result.verdict !== 'no-signature' || runsAsProgram(basename(result.file));
}

/** One notification for several downloads checked together: how many, and how many need a look. */
export function groupedNoticeText(results: readonly VerifyResult[]): { title: string; body: string } {
  const attention = results.filter((r) => r.verdict !== 'verified');
  const programs = results.filter((r) => hiddenProgram(basename(r.file)) !== undefined);
  const needs =
    attention.length === 0
      ? 'all verified'
      : `${attention.length} ${attention.length === 1 ? 'needs' : 'need'} attention`;
  const title = `${results.length} files checked: ${needs}${programs.length > 0 ? `; ${programs.length === 1 ? 'one is a Windows program' : `${programs.length} are Windows programs`} in disguise` : ''}`;
  const ordered = [...attention, ...results.filter((r) => r.verdict === 'verified')];
  const body = ordered
    .map((r) => `${printable(basename(r.file))}: ${downloadNoticeText(r).title}`)
    .join('\n');
  return { title, body };
}

/** When the check itself failed (the file went away, could not be read): a plain sentence, no verdict. */
export function downloadFailureText(file: string, message: string): { title: string; body: string } {
  return {
    title: 'Signet could not check a download',
    body: `${printable(basename(file))}\n${printable(message)}`,
  };
}
