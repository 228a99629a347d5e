import { printable } from '../../../../shared/printable';
import {
  assembleReleaseKit,
  kitOfSections,
  powershellWord,
  type ReleaseKit,
  type ReleaseKitPart,
  shellWord,
} from '../../sign/release-kit';
import type { StyledKitInput } from '../signing-side';
import { formatFingerprint } from './fingerprint';

/**
 * OpenPGP's part of a release kit: the armored certificate and its fingerprint where the person
 * controls them, the style's signatures beside the files, and `gpg --import` then `gpg --verify`
 * for sh and for Windows, where Gpg4win provides gpg. A style with a list (node, debian) is
 * assembled like any signed list; the apache style, a signature and a .sha512 beside each file,
 * has its own lines.
 */
export function openpgpReleaseKit(input: StyledKitInput): ReleaseKit {
  const keyFile = input.publicKeyFile;
  const key = [
    `Release signed by ${printable(input.keyName)} (OpenPGP)`,
    ...(input.fingerprint ? [`Fingerprint: ${formatFingerprint(input.fingerprint)}`] : []),
    '',
    `Public key (save as ${keyFile}):`,
    input.publicKey.trimEnd(),
  ];
  const importKey = {
    unix: `gpg --import ${shellWord(keyFile)}`,
    windows: `gpg --import ${powershellWord(keyFile)}`,
  };
  const list = input.style.list;
  if (list && input.listText !== undefined) {
    const verifyLines = (word: (name: string) => string) =>
      list.outputs.map((output) =>
        output.style === 'clearsigned'
          ? `gpg --verify ${word(list.name + output.suffix)}`
          : `gpg --verify ${word(list.name + output.suffix)} ${word(list.name)}`,
      );
    const part: ReleaseKitPart = {
      besideFiles: (listName) => list.outputs.map((output) => listName + output.suffix),
      key,
      checkList: (listName) => ({
        unix: [
          '# with Signet: the signature and every file at once',
          `signet check ${shellWord(listName)} --pubkey ${shellWord(keyFile)}`,
          '# with gpg: the key once, then the signature on the list',
          importKey.unix,
          ...verifyLines(shellWord),
        ],
        windows: [
          '# with Gpg4win (https://gpg4win.org): the key once, then the signature on the list',
          importKey.windows,
          ...verifyLines(powershellWord),
        ],
      }),
      checkFile: (file) => ({
        unix: [`signet verify ${shellWord(file)} --pubkey ${shellWord(keyFile)}`],
        windows: [],
      }),
    };
    return assembleReleaseKit({ listName: list.name, listText: input.listText, parts: [part] });
  }
  const beside = input.files.flatMap((file) => [
    ...input.style.perFile.map((output) => `  ${file}${output.suffix}`),
    ...input.style.checksums.map((checksum) => `  ${file}${checksum.suffix}`),
  ]);
  const unix = ['# with gpg: the key once, then each file against its signature', importKey.unix];
  const windows = [
    '# with Gpg4win (https://gpg4win.org): the key once, then each file against its signature',
    importKey.windows,
  ];
  for (const file of input.files) {
    for (const output of input.style.perFile) {
      unix.push(`gpg --verify ${shellWord(file + output.suffix)} ${shellWord(file)}`);
      windows.push(`gpg --verify ${powershellWord(file + output.suffix)} ${powershellWord(file)}`);
    }
  }
  for (const checksum of input.style.checksums) {
    const sums = input.files.map((file) => shellWord(file + checksum.suffix));
    unix.push(`# every file against its ${checksum.suffix}`, `${checksum.algorithm}sum -c ${sums.join(' ')}`);
    windows.push(`# every file against its ${checksum.suffix}: True when it matches`);
    for (const file of input.files) {
      windows.push(
        `(Get-FileHash -Algorithm ${checksum.algorithm.toUpperCase()} -LiteralPath ${powershellWord(file)}).Hash -eq (Get-Content -LiteralPath ${powershellWord(file + checksum.suffix)}).Split(' ')[0]`,
      );
    }
  }
  const first = input.files[0];
  if (first !== undefined) {
    unix.push('# with Signet', `signet verify ${shellWord(first)} --pubkey ${shellWord(keyFile)}`);
  }
  return kitOfSections(beside, [
    ...key,
    '',
    'To check the files, run these in the folder that holds them.',
    '',
    'Linux and macOS:',
    '',
    ...unix,
    '',
    'Windows (PowerShell):',
    '',
    ...windows,
  ]);
}
