import { resolve } from 'node:path';
import { printable } from '../../../shared/printable';
import { plainMessage } from '../../core/errors';
import { firstExisting } from '../../core/fs/first-existing';
import type { KeyInfo } from '../../core/keystore/key-info';
import { Keystore } from '../../core/keystore/keystore';
import { keystoreDir } from '../../core/keystore/location';
import {
  checkTransitionReason,
  defaultTransitionFileName,
  keyTransitionStatement,
  transitionSignatureFile,
  writeKeyTransition,
} from '../../core/sign/key-transition';
import { shellWord } from '../../core/sign/release-kit';
import { CliExit } from '../cli-error';
import { readPassphrase } from '../passphrase';

export interface KeyRotateFlags {
  from: string;
  to: string;
  reason?: string;
  out?: string;
  fromPassphraseFile?: string;
  toPassphraseFile?: string;
}

/**
 * `signet key rotate --from OLD --to NEW`: a transition statement signed by both keys (FILE,
 * FILE.<OLD>.minisig, FILE.<NEW>.minisig; nothing replaced), then the old key marked retired in the
 * keystore. Each key's passphrase comes from its own file or variable (SIGNET_FROM_PASSPHRASE,
 * SIGNET_TO_PASSPHRASE, else SIGNET_PASSPHRASE), else a prompt naming the key.
 */
export async function keyRotateCommand(flags: KeyRotateFlags): Promise<number> {
  const keystore = new Keystore(keystoreDir());
  const { from, to, reason } = await usage(async () => ({
    from: await keystore.find(flags.from),
    to: await keystore.find(flags.to),
    reason: checkTransitionReason(flags.reason),
  }));
  if (from.id === to.id)
    throw new CliExit(2, 'The old and the new key are the same key. Nothing was written.');
  // The statement is signed with minisign keys today; other kinds plug in with their own signatures.
  for (const key of [from, to]) {
    if (key.kind !== 'minisign') {
      throw new CliExit(
        2,
        `"${printable(key.name)}" is not a minisign key: a transition statement is signed with minisign keys for now. Nothing was written.`,
      );
    }
  }
  if (from.retired) {
    throw new CliExit(
      2,
      `"${printable(from.name)}" was already retired on ${from.retired.at.slice(0, 10)} in favour of ${from.retired.successorKeyId}. Nothing was written.`,
    );
  }
  if (to.retired) throw new CliExit(2, `"${printable(to.name)}" is itself retired. Nothing was written.`);
  const path = resolve(flags.out ?? defaultTransitionFileName(from, to));
  // Before any prompt: an output already there ends the command (writeKeyTransition checks again).
  const existing = await firstExisting([
    path,
    transitionSignatureFile(path, from.keyId),
    transitionSignatureFile(path, to.keyId),
  ]);
  if (existing) throw new CliExit(2, `${printable(existing)} already exists; nothing was written.`);
  const date = new Date();
  const oldKey = await unlock(keystore, from, flags.fromPassphraseFile, 'SIGNET_FROM_PASSPHRASE');
  try {
    const newKey = await unlock(keystore, to, flags.toPassphraseFile, 'SIGNET_TO_PASSPHRASE');
    try {
      const text = keyTransitionStatement({
        from,
        to,
        ...(reason ? { reason } : {}),
        date,
        fileName: path.split(/[\\/]/).pop()!,
      });
      const written = await usage(() =>
        writeKeyTransition({
          path,
          text,
          signers: [
            { info: from, secret: oldKey },
            { info: to, secret: newKey },
          ],
        }),
      );
      await keystore.recordRetirement(from.id, {
        at: date.toISOString(),
        successorKeyId: to.keyId,
        ...(reason ? { reason } : {}),
      });
      process.stdout.write(
        [
          `Wrote the key transition statement, signed by both keys:`,
          `  ${printable(written.statement)}`,
          ...written.signatures.map((file) => `  ${printable(file)}`),
          `"${printable(from.name)}" (${from.keyId}) is now marked retired in favour of "${printable(to.name)}" (${to.keyId}).`,
          'Publish the three files where people know your old key from (your website, README),',
          'with the new public key. They can check the statement with:',
          ...[from, to].map(
            (key, index) =>
              `  minisign -Vm ${shellWord(written.statement)} -x ${shellWord(written.signatures[index]!)} -P ${key.publicKey}`,
          ),
          '',
        ].join('\n'),
      );
      return 0;
    } finally {
      newKey.seed.fill(0);
    }
  } finally {
    oldKey.seed.fill(0);
  }
}

async function unlock(keystore: Keystore, key: KeyInfo, passphraseFile: string | undefined, env: string) {
  const passphrase = await readPassphrase(
    passphraseFile !== undefined ? { passphraseFile } : {},
    `Passphrase for "${printable(key.name)}" (${key.keyId}): `,
    { env: [env, 'SIGNET_PASSPHRASE'] },
  );
  try {
    return await keystore.unlock(key.id, passphrase);
  } catch (error) {
    throw new CliExit(2, `Key "${printable(key.name)}": ${plainMessage(error)} Nothing was written.`);
  }
}

async function usage<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new CliExit(2, plainMessage(error));
  }
}
