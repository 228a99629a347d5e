import type { PinentryBridge, PinentryChannelName, PinentryPromptView } from '../../shared/ipc/pinentry';
import type { IpcResult } from '../../shared/ipc/result';

const UNREACHABLE = 'Signet could not reach its main process. Please restart Signet.';

/**
 * window.pinentry: submit and cancel, and the prompt main pushes (held until the page listens). Built
 * over Electron's IPC by the pinentry preload, over a Playwright binding by the e2e harness.
 */
export function createPinentryBridge(
  invoke: (channel: PinentryChannelName, request: unknown) => Promise<unknown>,
  subscribe: (listener: (prompt: unknown) => void) => void,
): PinentryBridge {
  let latest: PinentryPromptView | null = null;
  let deliver: ((prompt: PinentryPromptView) => void) | null = null;
  subscribe((prompt) => {
    latest = prompt as PinentryPromptView;
    deliver?.(latest);
  });
  const call = async <T>(channel: PinentryChannelName, request: unknown): Promise<IpcResult<T>> => {
    try {
      const raw = (await invoke(channel, request)) as IpcResult<T> | null;
      if (raw && typeof raw === 'object' && (raw.ok === true || raw.ok === false)) return raw;
    } catch {
      // Transport failures carry internals; the page gets a sentence.
    }
    return { ok: false, error: UNREACHABLE };
  };
  return Object.freeze({
    onPrompt(listener: (prompt: PinentryPromptView) => void) {
      deliver = listener;
      if (latest) queueMicrotask(() => latest && listener(latest));
    },
    submit: (passphrase: string, repeat?: string, keep?: boolean) =>
      call<{ accepted: boolean; error?: string }>('pinentrySubmit', {
        passphrase,
        ...(repeat === undefined ? {} : { repeat }),
        ...(keep ? { keep: true } : {}),
      }),
    cancel: () => call<{ cancelled: boolean }>('pinentryCancel', {}),
  });
}
