import type { ChannelName, RequestOf, ResponseOf } from './contract';
import type { EventMap, EventName } from './events';
import type { IpcResult } from './result';

/** What window.signet looks like in the renderer. */
export type SignetBridge = {
  [C in ChannelName]: (request: RequestOf<C>) => Promise<IpcResult<ResponseOf<C>>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void;
  /** Electron's webUtils.getPathForFile for dropped files ('' when the File has no path). */
  getPathForFile(file: DroppedFile): string;
};

/** A file dropped on the window: the DOM's File in the renderer, which shared/ (no DOM types) cannot name. */
interface DroppedFile {
  readonly name: string;
  readonly size: number;
}
