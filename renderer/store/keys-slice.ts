import type { KeyInfo } from '../../shared/ipc/contract';
import { call, errorSentence } from '../lib/bridge';
import type { LoadStatus, SliceCreator } from './types';

export interface KeysSlice {
  keys: {
    list: KeyInfo[];
    status: LoadStatus;
    error: string | null;
    extendable?: string[];
    /** Keys whose backup includes a revocation certificate. */
    withRevocation?: string[];
    /** Keys that may announce a successor of their own kind. */
    announces?: string[];
  };
  loadKeys(): Promise<void>;
  /** main asks for the passphrase in its own window; the page never holds it. Throws BridgeError. */
  createKey(name: string, openpgp?: { email: string; rsa: boolean }): Promise<KeyInfo>;
  importKey(name: string, secretKeyFile: string): Promise<KeyInfo>;
  /** main asks the passphrase in its own window; the list is reloaded with the new expiry. */
  extendKey(keyId: string): Promise<KeyInfo>;
  /** main asks the person in its own dialog; false when they said no there. */
  deleteKey(keyId: string): Promise<boolean>;
  /**
   * A copy of the encrypted key through main's save dialog (main confirms first): its path and its
   * revocation certificate's, or null when the person cancelled. The key list is reloaded so its
   * card shows the backup.
   */
  backupKey(keyId: string): Promise<{ savedTo: string; revocation?: string } | null>;
}

export const createKeysSlice: SliceCreator<KeysSlice> = (set, get) => ({
  keys: { list: [], status: 'idle', error: null },

  async loadKeys() {
    set((state) => ({ keys: { ...state.keys, status: 'loading', error: null } }));
    try {
      const { keys, extendable, withRevocation, announces } = await call('listKeys', {});
      set({
        keys: {
          list: keys,
          status: 'ready',
          error: null,
          ...(extendable ? { extendable } : {}),
          ...(withRevocation ? { withRevocation } : {}),
          ...(announces ? { announces } : {}),
        },
      });
    } catch (error) {
      set((state) => ({ keys: { ...state.keys, status: 'failed', error: errorSentence(error) } }));
    }
  },

  async createKey(name, openpgp) {
    const { key } = await call('createKey', { name, ...(openpgp ?? {}) });
    await get().loadKeys();
    return key;
  },

  async importKey(name, secretKeyFile) {
    const { key } = await call('importKey', { name, secretKeyFile });
    await get().loadKeys();
    return key;
  },

  async extendKey(keyId) {
    const { key } = await call('extendKey', { keyId });
    await get().loadKeys();
    return key;
  },

  async backupKey(keyId) {
    const { savedTo, revocation } = await call('backupKey', { keyId });
    if (!savedTo) return null;
    await get().loadKeys();
    return { savedTo, ...(revocation ? { revocation } : {}) };
  },

  async deleteKey(keyId) {
    const { deleted } = await call('deleteKey', { keyId });
    await get().loadKeys();
    return deleted;
  },
});
