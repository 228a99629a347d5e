import { printable } from '../../../shared/printable';
import { exitCodeFor } from '../../../shared/verdict';
import { type VerdictText, verdictText } from '../../../shared/verdict-text';
import { checkChecksumList, type ListEntryStatus } from '../../core/verify/check-list';
import { CliExit } from '../cli-error';
import { headlineLine } from '../present-verdict';
import { readTextAndBytes } from '../read-text';
import { loadTrusted } from './load-trust';

export interface CheckFlags {
  sig?: string;
  pubkey?: string;
  pubkeyString?: string;
  strict?: boolean;
  json?: boolean;
}

const WORD: Record<ListEntryStatus, string> = {
  ok: 'OK',
  mismatch: 'FAILED',
  missing: 'MISSING',
  unreadable: 'UNREADABLE',
};

/**
 * A list whose signature checked out but whose files are all absent is not "no signature": it says
 * so, and what to do. The verdict (no-signature, exit 1) is unchanged.
 */
function listText(result: Parameters<typeof verdictText>[0]): VerdictText {
  if (result.verdict !== 'no-signature' || result.signatureFile === undefined) return verdictText(result);
  return {
    headline: 'The list is signed, but none of the files it names are here',
    nextStep: 'Put the listed files in the same folder as the list, then check again.',
  };
}

export async function checkCommand(list: string, flags: CheckFlags): Promise<number> {
  if (flags.pubkey !== undefined && flags.pubkeyString !== undefined) {
    throw new CliExit(2, 'Give only one of --pubkey and --pubkey-string.');
  }
  const keyFile = flags.pubkey !== undefined ? await readTextAndBytes(flags.pubkey, 'public key') : undefined;
  const publicKeyText = keyFile ? keyFile.text : flags.pubkeyString;
  const { trusted } = publicKeyText === undefined ? await loadTrusted() : { trusted: [] };
  const result = await checkChecksumList(list, {
    ...(flags.sig !== undefined ? { signatureFile: flags.sig } : {}),
    ...(publicKeyText !== undefined ? { publicKeyText, publicKeyFromFile: flags.pubkey !== undefined } : {}),
    ...(keyFile ? { publicKeyBytes: keyFile.bytes } : {}),
    trusted,
    strict: flags.strict === true,
  });
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } else {
    const lines = result.entries.map(
      (e) => `${printable(e.name)}: ${WORD[e.status]}${e.problem ? ` (${printable(e.problem)})` : ''}`,
    );
    const text = listText(result);
    lines.push(
      '',
      headlineLine(result, text.headline),
      `  ${printable(result.reason)}`,
      `  ${text.nextStep}`,
    );
    const detail = (label: string, value: string | undefined) => {
      if (value) lines.push(`  ${label.padEnd(16)} ${printable(value)}`);
    };
    detail('Signer', result.signerName);
    detail('Key id', result.keyId);
    detail('Signature file', result.signatureFile);
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  return exitCodeFor(result.verdict);
}
