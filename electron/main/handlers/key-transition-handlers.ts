import { SignetError } from '../../core/errors';
import {
  announceKeyTransition,
  checkTransitionReason,
  defaultTransitionFileName,
  planKeyTransition,
} from '../../core/sign/key-transition';
import { keyPrompt, unlockWithPrompts } from './ask-passphrase';
import type { HandlerDeps, Handlers } from './types';

const NOTHING = 'Nothing was written.';

/**
 * Announcing a new key from the Keys screen, as `signet key rotate` does (both through
 * core/sign/key-transition.ts): the page names the two keys and a reason; main picks the file in
 * its save dialog, asks each key's passphrase in its own window, writes the statement signed by
 * both (nothing replaced) and marks the old key retired.
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
      // A pair that cannot announce is refused before the save dialog opens.
      await planKeyTransition(from, to);
      const reason = checkTransitionReason(typed);
      const path = await deps.dialogs.saveFile(defaultTransitionFileName(from, to), 'key-transition');
      if (path === null) return { statement: null, signatures: [] };
      // A statement or signature already there is never replaced: refused before any passphrase.
      const written = await announceKeyTransition({
        keystore,
        from,
        to,
        ...(reason ? { reason } : {}),
        path,
        date: new Date(),
        unlock: (key, role, open) =>
          unlockWithPrompts(
            deps.passphrases,
            open,
            keyPrompt(
              key,
              role === 'old'
                ? `to sign the statement that retires it in favour of “${to.name}”`
                : `to sign the statement that announces it as the successor of “${from.name}”`,
            ),
            NOTHING,
          ),
      });
      deps.grants.grant([written.statement, ...written.signatures], 'written');
      return written;
    },
  };
}
