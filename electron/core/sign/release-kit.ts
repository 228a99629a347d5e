import { printable } from '../../../shared/printable';
import {
  formatMinisignPublicKey,
  keyIdFromKeyNum,
  parseMinisignPublicKey,
} from '../formats/minisign-public-keys';

export interface ReleaseKitInput {
  keyName: string;
  /** Bare base64 public key (minisign -P form). */
  publicKey: string;
  /** The checksum list's file name (SHA256SUMS) and its exact text. */
  listName: string;
  listText: string;
  /** Suggested name for the public key file, without ".pub". */
  publicKeyFileName: string;
}

/**
 * What a release manager publishes beside the files: the public key (minisign .pub form, with its
 * key id), the checksum list, and the exact commands that check them with signet, minisign and
 * sha256sum. The commands carry the key inline (-P / --pubkey-string), so they work as pasted in
 * the folder that holds the files; test/interop/release-kit.test.ts runs them.
 */
export function releaseKitText(input: ReleaseKitInput): string {
  const key = parseMinisignPublicKey(input.publicKey);
  const pubText = formatMinisignPublicKey(key).trimEnd();
  const keyId = keyIdFromKeyNum(key.keyNum);
  const list = shellWord(input.listName);
  const files = listedNames(input.listText);
  const first = files[0];
  const lines = [
    `Release signed by ${printable(input.keyName)}`,
    `Key id: ${keyId}`,
    '',
    `Public key (save as ${input.publicKeyFileName}.pub):`,
    pubText,
    '',
    `${input.listName}:`,
    input.listText.trimEnd(),
    '',
    'To check the files, run these in the folder that holds them:',
    '',
    '# with Signet',
    `signet check ${list} --pubkey-string ${input.publicKey}`,
    '',
    '# with minisign and sha256sum',
    `minisign -Vm ${list} -P ${input.publicKey}`,
    `sha256sum -c ${list}`,
  ];
  if (first !== undefined) {
    lines.push('', '# one file on its own, with its .minisig beside it');
    lines.push(`minisign -Vm ${shellWord(first)} -P ${input.publicKey}`);
    lines.push(`signet verify ${shellWord(first)} --pubkey-string ${input.publicKey}`);
  }
  return `${lines.join('\n')}\n`;
}

/** A name as one POSIX shell word: bare when it is plain, else single-quoted. */
export function shellWord(name: string): string {
  if (/^[A-Za-z0-9._+/@%=:,-]+$/.test(name) && !name.startsWith('-')) return name;
  const quoted = `'${name.replace(/'/g, `'\\''`)}'`;
  return name.startsWith('-') ? `./${quoted}` : quoted;
}

/** File names in a GNU-style list (plain lines only; escaped ones are skipped for the example). */
function listedNames(listText: string): string[] {
  const names: string[] = [];
  for (const line of listText.split('\n')) {
    const match = /^[0-9a-f]{64} [ *](.+)$/.exec(line);
    if (match) names.push(match[1]!);
  }
  return names;
}
