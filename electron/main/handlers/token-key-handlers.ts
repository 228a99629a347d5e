import { formatDate } from '../../../shared/dates';
import { SignetError } from '../../core/errors';
import { addTokenKey, listTokenCertificates } from '../../core/formats/code-signing-tokens';
import { managedTokenModule } from '../../core/policy/token-module';
import { dialogLine, dialogText } from '../dialog-line';
import type { HandlerDeps, Handlers } from './types';

/**
 * Keys on hardware tokens: main chooses the PKCS#11 module library (its own open dialog, or the one
 * the organisation's policy names) and remembers it for the add that follows, so the page never
 * names a library for main to load. No PIN is asked to add a key; it is asked in the passphrase
 * window each time the key signs.
 */
export function createTokenKeyHandlers(
  deps: HandlerDeps,
): Pick<Handlers, 'tokenCertificates' | 'addTokenKey'> {
  let chosenModule: string | undefined;

  return {
    async tokenCertificates() {
      const managed = await managedTokenModule();
      if (managed !== undefined) chosenModule = managed;
      else {
        const [picked] = await deps.dialogs.openFiles('token-module', false);
        if (picked === undefined) return { module: null, managed: false, certificates: [] };
        chosenModule = picked;
      }
      return {
        module: chosenModule,
        managed: managed !== undefined,
        certificates: await listTokenCertificates(chosenModule, managed),
      };
    },

    async addTokenKey({ slotId, objectLabel, name }) {
      if (chosenModule === undefined) {
        throw new SignetError('usage', 'Choose your token’s module library first.');
      }
      const managed = await managedTokenModule();
      const certificates = await listTokenCertificates(chosenModule, managed);
      const chosen = certificates.find((c) => c.slotId === slotId && c.objectLabel === objectLabel);
      if (!chosen) {
        throw new SignetError('usage', 'That certificate is no longer on the token. Look again.');
      }
      const confirmed = await deps.confirm.confirm({
        title: 'Add a key on a hardware token',
        message: dialogLine(`Sign with the certificate “${chosen.subject}” on the token “${chosen.token}”?`),
        detail: dialogText([
          `Certificate: ${chosen.subject}`,
          `Expires: ${formatDate(chosen.expiresAt)}`,
          `Token: ${chosen.token} (slot ${chosen.slotId})`,
          `Module library: ${chosenModule}`,
          'The key stays on the token. Signet remembers only where it is, and asks for the token’s PIN each time it signs; the PIN is never stored.',
        ]),
        confirmLabel: 'Add',
      });
      if (!confirmed) throw new SignetError('cancelled', 'You did not confirm, so no key was added.');
      const key = await addTokenKey(
        deps.keystore,
        { module: chosenModule, slot: slotId, objectLabel, ...(name !== undefined ? { name } : {}) },
        managed,
      );
      return { key };
    },
  };
}
