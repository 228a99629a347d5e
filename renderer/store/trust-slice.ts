import type { TrustedSignerInfo } from '../../shared/ipc/contract';
import { call, errorSentence } from '../lib/bridge';
import type { LoadStatus, SliceCreator } from './types';

interface AddSignerInput {
  name: string;
  note?: string;
  keyText?: string;
  keyFile?: string;
  /** The file whose verdict card asked to trust its signer. */
  forFile?: string;
}

interface AddIdentityInput {
  name: string;
  note?: string;
  identity: string;
  issuer: string;
}

interface AddPublisherInput {
  name: string;
  note?: string;
  certificateFile?: string;
  certificateText?: string;
}

export interface TrustSlice {
  trusted: {
    list: TrustedSignerInfo[];
    /** False where the organisation alone decides who is trusted on this computer. */
    userMayAdd: boolean;
    /** Why the organisation's policy cannot be read, when it cannot: nothing is verified meanwhile. */
    policyUnreadable?: string;
    status: LoadStatus;
    error: string | null;
  };
  loadTrusted(): Promise<void>;
  /**
   * Adds a public key (minisign, SSH, OpenPGP); a file of several OpenPGP certificates adds each.
   * Throws BridgeError with a plain sentence when the key cannot be read.
   */
  addTrusted(input: AddSignerInput): Promise<TrustedSignerInfo[]>;
  addTrustedIdentity(input: AddIdentityInput): Promise<TrustedSignerInfo>;
  addTrustedPublisher(input: AddPublisherInput): Promise<TrustedSignerInfo>;
  removeTrusted(keyId: string): Promise<void>;
  /** The person's own signers as an organisation policy file, saved where main's dialog says (null: cancelled). */
  exportPolicy(): Promise<{ savedTo: string | null; count: number }>;
}

const withNote = (note: string | undefined) => {
  const trimmed = note?.trim();
  return trimmed ? { note: trimmed } : {};
};

export const createTrustSlice: SliceCreator<TrustSlice> = (set, get) => ({
  trusted: { list: [], userMayAdd: true, status: 'idle', error: null },

  async exportPolicy() {
    return call('exportPolicy', {});
  },

  async loadTrusted() {
    set((state) => ({ trusted: { ...state.trusted, status: 'loading', error: null } }));
    try {
      const { signers, userMayAdd, policyUnreadable } = await call('listTrusted', {});
      set({
        trusted: {
          list: signers,
          userMayAdd,
          ...(policyUnreadable ? { policyUnreadable } : {}),
          status: 'ready',
          error: null,
        },
      });
    } catch (error) {
      set((state) => ({ trusted: { ...state.trusted, status: 'failed', error: errorSentence(error) } }));
    }
  },

  async addTrusted(input) {
    const { signers } = await call('addTrusted', {
      name: input.name,
      ...withNote(input.note),
      ...(input.keyText ? { keyText: input.keyText } : {}),
      ...(input.keyFile ? { keyFile: input.keyFile } : {}),
      ...(input.forFile ? { forFile: input.forFile } : {}),
    });
    await get().loadTrusted();
    return signers;
  },

  async addTrustedIdentity(input) {
    const { signer } = await call('addTrustedIdentity', {
      name: input.name,
      ...withNote(input.note),
      identity: input.identity,
      issuer: input.issuer,
    });
    await get().loadTrusted();
    return signer;
  },

  async addTrustedPublisher(input) {
    const { signer } = await call('addTrustedPublisher', {
      name: input.name,
      ...withNote(input.note),
      ...(input.certificateFile ? { certificateFile: input.certificateFile } : {}),
      ...(input.certificateText ? { certificateText: input.certificateText } : {}),
    });
    await get().loadTrusted();
    return signer;
  },

  async removeTrusted(keyId) {
    await call('removeTrusted', { keyId });
    await get().loadTrusted();
  },
});
