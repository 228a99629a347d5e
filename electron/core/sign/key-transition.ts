import { readFile, unlink } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { formatDate } from '../../../shared/dates';
import type { KeyInfo, KeyRetirement } from '../../../shared/domain';
import { inGroupsOfFour } from '../../../shared/fingerprint-groups';
import { printable } from '../../../shared/printable';
import { SignetError } from '../errors';
import type { FormatId } from '../formats/format-module';
import { signingFormatForKey } from '../formats/signing-formats';
import type { SigningSide, TransitionSupport } from '../formats/signing-side';
import { writeFileAtomic } from '../fs/atomic-write';
import { firstExisting } from '../fs/first-existing';
import { type OpenedKey, openStoredSigningKey, type StoredKeyOpener } from './open-stored-key';
import { recheckSignatures } from './recheck-signatures';
import { signatureFileFor, signFile } from './sign-file';

type TransitionKeyInfo = Pick<KeyInfo, 'name' | 'keyId' | 'publicKey' | 'createdAt' | 'fingerprint'>;

const REASON_MAX = 500;
const DEFAULT_REASON = 'Regular replacement of the signing key.';
const NOTHING = 'Nothing was written.';

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

/** The statement's default file name, in the folder the person is in. */
export function defaultTransitionFileName(from: Pick<KeyInfo, 'keyId'>, to: Pick<KeyInfo, 'keyId'>): string {
  return `key-transition-${from.keyId}-to-${to.keyId}.txt`;
}

/** The format both keys sign the statement in, and how: found before anything is asked. */
interface TransitionPlan {
  format: FormatId;
  side: SigningSide;
  support: TransitionSupport<unknown>;
}

/**
 * Whether `from` may be retired in favour of `to` with a statement both sign: two different keys,
 * neither retired, of one kind whose format signs such a statement. SignetError 'usage' otherwise,
 * in a sentence that ends "Nothing was written."
 */
export async function planKeyTransition(from: KeyInfo, to: KeyInfo): Promise<TransitionPlan> {
  if (from.id === to.id) {
    throw new SignetError('usage', `The old and the new key are the same key. ${NOTHING}`);
  }
  if (from.retired) {
    throw new SignetError(
      'usage',
      `“${printable(from.name)}” was already retired on ${formatDate(from.retired.at)} in favour of ${from.retired.successorKeyId}. ${NOTHING}`,
    );
  }
  if (to.retired) throw new SignetError('usage', `“${printable(to.name)}” is itself retired. ${NOTHING}`);
  const found = await signingFormatForKey(from.kind).catch(() => undefined);
  const support = found?.side.transition as TransitionSupport<unknown> | undefined;
  if (!found || !support || found.side.keyKinds.includes(to.kind) === false || from.kind !== to.kind) {
    throw new SignetError(
      'usage',
      `A transition statement is signed by two keys of the same kind (two minisign or two OpenPGP keys); “${printable(from.name)}” and “${printable(to.name)}” cannot sign one together. ${NOTHING}`,
    );
  }
  return { format: found.format, side: found.side, support };
}

/** Every file the statement is written to: the text, and the detached signatures beside it when its format writes them apart. */
function transitionOutputs(
  plan: TransitionPlan,
  path: string,
  keys: readonly Pick<KeyInfo, 'keyId'>[],
): string[] {
  const statement = resolve(path);
  if (plan.support.signTogether) return [statement];
  const suffix = signatureFileFor('', plan.side);
  return [statement, ...keys.map((key) => `${statement}.${key.keyId}${suffix}`)];
}

/**
 * A key transition statement as Debian and Tor publish them: plain text naming the old and the new
 * key (names, ids, fingerprints or public keys, dates) and why, signed by both, so that people who
 * trust the old key can move to the new one: the old key's signature says its holder names the
 * successor, the new key's that its holder accepts. The commands that check it are part of the
 * signed text.
 */
export function keyTransitionStatement(input: {
  from: TransitionKeyInfo;
  to: TransitionKeyInfo;
  reason?: string;
  date: Date;
  /** The commands that check it, from its format (TransitionSupport.checkCommands). */
  checkCommands: readonly string[];
}): string {
  const day = input.date.toISOString().slice(0, 10);
  const key = (label: string, info: TransitionKeyInfo) => [
    `${label}: ${printable(info.name)}`,
    `  Key id:      ${info.keyId}`,
    info.fingerprint
      ? `  Fingerprint: ${inGroupsOfFour(info.fingerprint)}`
      : `  Public key:  ${info.publicKey}`,
    `  Created:     ${info.createdAt.slice(0, 10)}`,
  ];
  return [
    'Signing key transition statement',
    `Date: ${day}`,
    '',
    'I am retiring my old signing key and replacing it with a new one.',
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
    ...input.checkCommands,
    '',
  ].join('\n');
}

