import { printable } from '../../shared/printable';
import { namesAnotherFile, readSignedComment } from '../../shared/signed-comment';
import type { VerifyResult } from '../../shared/verdict';
import { rawBaseName } from '../lib/file-name';
import { baseName, formatDate } from '../lib/format';

/**
 * What the signer signed along with the file, said as what it means ("Signed on 2 Dec 2026, for
 * acme-setup.exe"), and a plain warning when the signature is for another file. The raw comment
 * stays in the details. Shown only from a valid signature: the core carries no comment otherwise.
 */
export function SignedFacts({
  result,
  pickedSignature,
}: {
  result: VerifyResult;
  pickedSignature: string | null;
}) {
  const name = rawBaseName(result.file);
  const meaning = result.trustedComment !== undefined ? readSignedComment(result.trustedComment) : {};
  const signedAt = meaning.signedAt ?? result.signedAt;
  // Through a signed list, the signed comment names the list: that is how the file was checked.
  const list = result.facts?.kind === 'checksum-list' ? result.facts.list : undefined;
  const otherFile = namesAnotherFile(meaning, name) && meaning.forFile !== list ? meaning.forFile : undefined;
  const pickedFor = pickedSignatureFor(result, pickedSignature, name);
  const parts: string[] = [];
  if (signedAt) parts.push(`Signed on ${formatDate(signedAt)}`);
  if (list) parts.push(`checked through the signed list ${printable(list)}`);
  else if (meaning.forFile && !otherFile) parts.push(`for ${printable(meaning.forFile)}`);
  return (
    <>
      {otherFile ? (
        <p className="verdict__fact verdict__fact--strong" data-testid="signature-for-other">
          This signature is for {printable(otherFile)}.
        </p>
      ) : null}
      {pickedFor ? (
        <p className="verdict__fact verdict__fact--strong" data-testid="signature-for-other">
          The signature file you picked, {baseName(pickedSignature!)}, is named for {printable(pickedFor)}.
        </p>
      ) : null}
      {parts.length > 0 ? (
        <p className="verdict__fact" data-testid="signed-facts">
          {capitalised(parts.join(', '))}.
        </p>
      ) : null}
      {meaning.words ? (
        <p className="verdict__fact" data-testid="signed-words">
          The signer wrote: “{printable(meaning.words)}”
        </p>
      ) : null}
    </>
  );
}

const SIGNATURE_ENDINGS = [
  '.minisig',
  '.sig',
  '.asc',
  '.gpg',
  '.sign',
  '.sigstore.json',
  '.sigstore',
  '.bundle',
];

/** When the picked signature file is named after another file: the likely reason for a "changed". */
export function pickedSignatureFor(
  result: VerifyResult,
  picked: string | null,
  name: string,
): string | undefined {
  if (!picked || result.signatureFile !== picked || result.verdict === 'verified') return undefined;
  const pickedName = rawBaseName(picked);
  const ending = SIGNATURE_ENDINGS.find((e) => pickedName.endsWith(e) && pickedName.length > e.length);
  if (!ending) return undefined;
  const stem = pickedName.slice(0, -ending.length);
  return stem !== name && stem.includes('.') ? stem : undefined;
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
