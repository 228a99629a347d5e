import type { TrustedSignerInfo } from '../../shared/ipc/contract';
import { call, errorSentence } from '../lib/bridge';
import type { LoadStatus, SliceCreator } from './types';

export interface AddSignerInput {
  name: string;
  note?: string;
  keyText?: string;
  keyFile?: string;
  /** The file whose verdict card asked to trust its signer. */
  forFile?: string;
}

export interface TrustSlice {
  trusted: {
    list: TrustedSignerInfo[];
    /** False where the organisation alone decides who is trusted on this computer. */
    userMayAdd: boolean;
    status: LoadStatus;
    error: string | null;
  };
  loadTrusted(): Promise<void>;
  /** Throws BridgeError with a plain sentence when the key cannot be read. */
  addTrusted(input: AddSignerInput): Promise<TrustedSignerInfo>;
  removeTrusted(keyId: string): Promise<void>;
}

export const createTrustSlice: SliceCreator<TrustSlice> = (set, get) => ({
  trusted: { list: [], userMayAdd: true, status: 'idle', error: null },

  async loadTrusted() {
    set((state) => ({ trusted: { ...state.trusted, status: 'loading', error: null } }));
    try {
      const { signers, userMayAdd } = await call('listTrusted', {});
      set({ trusted: { list: signers, userMayAdd, status: 'ready', error: null } });
    } catch (error) {
      set((state) => ({ trusted: { ...state.trusted, status: 'failed', error: errorSentence(error) } }));
    }
  },

  async addTrusted(input) {
    const note = input.note?.trim();
    const { signer } = await call('addTrusted', {
      name: input.name,
      ...(note ? { note } : {}),
      ...(input.keyText ? { keyText: input.keyText } : {}),
      ...(input.keyFile ? { keyFile: input.keyFile } : {}),
      ...(input.forFile ? { forFile: input.forFile } : {}),
    });
    await get().loadTrusted();
    return signer;
  },

  async removeTrusted(keyId) {
    await call('removeTrusted', { keyId });
    await get().loadTrusted();
  },
});