/** What announcing needs of the keystore (the CLI's Keystore, main's KeystorePort). */
type TransitionKeystore = StoredKeyOpener & {
  recordRetirement(id: string, retired: KeyRetirement): Promise<unknown>;
};

/**
 * Announces `to` as the successor of `from`, the same in the terminal and the app: the statement
 * signed by both keys (one text carrying both signatures, or a detached signature by each beside
 * it, as the format writes them), each signature read back from disk and checked against its
 * public key, then `from` marked retired. Nothing is replaced: an output already there refuses the
 * whole before any passphrase is asked, and a failure on the way removes what this call wrote.
 * `unlock` is how the caller asks a key's passphrase (a prompt, main's window with its three tries)
 * around the opening it is given; each key is forgotten when the statement is written.
 */
export async function announceKeyTransition(input: {
  keystore: TransitionKeystore;
  from: KeyInfo;
  to: KeyInfo;
  reason?: string;
  path: string;
  date: Date;
  unlock(
    key: KeyInfo,
    role: 'old' | 'new',
    open: (passphrase: string) => Promise<OpenedKey>,
  ): Promise<OpenedKey>;
}): Promise<{ statement: string; signatures: string[] }> {
  const { from, to, keystore } = input;
  const plan = await planKeyTransition(from, to);
  const [statement, ...signatures] = transitionOutputs(plan, input.path, [from, to]) as [string, ...string[]];
  const existing = await firstExisting([statement, ...signatures]);
  if (existing)
    throw new SignetError('exists', `${printable(existing)} already exists; ${NOTHING.toLowerCase()}`);
  const text = keyTransitionStatement({
    from,
    to,
    ...(input.reason ? { reason: input.reason } : {}),
    date: input.date,
    checkCommands: plan.support.checkCommands({
      statementFile: basename(statement),
      signers: [from, to].map((key, index) => ({
        publicKey: key.publicKey,
        ...(signatures[index] ? { signatureFile: basename(signatures[index]) } : {}),
      })),
    }),
  });
  const open = (key: KeyInfo) => (passphrase: string) => openStoredSigningKey(keystore, key, passphrase);
  const oldKey = await input.unlock(from, 'old', open(from));
  try {
    const newKey = await input.unlock(to, 'new', open(to));
    try {
      await writeStatement(plan, { statement, signatures, text, input, keys: [oldKey, newKey] });
    } finally {
      newKey.forget();
    }
  } finally {
    oldKey.forget();
  }
  await keystore.recordRetirement(from.id, {
    at: input.date.toISOString(),
    successorKeyId: to.keyId,
    ...(input.reason ? { reason: input.reason } : {}),
  });
  return { statement, signatures };
}

async function writeStatement(
  plan: TransitionPlan,
  out: {
    statement: string;
    signatures: string[];
    text: string;
    input: { from: KeyInfo; to: KeyInfo; date: Date };
    keys: [OpenedKey, OpenedKey];
  },
): Promise<void> {
  const { from, to, date } = out.input;
  const written: string[] = [];
  try {
    const together = plan.support.signTogether;
    if (together) {
      await writeFileAtomic(out.statement, together(out.text, [out.keys[0].key, out.keys[1].key], date), {
        mode: 0o644,
        overwrite: false,
      });
      written.push(out.statement);
      const problem = await plan.support.checkTogether?.(new Uint8Array(await readFile(out.statement)), [
        from.publicKey,
        to.publicKey,
      ]);
      if (problem) throw new SignetError('io', `The statement did not check out: ${problem}`);
      return;
    }
    await writeFileAtomic(out.statement, out.text, { mode: 0o644, overwrite: false });
    written.push(out.statement);
    const comment = `key transition from ${from.keyId} to ${to.keyId}: ${basename(out.statement)}`;
    for (const [index, info] of [from, to].entries()) {
      const signed = await signFile(out.statement, out.keys[index]?.key, {
        format: plan.format,
        signatureFile: out.signatures[index]!,
        trustedComment: comment,
      });
      written.push(signed.signatureFile);
      const recheck = await recheckSignatures(info.publicKey, [signed], { format: plan.format });
      const problem = recheck.failed[0]?.problem;
      if (problem)
        throw new SignetError('io', `The signature by ${info.keyId} did not check out: ${problem}`);
    }
  } catch (error) {
    for (const path of written.reverse()) await unlink(path).catch(() => {});
    throw error;
  }
}
