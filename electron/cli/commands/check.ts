import { printable } from '../../../shared/printable';
import { exitCodeFor } from '../../../shared/verdict';
import { verdictText } from '../../../shared/verdict-text';
import { checkChecksumList, type ListEntryStatus } from '../../core/verify/check-list';
import { CliExit } from '../cli-error';
import { headlineLine } from '../present-verdict';
import { readText } from '../read-text';
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

export async function checkCommand(list: string, flags: CheckFlags): Promise<number> {
  if (flags.pubkey !== undefined && flags.pubkeyString !== undefined) {
    throw new CliExit(2, 'Give only one of --pubkey and --pubkey-string.');
  }
  const publicKeyText =
    flags.pubkey !== undefined ? await readText(flags.pubkey, 'public key') : flags.pubkeyString;
  const { trusted } = publicKeyText === undefined ? await loadTrusted() : { trusted: [] };
  const result = await checkChecksumList(list, {
    ...(flags.sig !== undefined ? { signatureFile: flags.sig } : {}),
    ...(publicKeyText !== undefined ? { publicKeyText, publicKeyFromFile: flags.pubkey !== undefined } : {}),
    trusted,
    strict: flags.strict === true,
  });
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } else {
    const lines = result.entries.map(
      (e) => `${printable(e.name)}: ${WORD[e.status]}${e.problem ? ` (${printable(e.problem)})` : ''}`,
    );
    lines.push('', headlineLine(result), `  ${result.reason}`, `  ${verdictText(result).nextStep}`);
    if (result.signerName) lines.push(`  Signer           ${result.signerName}`);
    if (result.keyId) lines.push(`  Key id           ${result.keyId}`);
    if (result.signatureFile) lines.push(`  Signature file   ${result.signatureFile}`);
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  return exitCodeFor(result.verdict);
}
