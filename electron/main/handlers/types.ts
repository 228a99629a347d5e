import type { z } from 'zod';
import type {
  ChannelName,
  channels,
  DownloadCheckStatus,
  FilePurpose,
  KeyInfo,
  ResponseOf,
} from '../../../shared/ipc/contract';
import type { EventMap, EventName } from '../../../shared/ipc/events';
import type { TrustMaterial } from '../../core/formats/format-module';
import type { MinisignSecretKey } from '../../core/formats/minisign-keys';
import type { DigestAlgorithm, DigestOptions, Digests } from '../../core/hashing/digest-algorithms';
import type { NewKeyRecord } from '../../core/keystore/keystore';
import type { ManagedPolicy } from '../../core/policy/managed-policy';
import type { StoredEntry } from '../../core/trust/trust-entry';
import type { CertificateUpdate, TrustedEntry, TrustedSigner } from '../../core/trust/trust-store';
import type { GrantRegistry } from '../grants/grant-registry';

/** A request after its schema has checked it (trimmed names, defaults applied). */
type ValidRequest<C extends ChannelName> = z.output<(typeof channels)[C]['request']>;

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
  /** Reads a secret key file's text without storing it: is it encrypted, and which key is it (when that is readable)? */
  inspectSecretKey(secretKeyText: string): { encrypted: boolean };
  importSecretKey(input: {
    name: string;
    secretKeyText: string;
    /** Opens the file (ignored for an unencrypted file). */
    passphrase: string;
    /** Protects the stored copy; defaults to `passphrase`. A function is asked once the file has opened. */
    newPassphrase?: string | (() => Promise<string>);
  }): Promise<KeyInfo>;
  publicKeyText(id: string): Promise<string>;
  backup(id: string, destination: string): Promise<void>;
  /** Notes that a backup was made now, so the key's card can say so. */
  recordBackup(id: string): Promise<KeyInfo>;
  /** Replaces a key's file and record together (an OpenPGP key's expiry extended). */
  rewrite(
    id: string,
    change: { keyFile: string | Uint8Array; publicKey: string; expiresAt?: string },
  ): Promise<KeyInfo>;
  /** Marks a key retired in favour of another (a signed transition statement announced it). */
  recordRetirement(id: string, retired: NonNullable<KeyInfo['retired']>): Promise<KeyInfo>;
  /** Moves the key's files with `moveToTrash` (the OS trash in the app); never unlinks them. */
  trash(id: string, moveToTrash: (path: string) => Promise<void>): Promise<void>;
  unlock(id: string, passphrase: string): Promise<MinisignSecretKey>;
  /** Files a key of another kind, made by its format's code (an OpenPGP key, a PKCS#12 certificate file, a certificate on a hardware token). */
  add(input: NewKeyRecord): Promise<KeyInfo>;
  /** A key's record and key file as stored, for its format's code to open. */
  readKeyFile(id: string): Promise<{ info: KeyInfo; keyFile: Buffer }>;
}

/** What the handlers need from the trust list (electron/core/trust/trust-store.ts TrustStore). */
export interface TrustPort {
  list(): Promise<TrustedSigner[]>;
  /** The organisation's policy in force, every source merged; throws when it cannot be read. */
  managedPolicy(): Promise<ManagedPolicy>;
  /** Every entry: keys, certificates, keyless identities and publishers. */
  listAll(): Promise<TrustedEntry[]>;
  add(input: { keyText: string; name: string; note?: string; addedFrom?: string }): Promise<TrustedSigner>;
  /** One entry per key in the input (a file of OpenPGP certificates adds each). */
  addAll(input: {
    keyText: string;
    keyBytes?: Uint8Array;
    name: string;
    note?: string;
    addedFrom?: string;
  }): Promise<TrustedSigner[]>;
  addIdentity(input: {
    entry: (name: string, addedAt: string) => StoredEntry;
    name: string;
  }): Promise<TrustedEntry>;
  addPublisher(input: {
    certificate: Uint8Array;
    name: string;
    note?: string;
    addedFrom?: string;
  }): Promise<TrustedEntry>;
  remove(keyId: string): Promise<void>;
  userMayAdd(): Promise<boolean>;
  /** A newer copy (or a revocation) of trusted OpenPGP certificates, merged in; undefined when none is trusted. */
  updateCertificates(input: {
    keyText: string;
    keyBytes?: Uint8Array;
  }): Promise<CertificateUpdate[] | undefined>;
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
  /** shell.trashItem in the app: the file goes to the OS trash, from where the person can restore it. */
  trashItem(path: string): Promise<void>;
}

