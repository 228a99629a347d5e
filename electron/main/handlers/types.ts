import type { z } from 'zod';
import type {
  ChannelName,
  channels,
  EventMap,
  EventName,
  FilePurpose,
  KeyInfo,
  ResponseOf,
} from '../../../shared/ipc/contract';
import type { MinisignSecretKey } from '../../core/formats/minisign/secret-key';
import type { DigestAlgorithm, DigestOptions, Digests } from '../../core/hashing/digest-algorithms';
import type { TrustedSigner } from '../../core/trust/trust-store';

/** A request after its schema has checked it (trimmed names, defaults applied). */
export type ValidRequest<C extends ChannelName> = z.output<(typeof channels)[C]['request']>;

export type Handler<C extends ChannelName> = (request: ValidRequest<C>) => Promise<ResponseOf<C>>;

/** One handler per channel: the compiler refuses a Handlers object that misses or adds one. */
export type Handlers = { [C in ChannelName]: Handler<C> };

/**
 * What the handlers need from the keystore. The core's Keystore class satisfies it; the e2e harness
 * passes the real one too. Declared structurally so handlers do not depend on the keystore's file layout.
 */
export interface KeystorePort {
  list(): Promise<KeyInfo[]>;
  create(input: { name: string; passphrase: string }): Promise<KeyInfo>;
  importSecretKey(input: { name: string; secretKeyText: string; passphrase: string }): Promise<KeyInfo>;
  publicKeyText(id: string): Promise<string>;
  backup(id: string, destination: string): Promise<void>;
  remove(id: string, typedName: string): Promise<void>;
  unlock(id: string, passphrase: string): Promise<MinisignSecretKey>;
}

/** What the handlers need from the trust list (electron/core/trust/trust-store.ts TrustStore). */
export interface TrustPort {
  list(): Promise<TrustedSigner[]>;
  add(input: { keyText: string; name: string; note?: string }): Promise<TrustedSigner>;
  remove(keyId: string): Promise<void>;
  userMayAdd(): Promise<boolean>;
}

/** Native dialogs live in the Electron glue; the e2e harness answers them itself. */
export interface DialogsPort {
  /** Absolute paths the person chose; empty when they cancelled. */
  openFiles(purpose: FilePurpose, multiple: boolean): Promise<string[]>;
  /** Absolute destination, or null when they cancelled. */
  saveFile(defaultName: string, purpose: FilePurpose): Promise<string | null>;
}

export interface ShellPort {
  revealInFolder(path: string): Promise<void>;
  openExternal(url: string): Promise<void>;
}

export type EmitEvent = <E extends EventName>(event: E, payload: EventMap[E]) => void;

/**
 * Hashing that may run off the main thread. Same shape as core digestFile so a worker-backed
 * implementation (electron/main/worker-hashing.ts) and the in-process one are interchangeable.
 */
export interface HashingPort {
  digestFile(path: string, algorithms: readonly DigestAlgorithm[], options?: DigestOptions): Promise<Digests>;
}

export interface HandlerDeps {
  keystore: KeystorePort;
  trust: TrustPort;
  /** Folder of the append-only signing log. */
  activityDir: string;
  dialogs: DialogsPort;
  shell: ShellPort;
  emit: EmitEvent;
  /** Defaults to the core's in-process digestFile. */
  hashing?: HashingPort;
  /** Which URLs openExternal may open; defaults to EXTERNAL_URL_ALLOW_LIST. */
  externalUrlAllowList?: readonly string[];
  /** Called when the last running job ends (the taskbar progress bar is cleared then). */
  onJobsIdle?: () => void;
  /** Clock for progress rates and activity times; tests replace it. */
  now?: () => number;
}
