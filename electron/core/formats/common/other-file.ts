import type { FormatCheck } from '../format-module';

/** The last part of a name as a signer may have written it, with either kind of slash. */
function baseName(name: string): string {
  return name.split(/[\\/]/).pop() ?? name;
}

/**
 * Whether a name the signature vouches for (minisign's signed `file:`, an attestation's subject)
 * is another file than the one checked; unknown when either name is missing. Names that differ
 * only in case are one name, as Windows and macOS treat them: "test" signed, "Test" checked over
 * other bytes is a changed file.
 */
export function namesOtherFile(signedName: string | undefined, checkedName: string | undefined): boolean {
  if (!signedName || !checkedName) return false;
  return baseName(signedName).toLowerCase() !== checkedName.toLowerCase();
}

/** A signature for another file: never verified, never a sign this file was changed. */
export function otherFileCheck<B extends object>(
  signedName: string,
  base: B,
): B & Pick<FormatCheck, 'outcome' | 'rule' | 'reason'> {
  return {
    ...base,
    outcome: 'unknown-signer',
    rule: 'other-file',
    reason: `This signature is for ${baseName(signedName)}, not for this file.`,
  };
}
