import type { SignetBridge } from '../../shared/ipc/bridge';
import type { ChannelName } from '../../shared/ipc/contract';
import type { EventMap, EventName } from '../../shared/ipc/events';
import type { IpcResult } from '../../shared/ipc/result';

/**
 * The channel names, listed here rather than imported so the sandboxed preload does not bundle zod and
 * the schemas. The two checks below make the compiler refuse a list that drifts from the contract.
 */
export const BRIDGE_CHANNELS = [
  'verifyFiles',
  'compareChecksum',
  'cancelJob',
  'trustSignerOfFile',
  'existingSignatures',
  'previewTrustedComment',
  'signFiles',
  'signWithKeys',
  'signKeyless',
  'listKeys',
  'createKey',
  'importKey',
  'publicKeyText',
  'savePublicKey',
  'backupKey',
  'announceKeyTransition',
  'deleteKey',
  'extendKey',
  'tokenCertificates',
  'addTokenKey',
  'listTrusted',
  'addTrusted',
  'addTrustedIdentity',
  'addTrustedPublisher',
  'removeTrusted',
  'listActivity',
  'chooseFiles',
  'revealInFolder',
  'openExternal',
  // Release kit
  'releaseKit',
  'saveReleaseKit',
  'signingStyles',
  'downloadCheckStatus',
  'setDownloadCheck',
  // The organisation's policy
  'policyInForce',
  'exportPolicy',
] as const satisfies readonly ChannelName[];
const everyChannelListed: Exclude<ChannelName, (typeof BRIDGE_CHANNELS)[number]> extends never
  ? true
  : false = true;
void everyChannelListed;

export const BRIDGE_EVENTS = ['jobProgress', 'openFiles'] as const satisfies readonly EventName[];
const everyEventListed: Exclude<EventName, (typeof BRIDGE_EVENTS)[number]> extends never ? true : false =
  true;
void everyEventListed;

/** Sends one request on one channel; the transport (ipcRenderer.invoke, a Playwright binding) is the caller's. */
export type InvokeChannel = (channel: ChannelName, request: unknown) => Promise<unknown>;
/** Listens to one event; returns the function that stops listening. Only the payload reaches the listener. */
export type SubscribeEvent = (event: EventName, listener: (payload: unknown) => void) => () => void;

const UNREACHABLE = 'Signet could not reach its main process. Please restart Signet.';

/**
 * Builds window.signet: exactly one method per channel, `on` for the contract's events, and
 * getPathForFile. The preload builds it over Electron's IPC; the e2e harness builds the same object over
 * Playwright's exposeBinding, so both exercise identical renderer-facing behaviour.
 */
export function createBridge(
  invoke: InvokeChannel,
  subscribe: SubscribeEvent,
  getPathForFile: (file: File) => string,
): SignetBridge {
  const bridge: Record<string, unknown> = {};
  for (const channel of BRIDGE_CHANNELS) {
    bridge[channel] = async (request: unknown): Promise<IpcResult<unknown>> => {
      try {
        return toResult(await invoke(channel, request));
      } catch {
        // Transport failures (a request that cannot be cloned, a missing handler) carry Electron's
        // internals in their message: the renderer only gets a sentence.
        return { ok: false, error: UNREACHABLE };
      }
    };
  }
  const buffered = bufferUntilFirstListener('openFiles', subscribe);
  bridge.on = <E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): (() => void) => {
    if (!(BRIDGE_EVENTS as readonly string[]).includes(event)) {
      throw new TypeError(`Unknown Signet event: ${String(event)}`);
    }
    if (typeof listener !== 'function') throw new TypeError('The listener must be a function.');
    const deliver = (payload: unknown) => listener(payload as EventMap[E]);
    const unsubscribe = event === 'openFiles' ? buffered.listen(deliver) : subscribe(event, deliver);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      unsubscribe();
    };
  };
  bridge.getPathForFile = (file: File): string => {
    try {
      return getPathForFile(file);
    } catch {
      return '';
    }
  };
  return Object.freeze(bridge) as SignetBridge;
}

/**
 * Files handed to the app at launch arrive before the page has had a chance to subscribe. They are held
 * from the moment the bridge exists and given to the first listener, so none is lost to that race.
 */
function bufferUntilFirstListener(event: EventName, subscribe: SubscribeEvent) {
  const held: unknown[] = [];
  const listeners = new Set<(payload: unknown) => void>();
  subscribe(event, (payload) => {
    if (listeners.size === 0) held.push(payload);
    for (const listener of listeners) listener(payload);
  });
  return {
    listen(listener: (payload: unknown) => void): () => void {
      listeners.add(listener);
      const backlog = held.splice(0);
      // Later, not during on(): the page's subscribe call should not run its handler re-entrantly.
      if (backlog.length > 0) {
        queueMicrotask(() => {
          for (const payload of backlog) listener(payload);
        });
      }
      return () => listeners.delete(listener);
    },
  };
}

/** Anything that is not a well-formed result is reported as a failure, never passed on as a value. */
function toResult(raw: unknown): IpcResult<unknown> {
  if (typeof raw === 'object' && raw !== null) {
    const result = raw as { ok?: unknown; value?: unknown; error?: unknown; cancelled?: unknown };
    if (result.ok === true) return { ok: true, value: result.value };
    if (result.ok === false && typeof result.error === 'string') {
      return { ok: false, error: result.error, ...(result.cancelled === true ? { cancelled: true } : {}) };
    }
  }
  return { ok: false, error: UNREACHABLE };
}
