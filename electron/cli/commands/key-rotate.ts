import { resolve } from 'node:path';
import { printable } from '../../../shared/printable';
import { plainMessage } from '../../core/errors';
import type { KeyInfo } from '../../core/keystore/key-info';
import { Keystore } from '../../core/keystore/keystore';
import { keystoreDir } from '../../core/keystore/location';
import {
  announceKeyTransition,
  checkTransitionReason,
  defaultTransitionFileName,
} from '../../core/sign/key-transition';
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
 * `signet key rotate --from OLD --to NEW`: a transition statement signed by both keys (minisign:
 * FILE, FILE.<OLD>.minisig, FILE.<NEW>.minisig; OpenPGP: FILE clearsigned by both; nothing
 * replaced), then the old key marked retired in the keystore (core/sign/key-transition.ts, as the
 * app does). Each key's passphrase comes from its own file or variable (SIGNET_FROM_PASSPHRASE,
 * SIGNET_TO_PASSPHRASE, else SIGNET_PASSPHRASE), else a prompt naming the key.
 */
export async function keyRotateCommand(flags: KeyRotateFlags): Promise<number> {
  const keystore = new Keystore(keystoreDir());
  const { from, to, reason } = await usage(async () => ({
    from: await keystore.find(flags.from),
    to: await keystore.find(flags.to),
    reason: checkTransitionReason(flags.reason),
  }));
  const path = resolve(flags.out ?? defaultTransitionFileName(from, to));
  // A pair that cannot announce, or an output already there, ends the command before any prompt
  // (announceKeyTransition checks both before it asks for a passphrase).
  const written = await usage(() =>
    announceKeyTransition({
      keystore,
      from,
      to,
      ...(reason ? { reason } : {}),
      path,
      date: new Date(),
      unlock: async (key, role, open) => {
        const passphrase = await readPassphrase(
          role === 'old'
            ? flags.fromPassphraseFile !== undefined
              ? { passphraseFile: flags.fromPassphraseFile }
              : {}
            : flags.toPassphraseFile !== undefined
              ? { passphraseFile: flags.toPassphraseFile }
              : {},
          `Passphrase for "${printable(key.name)}" (${key.keyId}): `,
          { env: [role === 'old' ? 'SIGNET_FROM_PASSPHRASE' : 'SIGNET_TO_PASSPHRASE', 'SIGNET_PASSPHRASE'] },
        );
        try {
          return await open(passphrase);
        } catch (error) {
          throw new CliExit(2, `Key "${printable(key.name)}": ${plainMessage(error)} Nothing was written.`);
        }
      },
    }),
  );
  process.stdout.write(report(from, to, written));
  return 0;
}

function report(from: KeyInfo, to: KeyInfo, written: { statement: string; signatures: string[] }): string {
  const files = [written.statement, ...written.signatures];
  return [
    written.signatures.length === 0
      ? 'Wrote the key transition statement, carrying a signature by each key:'
      : 'Wrote the key transition statement, signed by both keys:',
    ...files.map((file) => `  ${printable(file)}`),
    `"${printable(from.name)}" (${from.keyId}) is now marked retired in favour of "${printable(to.name)}" (${to.keyId}).`,
    `Publish ${files.length === 1 ? 'it' : `the ${files.length} files`} where people know your old key from (your website, README),`,
    'with the new public key. The statement itself says how to check it.',
    '',
  ].join('\n');
}

async function usage<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof CliExit) throw error;
    throw new CliExit(2, plainMessage(error));
  }
}