/** What main asks the person in its own native dialog; every word is built by main from its own data. */
export interface Confirmation {
  title: string;
  /** The question, one line: what will happen. */
  message: string;
  /** The facts: names, full key ids, files. */
  detail: string;
  /** The button that goes ahead ("Trust", "Replace", ...); Cancel is the default. */
  confirmLabel: string;
}

/**
 * Native dialogs owned by main, parented to the window; the page cannot see or answer them. The
 * page's request means "the person wants to", never "the person confirmed".
 */
export interface ConfirmPort {
  confirm(request: Confirmation): Promise<boolean>;
  /**
   * Three buttons: Cancel (the default), `confirmLabel` and `alternativeLabel` (a second way to go
   * ahead, such as "Skip those that exist" beside "Replace"). The app's and the harness's ports have
   * it; a port without it offers only the first two.
   */
  choose?(
    request: Confirmation & { alternativeLabel: string },
  ): Promise<'confirm' | 'alternative' | 'cancel'>;
}

/** One prompt in main's own passphrase window (pinentry); main writes every word of it. */
export interface PassphrasePrompt {
  title: string;
  /** Which key, and why it is needed. */
  description: string;
  /** A new passphrase: the window asks for it twice and shows a strength hint. */
  isNew?: boolean;
  /**
   * With isNew: the window also offers to keep the key's current passphrase; the answer is then
   * '' (which no new passphrase can be: the window refuses an empty one).
   */
  mayKeep?: boolean;
  /** "Try 2 of 3" and what went wrong last time. */
  attempt?: { number: number; of: number; error: string };
}

export interface PassphrasePort {
  /** The passphrase typed, or null when the person cancelled. */
  ask(prompt: PassphrasePrompt): Promise<string | null>;
}

export type EmitEvent = <E extends EventName>(event: E, payload: EventMap[E]) => void;

/**
 * Hashing that may run off the main thread. Same shape as core digestFile so a worker-backed
 * implementation (electron/main/worker-hashing.ts) and the in-process one are interchangeable.
 */
export interface HashingPort {
  digestFile(path: string, algorithms: readonly DigestAlgorithm[], options?: DigestOptions): Promise<Digests>;
}

/** A private Sigstore instance's files (signing configuration and trusted root), when one is set. */
export interface KeylessInstancePort {
  files(): Promise<{
    signingConfig?: { bytes: Uint8Array; source: string };
    trustedRoot?: { bytes: Uint8Array; source: string };
  }>;
}

export interface HandlerDeps {
  keystore: KeystorePort;
  trust: TrustPort & TrustMaterialPort;
  /** Folder of the append-only signing log. */
  activityDir: string;
  dialogs: DialogsPort;
  shell: ShellPort;
  confirm: ConfirmPort;
  /**
   * Which Sigstore keyless signing uses when the organisation's policy names none; public-good (or
   * the environment's) when absent.
   */
  keylessInstance?: KeylessInstancePort;
  passphrases: PassphrasePort;
  /** The files the person handed over; every path a request names must be in it. */
  grants: GrantRegistry;
  emit: EmitEvent;
  /** Defaults to the core's in-process digestFile. */
  hashing?: HashingPort;
  /** Which URLs openExternal may open; defaults to EXTERNAL_URL_ALLOW_LIST. */
  externalUrlAllowList?: readonly string[];
  /** Called when the last running job ends (the taskbar progress bar is cleared then). */
  onJobsIdle?: () => void;
  /** Clock for progress rates and activity times; tests replace it. */
  now?: () => number;
  /** The download check (settings-handlers.ts); absent where there is none (then its channels refuse). */
  downloadChecks?: DownloadChecksPort;
  /**
   * Which public-good Sigstore root checks use (formats/sigstore-root.ts: kept current through TUF
   * in the config folder, or the organisation's pinned one), asked at each job so a changed policy
   * applies without a restart; absent, the built-in root and no network.
   */
  sigstoreRoot?: () => Promise<Pick<TrustMaterial, 'sigstoreTrustedRoot' | 'sigstoreRootUpdate'>>;
}

/** What the settings channels need: electron/main/downloads/download-checks.ts DownloadChecks. */
export interface DownloadChecksPort {
  status(): Promise<DownloadCheckStatus>;
  setEnabled(enabled: boolean): Promise<DownloadCheckStatus>;
}

/**
 * What verification in the app reads from the trust list beyond its entries: the
 * organisation's code-signing roots and whether only listed publishers count, as the CLI reads them.
 */
export interface TrustMaterialPort {
  managedMaterial(): Promise<{ caRoots: Uint8Array[]; onlyListedSigners: boolean }>;
}
