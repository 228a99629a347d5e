import type { SliceCreator } from './types';

export const screens = ['verify', 'sign', 'keys', 'trusted', 'activity', 'settings'] as const;
export type ScreenId = (typeof screens)[number];

/** Set when a person chose "Trust this signer" on a verdict, so the Trusted signers screen can help. */
interface TrustRequest {
  keyId: string;
  file: string;
}

export interface NavigationSlice {
  screen: ScreenId;
  /** How many times the person changed screens; 0 at start, so the first screen does not steal focus. */
  navigations: number;
  trustRequest: TrustRequest | null;
  navigate(screen: ScreenId): void;
  requestTrust(request: TrustRequest): void;
  clearTrustRequest(): void;
}

export const createNavigationSlice: SliceCreator<NavigationSlice> = (set) => ({
  screen: 'verify',
  navigations: 0,
  trustRequest: null,
  navigate: (screen) => set((state) => ({ screen, navigations: state.navigations + 1 })),
  requestTrust: (trustRequest) =>
    set((state) => ({ trustRequest, screen: 'trusted', navigations: state.navigations + 1 })),
  clearTrustRequest: () => set({ trustRequest: null }),
});
