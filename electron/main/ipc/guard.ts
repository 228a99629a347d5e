import type { z } from 'zod';
import { type ChannelName, channels } from '../../../shared/ipc/contract';
import { type PinentryChannelName, pinentryChannels } from '../../../shared/ipc/pinentry';
import type { IpcResult } from '../../../shared/ipc/result';
import { isSignetError, plainMessage } from '../../core/errors';
import { isAppUrl } from '../app-origin';
import type { Handlers } from '../handlers/types';

/** The frame a request came from, as Electron's event.senderFrame (or the e2e harness's frame) says. */
export interface IpcSender {
  url: string;
  isMainFrame: boolean;
  /**
   * Which of main's windows sent it, as main knows by the sender's web contents (never by anything the
   * page says). The passphrase window may call only its own two channels, and only it may call them.
   * Absent means the main window (the e2e harness and tests have only that one).
   */
  window?: 'main' | 'pinentry' | 'other';
}

/** The passphrase window's handlers (../pinentry/pinentry-service.ts). */
export type PinentryHandlers = {
  [C in PinentryChannelName]: (
    request: z.output<(typeof pinentryChannels)[C]['request']>,
  ) => Promise<unknown>;
};

export interface DispatchPolicy {
  /** Which page URLs may call; the app allows only app://signet/. The e2e harness passes its test origin. */
  isAllowedSenderUrl?: (url: string) => boolean;
  /** Told about failures that are not SignetErrors (bugs), for the main process's own log. */
  onUnexpectedError?: (channel: ChannelName, error: unknown) => void;
}

const REFUSED_SENDER = 'This request did not come from the Signet window, so it was refused.';
const UNKNOWN_CHANNEL = 'Signet does not know that request, so it was refused.';

/**
 * The one door into the main process: refuses unknown channels and foreign or embedded senders,
 * validates the request against the channel's schema, runs the handler, and returns either the value
 * or a plain sentence (never a stack, never the request's own values).
 */
export async function dispatch(
  handlers: Handlers,
  channel: unknown,
  rawRequest: unknown,
  sender: IpcSender | null | undefined,
  policy: DispatchPolicy = {},
): Promise<IpcResult<unknown>> {
  // The sender first: a page that is not ours learns nothing, not even which channels exist.
  if (!isOurFrame(sender, policy) || (sender.window ?? 'main') !== 'main') {
    return { ok: false, error: REFUSED_SENDER };
  }
  if (!isKnownChannel(channel)) return { ok: false, error: UNKNOWN_CHANNEL };
  const parsed = channels[channel].request.safeParse(rawRequest);
  if (!parsed.success) return { ok: false, error: describeInvalidRequest(parsed.error) };
  try {
    // The schema and the handler come from the same channel entry; TypeScript cannot see that through
    // the union, hence the one cast.
    const handler = handlers[channel] as (request: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data) };
  } catch (error) {
    if (!isSignetError(error)) policy.onUnexpectedError?.(channel, error);
    return {
      ok: false,
      error: plainMessage(error),
      ...(isSignetError(error) && error.kind === 'cancelled' ? { cancelled: true as const } : {}),
    };
  }
}

/**
 * The passphrase window's door: only that window, only its two channels. A request from the main
 * window (or anywhere else) is refused before its channel is even looked at.
 */
export async function dispatchPinentry(
  handlers: PinentryHandlers,
  channel: unknown,
  rawRequest: unknown,
  sender: IpcSender | null | undefined,
  policy: DispatchPolicy = {},
): Promise<IpcResult<unknown>> {
  if (!isOurFrame(sender, policy) || sender.window !== 'pinentry')
    return { ok: false, error: REFUSED_SENDER };
  if (typeof channel !== 'string' || !Object.hasOwn(pinentryChannels, channel)) {
    return { ok: false, error: UNKNOWN_CHANNEL };
  }
  const name = channel as PinentryChannelName;
  const parsed = pinentryChannels[name].request.safeParse(rawRequest);
  // Never describe a passphrase request's fields: the value must not come back in any form.
  if (!parsed.success) return { ok: false, error: 'The request was refused because it was not valid.' };
  try {
    const handler = handlers[name] as (request: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data) };
  } catch (error) {
    return { ok: false, error: plainMessage(error) };
  }
}

function isOurFrame(sender: IpcSender | null | undefined, policy: DispatchPolicy): sender is IpcSender {
  const allowed = policy.isAllowedSenderUrl ?? isAppUrl;
  return sender?.isMainFrame === true && typeof sender.url === 'string' && allowed(sender.url);
}

function isKnownChannel(channel: unknown): channel is ChannelName {
  return typeof channel === 'string' && Object.hasOwn(channels, channel);
}

/**
 * Names the fields that were wrong, in words. Zod's messages describe the expected shape; they do not
 * repeat the value, so a passphrase sent in the wrong place is never echoed back.
 */
function describeInvalidRequest(error: z.ZodError): string {
  const problems = error.issues.slice(0, 3).map((issue) => {
    const field = issue.path.map(String).join('.');
    const text = issue.message.replace(/\s+/g, ' ').trim().slice(0, 200);
    return field === '' ? text : `${field}: ${text}`;
  });
  const more = error.issues.length > 3 ? ` (and ${error.issues.length - 3} more)` : '';
  return `The request was refused because it was not valid: ${problems.join('; ')}${more}.`;
}
