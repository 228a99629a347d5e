import type { KeyInfo } from '../../shared/ipc/contract';
import { BridgeError, call, errorSentence } from '../lib/bridge';
import type { LoadStatus, SliceCreator } from './types';

export interface KeysSlice {
  keys: { list: KeyInfo[]; status: LoadStatus; error: string | null };
  loadKeys(): Promise<void>;
  /** The passphrase goes straight into the request; nothing here keeps it. Throws BridgeError. */
  createKey(name: string, passphrase: string): Promise<KeyInfo>;
  importKey(name: string, secretKeyFile: string, passphrase: string): Promise<KeyInfo>;
  deleteKey(keyId: string, typedName: string): Promise<void>;
}

export const createKeysSlice: SliceCreator<KeysSlice> = (set, get) => ({
  keys: { list: [], status: 'idle', error: null },

  async loadKeys() {
    set((state) => ({ keys: { ...state.keys, status: 'loading', error: null } }));
    try {
      const { keys } = await call('listKeys', {});
      set({ keys: { list: keys, status: 'ready', error: null } });
    } catch (error) {
      set((state) => ({ keys: { ...state.keys, status: 'failed', error: errorSentence(error) } }));
    }
  },

  async createKey(name, passphrase) {
    const { key } = await call('createKey', { name, passphrase });
    await get().loadKeys();
    return key;
  },

  async importKey(name, secretKeyFile, passphrase) {
    const { key } = await call('importKey', { name, secretKeyFile, passphrase });
    await get().loadKeys();
    return key;
  },

  async deleteKey(keyId, typedName) {
    const { deleted } = await call('deleteKey', { keyId, typedName });
    if (!deleted)
      throw new BridgeError('The key was not deleted. Type its name exactly as shown and try again.');
    await get().loadKeys();
  },
});
