import { unlink } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { KeyInfo } from '../../../shared/domain';
import { printable } from '../../../shared/printable';
import { SignetError } from '../errors';
import { writeFileAtomic } from '../fs/atomic-write';
import { firstExisting } from '../fs/first-existing';
import { recheckSignatures } from './recheck-signatures';
import { shellWord } from './release-kit';
import { signFile } from './sign-file';

type TransitionKeyInfo = Pick<KeyInfo, 'name' | 'keyId' | 'publicKey' | 'createdAt'>;

/** One of the two keys that sign the statement, unlocked; its secret is forgotten by the caller. */
export interface TransitionSigner<K> {
  info: TransitionKeyInfo;
  secret: K;
}

const REASON_MAX = 500;
const DEFAULT_REASON = 'Regular replacement of the signing key.';

/** The reason as the statement will carry it: one printable line, or a SignetError 'usage'. */
export function checkTransitionReason(reason: string | undefined): string | undefined {
  const line = reason?.replace(/\s+/g, ' ').trim();
  if (!line) return undefined;
  if (line.length > REASON_MAX) {
    throw new SignetError('usage', `The reason is too long: keep it under ${REASON_MAX} characters.`);
  }
  if (printable(line) !== line) {
    throw new SignetError('usage', 'The reason has control or hidden characters. Type it as plain text.');
  }
  return line;
}

/** Where each key's detached signature of the statement goes: one file per key, named by its id. */
export function transitionSignatureFile(statementPath: string, keyId: string): string {
  return `${statementPath}.${keyId}.minisig`;
}

/** The statement's default file name, in the folder the person is in. */
export function defaultTransitionFileName(from: Pick<KeyInfo, 'keyId'>, to: Pick<KeyInfo, 'keyId'>): string {
  return `key-transition-${from.keyId}-to-${to.keyId}.txt`;
}

/**
 * A key transition statement as Debian and Tor publish them: plain text naming the old and the new
 * key (names, ids, public keys, dates) and why, signed by both, so that people who trust the old key
 * can move to the new one: the old key's signature says its holder names the successor, the new
 * key's that its holder accepts. The commands that check it are part of the signed text.
 */
export function keyTransitionStatement(input: {
  from: TransitionKeyInfo;
  to: TransitionKeyInfo;
  reason?: string;
  date: Date;
  /** The statement's file name, for the commands in it. */
  fileName: string;
}): string {
  const day = input.date.toISOString().slice(0, 10);
  const file = shellWord(input.fileName);
  const key = (label: string, info: TransitionKeyInfo) => [
    `${label}: ${printable(info.name)}`,
    `  Key id:     ${info.keyId}`,
    `  Public key: ${info.publicKey}`,
    `  Created:    ${info.createdAt.slice(0, 10)}`,
  ];
  return [
    'Signing key transition statement',
    `Date: ${day}`,
    '',
    'I am retiring my old minisign signing key and replacing it with a new one.',
    'From this date on, my releases are signed with the new key only: treat a new',
    'release signed with the old key as suspect. This statement is signed by both',
    'keys, so anyone who trusts the old key can check that the new one is mine.',
    '',
    ...key('Old key (retired)', input.from),
    '',
    ...key('New key', input.to),
    '',
    `Reason: ${input.reason ?? DEFAULT_REASON}`,
    '',
    'To check this statement, with both .minisig files beside it:',
    `  minisign -Vm ${file} -x ${shellWord(transitionSignatureFile(input.fileName, input.from.keyId))} -P ${input.from.publicKey}`,
    `  minisign -Vm ${file} -x ${shellWord(transitionSignatureFile(input.fileName, input.to.keyId))} -P ${input.to.publicKey}`,
    '',
  ].join('\n');
}

/**
 * Writes the statement and one detached minisign signature per key beside it, then reads each
 * signature back and checks it against its public key. Nothing is replaced: an output already there
 * refuses the whole (SignetError 'exists'), and a failure on the way removes what this call wrote.
 */
export async function writeKeyTransition<K>(input: {
  path: string;
  text: string;
  signers: readonly [TransitionSigner<K>, TransitionSigner<K>];
}): Promise<{ statement: string; signatures: string[] }> {
  const statement = resolve(input.path);
  const signatures = input.signers.map((signer) => transitionSignatureFile(statement, signer.info.keyId));
  const existing = await firstExisting([statement, ...signatures]);
  if (existing) {
    throw new SignetError('exists', `${printable(existing)} already exists; nothing was written.`);
  }
  const [from, to] = input.signers;
  const comment = `key transition from ${from.info.keyId} to ${to.info.keyId}: ${basename(statement)}`;
  const written: string[] = [];
  try {
    await writeFileAtomic(statement, input.text, { mode: 0o644, overwrite: false });
    written.push(statement);
    for (const [index, signer] of input.signers.entries()) {
      const signed = await signFile(statement, signer.secret, {
        signatureFile: signatures[index]!,
        trustedComment: comment,
      });
      written.push(signed.signatureFile);
      const recheck = await recheckSignatures(signer.info.publicKey, [signed]);
      const problem = recheck.failed[0]?.problem;
      if (problem) {
        throw new SignetError('io', `The signature by ${signer.info.keyId} did not check out: ${problem}`);
      }
    }
    return { statement, signatures };
  } catch (error) {
    for (const path of written.reverse()) await unlink(path).catch(() => {});
    throw error;
  }
}
