import type { SignetBridge } from '../../shared/ipc/bridge';
import type { ChannelName, RequestOf, ResponseOf } from '../../shared/ipc/contract';
import type { IpcResult } from '../../shared/ipc/result';

/** A failure the person can read: the main process already phrased it as a plain sentence. */
class BridgeError extends Error {
  override name = 'BridgeError';
  /** The person's own choice (a dialog cancelled), said calmly rather than as an error. */
  cancelled = false;
}

const unreachable =
  'Signet could not reach its background process. Close Signet and open it again; nothing was changed.';

export function hasBridge(): boolean {
  return typeof window !== 'undefined' && typeof window.signet === 'object' && window.signet !== null;
}

export function bridge(): SignetBridge {
  if (!hasBridge()) throw new BridgeError(unreachable);
  return window.signet;
}

/** Calls one channel and unwraps its result: the value, or a BridgeError carrying the plain sentence. */
export async function call<C extends ChannelName>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
  const method = bridge()[channel] as (request: RequestOf<C>) => Promise<IpcResult<ResponseOf<C>>>;
  let result: IpcResult<ResponseOf<C>>;
  try {
    result = await method(request);
  } catch {
    throw new BridgeError(unreachable);
  }
  if (!result.ok) {
    const failure = new BridgeError(result.error);
    failure.cancelled = result.cancelled === true;
    throw failure;
  }
  return result.value;
}

/** Whether a call ended because the person cancelled in one of main's dialogs or windows. */
export function wasCancelled(error: unknown): boolean {
  return error instanceof BridgeError && error.cancelled;
}

/** The sentence to show for anything thrown on the way. */
export function errorSentence(error: unknown): string {
  if (error instanceof BridgeError) return error.message;
  return 'Something went wrong inside Signet. Nothing was changed.';
}
