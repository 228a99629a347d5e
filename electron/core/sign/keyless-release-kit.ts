import { basename } from 'node:path';
import { printable } from '../../../shared/printable';
import { shellWord } from './release-kit';

export interface KeylessKitInput {
  identity: string;
  issuer: string;
  /** The signed files and their bundles, as written. */
  signed: readonly { file: string; signatureFile: string }[];
  /** The trusted root's file name, for a private instance; absent for the public-good one. */
  trustedRootFileName?: string;
}

/**
 * The Sigstore part of a release kit: who signed and who vouched for them, and for each file the
 * exact commands that check it with cosign, sigstore-python and Signet, for that identity alone.
 * The commands name files by their own names, to be run in the folder that holds them.
 */
export function keylessReleaseKitText(input: KeylessKitInput): string {
  const id = shellWord(input.identity);
  const issuer = shellWord(input.issuer);
  const root = input.trustedRootFileName ? shellWord(input.trustedRootFileName) : undefined;
  const lines = [
    'Release signed with Sigstore (keyless)',
    `Identity: ${printable(input.identity)}`,
    `Issuer: ${printable(input.issuer)}`,
    ...(root ? [`Trusted root: ${printable(input.trustedRootFileName!)} (a private Sigstore instance)`] : []),
    '',
    'To check a file, run these in the folder that holds it and its .sigstore.json:',
  ];
  for (const { file, signatureFile } of input.signed) {
    const name = shellWord(basename(file));
    const bundle = shellWord(basename(signatureFile));
    lines.push('', `# ${printable(basename(file))}`);
    lines.push(
      `cosign verify-blob --bundle ${bundle} --certificate-identity ${id} --certificate-oidc-issuer ${issuer}${root ? ` --trusted-root ${root}` : ''} ${name}`,
    );
    if (!root) {
      lines.push(
        `python -m sigstore verify identity --bundle ${bundle} --cert-identity ${id} --cert-oidc-issuer ${issuer} ${name}`,
      );
    }
    lines.push(
      `signet verify ${name} --bundle ${bundle} --certificate-identity ${id} --certificate-oidc-issuer ${issuer}${root ? ` --trusted-root ${root}` : ''}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
