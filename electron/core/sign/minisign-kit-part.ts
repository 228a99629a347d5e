import { printable } from '../../../shared/printable';
import {
  formatMinisignPublicKey,
  keyIdFromKeyNum,
  parseMinisignPublicKey,
} from '../formats/minisign-public-keys';
import { powershellWord, type ReleaseKitPart, shellWord } from './release-kit';

export interface MinisignKitKey {
  /** The keystore's name for the key: the kit publishes it ("Release signed by …"). */
  keyName: string;
  /** Bare base64 public key (minisign -P form). */
  publicKey: string;
  /** Suggested name for the public key file, without ".pub". */
  publicKeyFileName: string;
}

/**
 * minisign's part of a release kit: the public key in .pub form with its key id, each file's
 * `.minisig` beside it, and commands that carry the key inline (-P / --pubkey-string) so they work as
 * pasted. On Windows, minisign.exe takes the same arguments.
 */
export function minisignKitPart(input: MinisignKitKey): ReleaseKitPart {
  const key = parseMinisignPublicKey(input.publicKey);
  const keyId = keyIdFromKeyNum(key.keyNum);
  const b64 = input.publicKey;
  return {
    besideFiles: (listName, files) => [`${listName}.minisig`, ...files.map((file) => `${file}.minisig`)],
    key: [
      `Release signed by ${printable(input.keyName)}`,
      `Key id: ${keyId}`,
      '',
      `Public key (save as ${input.publicKeyFileName}.pub):`,
      formatMinisignPublicKey(key).trimEnd(),
    ],
    checkList: (listName) => ({
      unix: [
        '# with Signet: the signature and every file at once',
        `signet check ${shellWord(listName)} --pubkey-string ${b64}`,
        '# with minisign: the signature on the list',
        `minisign -Vm ${shellWord(listName)} -P ${b64}`,
      ],
      windows: [
        '# with minisign.exe: the signature on the list',
        `minisign.exe -Vm ${powershellWord(listName)} -P ${b64}`,
      ],
    }),
    checkFile: (file) => ({
      unix: [
        `minisign -Vm ${shellWord(file)} -P ${b64}`,
        `signet verify ${shellWord(file)} --pubkey-string ${b64}`,
      ],
      windows: [`minisign.exe -Vm ${powershellWord(file)} -P ${b64}`],
    }),
  };
}
