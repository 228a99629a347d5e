import { printable } from '../../../shared/printable';
import { exitCodeFor } from '../../../shared/verdict';
import { type VerdictText, verdictText } from '../../../shared/verdict-text';
import { checkChecksumList, type ListEntryResult, type ListEntryStatus } from '../../core/verify/check-list';
import { CliExit } from '../cli-error';
import { headlineLine } from '../present-verdict';
import { readTextAndBytes } from '../read-text';
import { loadTrustMaterial } from './load-trust';

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

/** "2 of 10 files are not OK: a.exe (FAILED), b.zip (MISSING)", naming at most 10. */
function failingSummary(failing: ListEntryResult[], total: number): string {
  const named = failing.slice(0, 10).map((e) => `${printable(e.name)} (${WORD[e.status]})`);
  const more = failing.length > named.length ? ` and ${failing.length - named.length} more` : '';
  return `${failing.length} of ${total} ${total === 1 ? 'file' : 'files'} are not OK: ${named.join(', ')}${more}.`;
}

export async function checkCommand(list: string, flags: CheckFlags): Promise<number> {
  if (flags.pubkey !== undefined && flags.pubkeyString !== undefined) {
    throw new CliExit(2, 'Give only one of --pubkey and --pubkey-string.');
  }
  const keyFile = flags.pubkey !== undefined ? await readTextAndBytes(flags.pubkey, 'public key') : undefined;
  const publicKeyText = keyFile ? keyFile.text : flags.pubkeyString;
  const material = await loadTrustMaterial(list, { useTrustList: publicKeyText === undefined });
  const result = await checkChecksumList(list, {
    ...(flags.sig !== undefined ? { signatureFile: flags.sig } : {}),
    ...(publicKeyText !== undefined ? { publicKeyText, publicKeyFromFile: flags.pubkey !== undefined } : {}),
    ...(keyFile ? { publicKeyBytes: keyFile.bytes } : {}),
    trusted: material.trusted,
    ...(material.options.policyUnreadable ? { policyUnreadable: material.options.policyUnreadable } : {}),
    strict: flags.strict === true,
  });
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } else {
    // Problems first, so they are on screen even when a list of hundreds scrolls the rest away.
    const failing = result.entries.filter((e) => e.status !== 'ok');
    const ordered = [...failing, ...result.entries.filter((e) => e.status === 'ok')];
    const lines = ordered.map(
      (e) => `${printable(e.name)}: ${WORD[e.status]}${e.problem ? ` (${printable(e.problem)})` : ''}`,
    );
    const text = listText(result);
    lines.push(
      '',
      headlineLine(result, text.headline),
      `  ${printable(result.reason)}`,
      ...(failing.length > 0 ? [`  ${failingSummary(failing, result.entries.length)}`] : []),
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
