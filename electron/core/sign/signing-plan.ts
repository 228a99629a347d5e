import { resolve } from 'node:path';
import type { SigningKeyKind } from '../../../shared/domain';
import { printable } from '../../../shared/printable';
import { SignetError } from '../errors';
import type { FormatId } from '../formats/format-module';
import { signingFormatForKey } from '../formats/signing-formats';
import type { ReleaseStyle } from '../formats/signing-side';
import { checksumListPath, releaseStyleOf, signatureFileOf } from './sign-job';
import { styledOutputs } from './styled-job';

/** What one key will write when it signs a release, worked out before any passphrase is asked. */
export interface KeySigningPlan {
  format: FormatId;
  /** The release style its format signs in (OpenPGP: apache, node, debian); none for minisign's own way. */
  style?: ReleaseStyle;
  /** minisign's own way with a checksum list: where SHA256SUMS goes. */
  listPath?: string;
  /** Every file it writes, the checksum list and its signatures first. */
  outputs: string[];
  /** The outputs that belong to each signed file (and to the list), for "skip those that exist". */
  outputsOf: Map<string, string[]>;
}

/**
 * Plans one key's part of a release: its format, its style (the format's default when none is
 * asked), and every file it will write or replace. SignetError 'usage' for a style the format does
 * not have or files that cannot share one checksum list.
 */
export async function planKeySigning(
  files: readonly string[],
  kind: SigningKeyKind,
  options: { style?: string; checksums?: boolean } = {},
): Promise<KeySigningPlan> {
  const resolved = files.map((file) => resolve(file));
  const { format } = await signingFormatForKey(kind);
  const style = await releaseStyleOf(format, options.style);
  const outputsOf = new Map<string, string[]>();
  if (style) {
    const planned = styledOutputs(resolved, style);
    if (planned.list) outputsOf.set(planned.list.path, [planned.list.path, ...planned.list.signatures]);
    for (const entry of planned.perFile) outputsOf.set(entry.file, [...entry.signatures, ...entry.checksums]);
    return { format, style, outputs: [...outputsOf.values()].flat(), outputsOf };
  }
  const listPath = options.checksums ? checksumListPath(resolved) : undefined;
  if (listPath) outputsOf.set(listPath, [listPath, await signatureFileOf(listPath, format)]);
  for (const file of resolved) outputsOf.set(file, [await signatureFileOf(file, format)]);
  return { format, ...(listPath ? { listPath } : {}), outputs: [...outputsOf.values()].flat(), outputsOf };
}

/**
 * One release signed with several keys: no two keys may write the same file (two minisign keys
 * both write FILE.minisig; minisign's SHA256SUMS and the debian style's too), nor may a key write
 * over a file being signed. SignetError 'usage' naming the file, before anything is asked or signed.
 */
export function refuseSharedOutputs(
  files: readonly string[],
  parts: readonly { name: string; outputs: readonly string[] }[],
): void {
  const writer = new Map<string, string>();
  const signed = new Set(files.map((file) => resolve(file)));
  for (const part of parts) {
    for (const output of part.outputs) {
      const other = writer.get(output);
      if (other !== undefined || signed.has(output)) {
        const who =
          other === undefined
            ? `“${printable(part.name)}” would write`
            : `Both “${printable(other)}” and “${printable(part.name)}” would write`;
        throw new SignetError(
          'usage',
          `${who} ${printable(output)}${signed.has(output) ? ', a file being signed' : ''}. Sign with those keys one at a time, or pick another style. Nothing was signed.`,
        );
      }
      writer.set(output, part.name);
    }
  }
}
