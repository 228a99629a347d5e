import { basename } from 'node:path';
import { SignetError } from '../../core/errors';
import { firstExisting } from '../../core/fs/first-existing';
import {
  checkTransitionReason,
  defaultTransitionFileName,
  keyTransitionStatement,
  transitionSignatureFile,
  writeKeyTransition,
} from '../../core/sign/key-transition';
import { keyPrompt, unlockWithPrompts } from './ask-passphrase';
import type { HandlerDeps, Handlers } from './types';

const NOTHING = 'Nothing was written.';

/**
 * Announcing a new key from the Keys screen, as `signet key rotate` does: the page names the two
 * keys and a reason; main picks the file in its save dialog, asks each key's passphrase in its own
 * window, writes the statement signed by both (nothing replaced) and marks the old key retired.
 */
export function createKeyTransitionHandlers(deps: HandlerDeps): Pick<Handlers, 'announceKeyTransition'> {
  const { keystore } = deps;
  return {
    async announceKeyTransition({ fromKeyId, toKeyId, reason: typed }) {
      const keys = await keystore.list();
      const from = keys.find((key) => key.id === fromKeyId);
      const to = keys.find((key) => key.id === toKeyId);
      if (!from || !to)
        throw new SignetError('usage', `That key is not in your keystore any more. ${NOTHING}`);
      if (from.id === to.id) throw new SignetError('usage', `Choose another key as the new one. ${NOTHING}`);
      // Signed with minisign keys for now; other kinds plug in with their own signatures.
      const other = [from, to].find((key) => key.kind !== 'minisign');
      if (other) {
        throw new SignetError(
          'usage',
          `“${other.name}” is not a minisign key: a transition statement is signed with minisign keys for now. ${NOTHING}`,
        );
      }
      if (from.retired) throw new SignetError('usage', `“${from.name}” is already retired. ${NOTHING}`);
      if (to.retired) throw new SignetError('usage', `“${to.name}” is itself retired. ${NOTHING}`);
      const reason = checkTransitionReason(typed);
      const path = await deps.dialogs.saveFile(defaultTransitionFileName(from, to), 'key-transition');
      if (path === null) return { statement: null, signatures: [] };
      // Before any passphrase: a statement or signature already there is never replaced.
      const existing = await firstExisting([
        path,
        transitionSignatureFile(path, from.keyId),
        transitionSignatureFile(path, to.keyId),
      ]);
      if (existing) throw new SignetError('exists', `${existing} already exists; ${NOTHING.toLowerCase()}`);
      const date = new Date();
      const oldSecret = await unlockWithPrompts(
        deps.passphrases,
        (passphrase) => keystore.unlock(from.id, passphrase),
        keyPrompt(from, `to sign the statement that retires it in favour of “${to.name}”`),
        NOTHING,
      );
      try {
        const newSecret = await unlockWithPrompts(
          deps.passphrases,
          (passphrase) => keystore.unlock(to.id, passphrase),
          keyPrompt(to, `to sign the statement that announces it as the successor of “${from.name}”`),
          NOTHING,
        );
        try {
          const written = await writeKeyTransition({
            path,
            text: keyTransitionStatement({
              from,
              to,
              ...(reason ? { reason } : {}),
              date,
              fileName: basename(path),
            }),
            signers: [
              { info: from, secret: oldSecret },
              { info: to, secret: newSecret },
            ],
          });
          await keystore.recordRetirement(from.id, {
            at: date.toISOString(),
            successorKeyId: to.keyId,
            ...(reason ? { reason } : {}),
          });
          deps.grants.grant([written.statement, ...written.signatures], 'written');
          return written;
        } finally {
          newSecret.seed.fill(0);
        }
      } finally {
        oldSecret.seed.fill(0);
      }
    },
  };
}
