import { z } from 'zod';
import type { IpcResult } from './result';
import { passphrase } from './schemas';

/**
 * The passphrase window's own channels (main's pinentry). Only that window may call them, and it may
 * call nothing else: the guard checks which window sent a request, not only its URL.
 */
export const pinentryChannels = {
  pinentrySubmit: {
    /** `keep`: where main offers it, keep the key's own passphrase instead of a new one. */
    request: z.strictObject({ passphrase, repeat: passphrase.optional(), keep: z.literal(true).optional() }),
    response: {} as { accepted: boolean; error?: string },
  },
  pinentryCancel: { request: z.strictObject({}), response: {} as { cancelled: boolean } },
} as const;
export type PinentryChannelName = keyof typeof pinentryChannels;
export const pinentryChannelNames = Object.keys(pinentryChannels) as PinentryChannelName[];

/** What the passphrase window shows; every word written by main. */
export interface PinentryPromptView {
  title: string;
  description: string;
  isNew: boolean;
  /** With isNew: the person may keep the key's current passphrase instead (an imported key). */
  mayKeep?: boolean;
  /** "Try 2 of 3: that passphrase does not unlock this key." */
  attemptText?: string;
}

/** The one event main pushes to the passphrase window: the prompt to show (again, after a wrong try). */
export const PINENTRY_PROMPT_EVENT = 'pinentryPrompt';

/** window.pinentry in the passphrase window: exactly two calls, and the prompt main pushes to it. */
export interface PinentryBridge {
  onPrompt(listener: (prompt: PinentryPromptView) => void): void;
  submit(
    passphrase: string,
    repeat?: string,
    keep?: boolean,
  ): Promise<IpcResult<{ accepted: boolean; error?: string }>>;
  cancel(): Promise<IpcResult<{ cancelled: boolean }>>;
}
